import { z } from "zod";
import type { Sql } from "postgres";
import { escapeMarkdownText } from "../markdown.js";
import { monthName } from "../text/months.js";
import { getRecentJournalEntries, type JournalEntry } from "./queries.js";
import { journalKinds, type JournalKind } from "./schema.js";

/**
 * The advisor's view of the farm journal: the farmer's recent entries, of one kind or all. Contributed
 * to the advisor through the plugin API ("advisor:tools"), so the advisor never imports this folder.
 */
export const JOURNAL_TOOL_NAME = "journal_recent";

export const journalToolArgs = z.object({
  kind: z.enum(journalKinds).optional().describe("Only entries of this kind; all kinds when omitted."),
  limit: z.number().int().min(1).max(20).optional().describe("How many entries, newest first (default 5)."),
});
export type JournalToolArgs = z.infer<typeof journalToolArgs>;

export interface JournalToolResult {
  tool: typeof JOURNAL_TOOL_NAME;
  kind: JournalKind | null;
  /** Newest first (by the day the work was done). */
  entries: Pick<JournalEntry, "date" | "kind" | "text">[];
}

/* ------------------------------------------------------------ offline matching */

/** Words naming each kind of work, lower case, matched as word starts (az stems carry many endings). */
const KIND_WORDS: Record<JournalKind, { en: string[]; az: string[] }> = {
  irrigation: { en: ["irrigat", "water"], az: ["suvar", "sula"] },
  fertilizer: { en: ["fertili", "manur", "feed"], az: ["gübrə", "peyin"] },
  spraying: { en: ["spray", "pesticid", "fungicid"], az: ["çilə", "dərmanla", "pestisid", "fungisid"] },
  sowing: { en: ["sow", "plant", "seed"], az: ["ək", "səp"] },
  harvest: { en: ["harvest", "pick", "reap"], az: ["yığ", "biç"] },
  note: { en: ["note"], az: ["qeyd"] },
};

/**
 * The question asks about the farmer's own past work ("when did I last …"), not advice ("when should I …").
 * Matched on the question reduced to lower-case words between single spaces (JS `\b` knows no "ə").
 */
const PAST_MARKERS = {
  en: [/ when did i /, / last time i /, / did i last /, / when was (?:my|the) last /, / how long (?:ago|since) (?:did )?i /, / my (?:farm )?(?:journal|log) /],
  az: [/ son dəfə /, / sonuncu dəfə /, / axırıncı dəfə /, / nə vaxt .*(?:d[ıiuü]m|m[ıi]şam|m[uü]şam|mişəm|müşəm) /, / jurnal/, / gündəli/],
};

function kindIn(tokens: string[], language: "az" | "en"): JournalKind | undefined {
  return journalKinds.find((kind) => KIND_WORDS[kind][language].some((stem) => tokens.some((token) => token.startsWith(stem))));
}

/** Arguments when the question asks about the farmer's own logged work; undefined otherwise. */
export function matchJournalQuestion(question: string, language: "az" | "en"): JournalToolArgs | undefined {
  // Both languages: a farmer may ask in either, whatever the interface language is (asked first);
  // each lower-cased by its own rules (az: I → ı, İ → i).
  for (const lang of language === "az" ? (["az", "en"] as const) : (["en", "az"] as const)) {
    const tokens = question.toLocaleLowerCase(lang).split(/[^\p{L}]+/u).filter(Boolean);
    const text = ` ${tokens.join(" ")} `;
    if (!PAST_MARKERS[lang].some((marker) => marker.test(text))) continue;
    const kind = kindIn(tokens, lang);
    if (kind) return { kind, limit: 1 };
    if (/ (?:journal|log|jurnal|gündəli)/.test(text)) return { limit: 5 };
  }
  return undefined;
}

/* ------------------------------------------------------------ offline answer */

/** "12 May 2026" / "12 may 2026": the same in both languages but for the month's name. */
export function journalDateWords(date: string, language: "az" | "en"): string {
  const [year, month, day] = date.split("-").map(Number);
  return `${day} ${monthName(month!, language)} ${year}`;
}

const KIND_NOUNS: Record<JournalKind, { en: string; az: string }> = {
  irrigation: { en: "irrigation", az: "suvarma" },
  fertilizer: { en: "fertilizer application", az: "gübrələmə" },
  spraying: { en: "spraying", az: "çiləmə" },
  sowing: { en: "sowing", az: "səpin" },
  harvest: { en: "harvest", az: "məhsul yığımı" },
  note: { en: "note", az: "qeyd" },
};

/** Quotes a farmer's text on one line, escaped: it renders as the same text, never as a link, a block or HTML. */
function quoted(text: string, language: "az" | "en"): string {
  const line = escapeMarkdownText(text.replace(/\s+/g, " ").trim());
  return language === "az" ? `«${line}»` : `“${line}”`;
}

export function renderJournalAnswer(result: JournalToolResult, language: "az" | "en"): string {
  const noun = result.kind ? KIND_NOUNS[result.kind][language] : undefined;
  const [latest] = result.entries;
  if (!latest) {
    if (language === "az") {
      return noun
        ? `Təsərrüfat jurnalınızda hələ ${noun} qeydi yoxdur, ona görə tarixi deyə bilmirəm. Onu «Jurnal» panelində qeyd etsəniz, növbəti dəfə oradan cavab verərəm.`
        : "Təsərrüfat jurnalınızda hələ qeyd yoxdur. Gördüyünüz işləri «Jurnal» panelində qeyd edin, sonra oradan cavab verərəm.";
    }
    return noun
      ? `Your farm journal has no ${noun} entry yet, so I cannot tell the date. Log it in the Journal panel and I can answer from it next time.`
      : "Your farm journal has no entries yet. Log your work in the Journal panel and I can answer from it.";
  }
  if (noun && result.entries.length === 1) {
    const when = journalDateWords(latest.date, language);
    return language === "az"
      ? `Təsərrüfat jurnalınıza görə son ${noun} **${when}** tarixində olub: ${quoted(latest.text, language)}`
      : `According to your farm journal, your last ${noun} was on **${when}**: ${quoted(latest.text, language)}`;
  }
  const lines = result.entries.map(
    (entry) => `- **${journalDateWords(entry.date, language)}** · ${KIND_NOUNS[entry.kind][language]}: ${quoted(entry.text, language)}`,
  );
  return [language === "az" ? "Təsərrüfat jurnalınızdakı son qeydlər:" : "The latest entries in your farm journal:", "", ...lines].join("\n");
}

/** The contribution (AdvisorToolContribution of server/agent/extension.ts). */
export function createJournalAdvisorTool(sql: Sql) {
  return {
    name: JOURNAL_TOOL_NAME,
    description:
      "Reads the farmer's own farm journal (what they logged: irrigation, fertilizer, spraying, sowing, harvest, notes), newest first. " +
      "Use it for questions about the farmer's past work, such as 'When did I last irrigate?'; answer with the entry's date.",
    schema: journalToolArgs,
    async run(args: JournalToolArgs, ctx: { userId: string }): Promise<JournalToolResult> {
      const entries = await getRecentJournalEntries(sql, { userId: ctx.userId, limit: args.limit ?? 5, kind: args.kind });
      return { tool: JOURNAL_TOOL_NAME, kind: args.kind ?? null, entries: entries.map(({ date, kind, text }) => ({ date, kind, text })) };
    },
    offlineMatch: matchJournalQuestion,
    offlineRender: renderJournalAnswer,
  };
}
