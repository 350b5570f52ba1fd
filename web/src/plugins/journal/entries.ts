import { JOURNAL_PANEL_LIMIT } from "../../../../server/journal/kinds.js";
import type { JournalEntry } from "../../../../server/journal/queries.js";

/** The entries a panel's data (session:ready) carries; none when it carries something else. */
export function entriesOf(data: unknown): JournalEntry[] {
  const entries = (data as { entries?: unknown } | null)?.entries;
  return Array.isArray(entries) ? (entries as JournalEntry[]) : [];
}

/** Newest first, as the server orders them: by the day of the work, then by when it was logged. */
export function newestFirst(entries: JournalEntry[]): JournalEntry[] {
  return [...entries]
    .sort((a, b) => (a.date === b.date ? b.createdAt.localeCompare(a.createdAt) : b.date.localeCompare(a.date)))
    .slice(0, JOURNAL_PANEL_LIMIT);
}

/** The list with `entry` in it once, in its place. */
export function withEntry(entries: JournalEntry[], entry: JournalEntry): JournalEntry[] {
  return newestFirst([entry, ...entries.filter((e) => e.id !== entry.id)]);
}

/** The code of a refused socket request (bad_request, not_found, …). */
export function errorCode(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}
