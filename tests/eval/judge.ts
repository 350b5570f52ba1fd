/**
 * The measures of one answer (faithful, relevant, pure), from its text, its tool results and its quick replies only (so the
 * same judge works for any provider):
 * - faithful: every number the answer states is in a tool result it was written from (each tool's figures
 *   come from a source record), in the question, the farm's area, or one of those times the farm's area;
 * - relevant: it names what was asked (the crop or crops, the district, the follow-up's topic);
 * - pure: an Azerbaijani answer holds no English sentence (source quotes «…» included), an English
 *   answer no Azerbaijani one. The closing sources line is left out (authors' names and titles).
 */
import { detectLanguage, type Language } from "../../server/text/language.js";
import { formatNumber } from "../../server/text/numbers.js";
import { mentionsCrop } from "../../server/text/crops.js";
import { mentionsDistrict } from "../../server/agent/catalogue-words.js";

const SOURCES_LINE = /\(?\b(?:sources?|mənbələr|mənbə)\s*:[^\n)]*\)?/giu;
/** Names with digits that are not figures: fertilizer oxides, ET0, FAO-56, source ids, pest names like "Tuta". */
const NOT_FIGURES = /\b(?:P2O5|K2O|ET0|ETc|FAO-56|FAO 56|S\d+|CO2|NPK|COVID-19)\b/giu;
const NUMBER = /\d{1,3}(?:[  ,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?/gu;

function valuesOf(raw: string): number[] {
  const out = new Set<number>();
  const plain = raw.replace(/[  ]/g, "");
  // "1,234" (English thousands) or "1,5" (Azerbaijani decimal): both readings.
  out.add(Number(plain.replace(/,/g, "")));
  out.add(Number(plain.replace(/,/g, ".")));
  out.add(Number(plain.replace(/\./g, "").replace(/,/g, ".")));
  return [...out].filter((v) => Number.isFinite(v));
}

function numbersIn(text: string): number[] {
  return [...text.replace(NOT_FIGURES, " ").matchAll(NUMBER)].flatMap((m) => valuesOf(m[0]));
}

const close = (a: number, b: number) => Math.abs(a - b) < 1e-6;

/** Every number the answer states is traced to a tool result, the question, or the farm's area (and products with it). */
export function faithful(answer: string, toolResults: readonly string[], question: string, areaHa: number): { ok: boolean; untraced: string[] } {
  const allowed: number[] = [areaHa, ...numbersIn(question)];
  for (const r of toolResults) allowed.push(...numbersIn(r));
  const derived = allowed.flatMap((v) => [v * areaHa, v * areaHa * 10, v / 1000]);
  const known = [...allowed, ...derived].flatMap((v) => [v, Math.round(v), Math.round(v * 10) / 10, Math.round(v * 100) / 100]);
  const body = answer.replace(SOURCES_LINE, " ").replace(NOT_FIGURES, " ");
  const untraced: string[] = [];
  for (const m of body.matchAll(NUMBER)) {
    const values = valuesOf(m[0]);
    if (!values.some((v) => known.some((k) => close(k, v)))) untraced.push(m[0]);
  }
  return { ok: untraced.length === 0, untraced };
}

const TOPIC_WORDS: Record<string, RegExp> = {
  fertilizer: /gübrə|azot|\bN\b|fertili[sz]|nitrogen/iu,
  calendar: /əkin|əkil|səpin|səpil|yığım|biçin|köçür|sow|plant|harvest|transplant/iu,
  climate: /iqlim|temperatur|yağıntı|climate|temperature|precipitation/iu,
  irrigation: /suvar|su |irrigat|water/iu,
  pests: /zərərverici|xəstəlik|mübarizə|pest|disease|control|mildew|moth|bug|güvə|ud[ğg]/iu,
};

export function relevant(answer: string, asks: { crop?: string; crops?: string[]; region?: string; topic?: string } | undefined): boolean {
  if (!asks) return true;
  const body = answer.replace(SOURCES_LINE, " ");
  const crops = [...(asks.crops ?? []), ...(asks.crop ? [asks.crop] : [])];
  if (!crops.every((c) => mentionsCrop(body, c))) return false;
  if (asks.region && !mentionsDistrict(body, asks.region)) return false;
  if (asks.topic && !TOPIC_WORDS[asks.topic]!.test(body)) return false;
  return true;
}

const EN_FUNCTION = new Set(["the", "and", "of", "with", "in", "on", "for", "to", "is", "are", "from", "by", "after", "before", "when", "at", "or", "not"]);
const AZ_LETTERS = /[əğıöüçşƏĞİÖÜÇŞ]/u;

/** The sentences of the answer that are in the other language (empty when pure). */
export function impureSentences(answer: string, lang: Language): string[] {
  const body = answer.replace(SOURCES_LINE, " ");
  const sentences = body.split(/(?<=[.!?;:])\s+|\n+|[«»]/u).map((s) => s.trim()).filter((s) => /\p{L}{2}/u.test(s));
  return sentences.filter((s) => {
    const words = s.toLowerCase().match(/\p{L}+/gu) ?? [];
    if (lang === "az") {
      const english = words.filter((w) => EN_FUNCTION.has(w)).length;
      return english >= 2 || (words.length >= 3 && detectLanguage(s) === "en");
    }
    const azWords = words.filter((w) => AZ_LETTERS.test(w)).length;
    return azWords >= 2 || (words.length >= 3 && detectLanguage(s) === "az");
  });
}

/** The figure of a number as the advisor writes it (for tests of this judge). */
export const figure = formatNumber;
