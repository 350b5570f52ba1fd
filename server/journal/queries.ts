import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import type { JournalKind } from "./kinds.js";
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

export async function addJournalEntry(
  db: Db,
  args: { userId: string; date: string; kind: JournalKind; text: string },
): Promise<JournalEntry> {
  const [row] = await db.insert(journalEntries).values(args).returning(entryColumns);
  return toEntry(row!);
}

/** Deletes the entry only when it is the user's; false when there was no such entry of theirs. */
export async function deleteJournalEntry(db: Db, args: { userId: string; entryId: string }): Promise<boolean> {
  const rows = await db
    .delete(journalEntries)
    .where(and(eq(journalEntries.id, args.entryId), eq(journalEntries.userId, args.userId)))
    .returning({ id: journalEntries.id });
  return rows.length > 0;
}

/** Newest first: by the day the work was done, then by when it was logged. Optionally one kind only. */
export async function getRecentJournalEntries(
  db: Db,
  args: { userId: string; limit: number; kind?: JournalKind },
): Promise<JournalEntry[]> {
  const rows = await db
    .select(entryColumns)
    .from(journalEntries)
    .where(args.kind ? and(eq(journalEntries.userId, args.userId), eq(journalEntries.kind, args.kind)) : eq(journalEntries.userId, args.userId))
    .orderBy(desc(journalEntries.date), desc(journalEntries.createdAt))
    .limit(args.limit);
  return rows.map(toEntry);
}
