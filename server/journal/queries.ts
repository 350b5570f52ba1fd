import { and, count, eq, sql as expr } from "drizzle-orm";
import type { Sql } from "postgres";
import { dbOf } from "../db/client.js";
import { decodeRawRow, type RawRow } from "../db/rows.js";
import { JOURNAL_MAX_ENTRIES, type JournalKind } from "./kinds.js";
import { journalEntries, type JournalEntryRow } from "./schema.js";

/** An entry as the wire carries it (the ack of `journal:add`, `journal:added`, the panel). */
export interface JournalEntry {
  id: string;
  date: string;
  kind: JournalKind;
  text: string;
  createdAt: string;
}

const entryColumns = {
  id: journalEntries.id,
  date: journalEntries.date,
  kind: journalEntries.kind,
  text: journalEntries.text,
  createdAt: journalEntries.createdAt,
};

function toEntry(row: Pick<JournalEntryRow, "id" | "date" | "kind" | "text" | "createdAt">): JournalEntry {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/**
 * Adds an entry unless the farmer already keeps `maxEntries` (null then). A per-user lock makes the count
 * exact when tabs add at once.
 */
export async function addJournalEntry(
  sql: Sql,
  args: { userId: string; date: string; kind: JournalKind; text: string; maxEntries?: number },
): Promise<JournalEntry | null> {
  const { maxEntries = JOURNAL_MAX_ENTRIES, ...values } = args;
  return dbOf(sql).transaction(async (tx) => {
    await tx.execute(expr`SELECT pg_advisory_xact_lock(hashtextextended(${`journal:${args.userId}`}, 0))`);
    const [kept] = await tx.select({ n: count() }).from(journalEntries).where(eq(journalEntries.userId, args.userId));
    if ((kept?.n ?? 0) >= maxEntries) return null;
    const [row] = await tx.insert(journalEntries).values(values).returning(entryColumns);
    return toEntry(row!);
  });
}

/** Deletes the entry only when it is the user's; false when there was no such entry of theirs. */
export async function deleteJournalEntry(sql: Sql, args: { userId: string; entryId: string }): Promise<boolean> {
  const rows = await dbOf(sql)
    .delete(journalEntries)
    .where(and(eq(journalEntries.id, args.entryId), eq(journalEntries.userId, args.userId)))
    .returning({ id: journalEntries.id });
  return rows.length > 0;
}

/**
 * Newest first: by the day the work was done, then by when it was logged. Optionally one kind only.
 * Raw: it runs on every connect (the journal panel), where building it with drizzle cost more CPU than
 * the statement itself, and on whatever connection it is given (a reserved one at chat start, for which
 * drizzle would be built anew); the rows are decoded by the schema.
 */
export async function getRecentJournalEntries(
  sql: Sql,
  args: { userId: string; limit: number; kind?: JournalKind },
): Promise<JournalEntry[]> {
  const rows = await sql<RawRow[]>`
    SELECT id, date, kind, text, created_at FROM journal_entries
     WHERE user_id = ${args.userId} ${args.kind ? sql`AND kind = ${args.kind}` : sql``}
     ORDER BY date DESC, created_at DESC LIMIT ${args.limit}`;
  return rows.map((row) => toEntry(decodeRawRow(journalEntries, row)));
}
