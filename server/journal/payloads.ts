import { z } from "zod";
import { multiLineText } from "../validation.js";
import { JOURNAL_EARLIEST_DATE, JOURNAL_TEXT_MAX, journalKinds } from "./kinds.js";

/** The farmers are in Azerbaijan: "today" is the calendar day in Baku, not the server's. */
export const JOURNAL_TIME_ZONE = "Asia/Baku";

/** 'YYYY-MM-DD' of `now` in Baku. */
export function journalToday(now: Date = new Date()): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone: JOURNAL_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A real calendar day (no 2026-02-30), between 2000-01-01 and tomorrow in Baku (a journal logs what was done). */
export const journalDate = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "The date must be YYYY-MM-DD." })
    .refine((s) => {
      const date = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === s;
    }, { message: "The date does not exist." })
    .refine((s) => s >= JOURNAL_EARLIEST_DATE && s <= addDays(journalToday(), 1), {
      message: `The date must be between ${JOURNAL_EARLIEST_DATE} and today.`,
    });

export const journalAddSchema = z.object({
  date: journalDate().optional(),
  kind: z.enum(journalKinds),
  // A note may span lines (tab, CR, LF kept); other control characters are refused, as for chat messages.
  text: multiLineText()
    .transform((s) => s.trim())
    .pipe(z.string().min(1, { message: "The text is empty." }).max(JOURNAL_TEXT_MAX, { message: `At most ${JOURNAL_TEXT_MAX} characters.` })),
});

export const journalDeleteSchema = z.object({ entryId: z.string().uuid() });

export type JournalAddPayload = z.infer<typeof journalAddSchema>;
