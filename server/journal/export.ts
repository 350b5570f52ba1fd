import { asc, eq } from "drizzle-orm";
import type { ExportFile } from "../chat/plugins.js";
import type { Sql } from "postgres";
import { dbOf } from "../db/client.js";
import type { JournalKind } from "./kinds.js";
import { journalEntries } from "./schema.js";

const words = {
  az: {
    title: "Təsərrüfat jurnalı", none: "Hələ qeyd yoxdur.",
    kinds: { irrigation: "Suvarma", fertilizer: "Gübrələmə", spraying: "Çiləmə", sowing: "Səpin", harvest: "Məhsul yığımı", note: "Qeyd" },
    about: { json: "təsərrüfat jurnalı", md: "təsərrüfat jurnalı, oxumaq üçün" },
  },
  en: {
    title: "Farm journal", none: "No entries yet.",
    kinds: { irrigation: "Irrigation", fertilizer: "Fertilizer", spraying: "Spraying", sowing: "Sowing", harvest: "Harvest", note: "Note" },
    about: { json: "farm journal", md: "farm journal, for reading" },
  },
} satisfies Record<string, { kinds: Record<JournalKind, string> } & Record<string, unknown>>;

/** The journal's part of the farmer's archive: every entry, oldest first. */
export async function exportJournal(sql: Sql, input: { userId: string; language: "az" | "en" }): Promise<ExportFile[]> {
  const rows = await dbOf(sql)
    .select({ id: journalEntries.id, date: journalEntries.date, kind: journalEntries.kind, text: journalEntries.text, createdAt: journalEntries.createdAt })
    .from(journalEntries)
    .where(eq(journalEntries.userId, input.userId))
    .orderBy(asc(journalEntries.date), asc(journalEntries.createdAt));
  const entries = rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  const w = words[input.language];
  const md = [`# ${w.title}`, "", ...(entries.length ? entries.map((e) => `- ${e.date} · **${w.kinds[e.kind]}:** ${e.text.replace(/\s+/g, " ")}`) : [w.none]), ""].join("\n");
  return [
    { path: "entries.json", content: `${JSON.stringify(entries, null, 2)}\n`, about: { az: words.az.about.json, en: words.en.about.json } },
    { path: "journal.md", content: md, about: { az: words.az.about.md, en: words.en.about.md } },
  ];
}
