/**
 * Month names in Azerbaijani and English: the one list on the server (finding the month a text asks
 * about, naming a month in an answer, listing months).
 */
import type { Language } from "./language.js";
import { tokenize } from "./tokens.js";

const MONTHS_AZ = ["yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr"];
const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const MONTH_SUFFIXES = new Set(["", "da", "de", "dan", "den", "in", "un", "a", "e", "ya", "ye", "i"]);
const MAY_CONTEXT_BEFORE = new Set(["in", "of", "during", "early", "late", "mid", "for", "until", "by", "from", "to", "and"]);

/** The month a text asks about (1–12), if any. English "may" counts only as a month in context ("in May"). */
export function findMonth(text: string): number | undefined {
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; i += 1) {
    const { folded } = tokens[i]!;
    for (let m = 0; m < 12; m += 1) {
      const az = MONTHS_AZ[m]!;
      const en = MONTHS_EN[m]!.toLowerCase();
      if (folded === "may") {
        const before = tokens[i - 1]?.folded ?? "";
        const after = tokens[i + 1]?.folded ?? "";
        if (MAY_CONTEXT_BEFORE.has(before) || after.startsWith("ay") || /^\d/.test(after) || /^\d/.test(before)) return 5;
        break;
      }
      if (folded.startsWith(az) && MONTH_SUFFIXES.has(folded.slice(az.length))) return m + 1;
      if (folded === en) return m + 1;
    }
  }
  return undefined;
}

export function monthName(month: number, language: Language): string {
  return (language === "az" ? MONTHS_AZ : MONTHS_EN)[month - 1] ?? String(month);
}

/** [4,5] → "April–May"; [11,12,1] → "November–January"; [5,7] → "May, July". */
export function formatMonthList(months: readonly number[], language: Language): string {
  if (months.length === 0) return "";
  const contiguous = months.every((m, i) => i === 0 || (months[i - 1]! % 12) + 1 === m);
  if (months.length > 1 && contiguous) {
    return `${monthName(months[0]!, language)}–${monthName(months[months.length - 1]!, language)}`;
  }
  return months.map((m) => monthName(m, language)).join(", ");
}
