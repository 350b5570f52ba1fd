import { sql } from "drizzle-orm";
import { check, date, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../db/schema.js";
import { journalKinds } from "./kinds.js";

// What a farmer may log (./kinds.ts); the CHECKs below keep the table to it whatever writes to it.
export { journalKinds, type JournalKind } from "./kinds.js";

/** The farm journal plugin's own table (docs: server/journal/plugin.ts). */
export const journalEntries = pgTable(
  "journal_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // A calendar day as the farmer states it: kept as 'YYYY-MM-DD', no time zone to shift it.
    date: date("date", { mode: "string" }).notNull().default(sql`CURRENT_DATE`),
    kind: text("kind", { enum: journalKinds }).notNull(),
    text: text("text").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("journal_entries_kind", sql`${t.kind} IN ('irrigation', 'fertilizer', 'spraying', 'sowing', 'harvest', 'note')`),
    check("journal_entries_text_length", sql`char_length(${t.text}) BETWEEN 1 AND 1000`),
    index("journal_entries_user_latest_idx").on(t.userId, t.date.desc(), t.createdAt.desc()),
  ],
);

export type JournalEntryRow = typeof journalEntries.$inferSelect;
