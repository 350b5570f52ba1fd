/**
 * How the evaluation judges one answer, from its text and its structured sources only (so the same
 * judge works for any provider): a sourced figure, an honest "no figure", a decline, or other; and
 * whether it is in the question's language. A number in an answer without any source is counted
 * apart ("unsourced figure"): the advisor must never invent one.
 */
import { detectLanguage, type Language } from "../../server/text/language.js";

export type Verdict = "sourced_figure" | "no_figure" | "declined" | "unsourced_figure" | "other";

/** The sources part of an answer ("Sources: …" / "Mənbələr: …" to the end of its line, or "(sources: S1, S48)"). */
const SOURCES_PART = /\(?\b(?:sources?|mənbələr|mənbə)\s*:[^\n)]*\)?/giu;
const NO_FIGURE = [
  /\bno (?:sourced|source|figure|data|monthly|climate|fao|kc|record|pest|forecast)/i,
  /\bnot in (?:the|my) data\b/i,
  /\bhave no\b/i,
  /\bwill not (?:guess|estimate)\b/i,
  /yoxdur/iu,
  /təxmin etmirəm/iu,
  /tapmadım/iu,
];
const DECLINE = [
  /\bI can help with\b/i, /\bI can (?:only )?(?:answer|advise)\b/i, /\boutside what I\b/i, /\bnot something I\b/i,
  /kömək edə bilərəm/iu, /cavab verə bilərəm/iu, /mövzusundan kənar/iu,
];
const MONTH_WORD = /\b(january|february|march|april|may|june|july|august|september|october|november|december|yanvar|fevral|mart|aprel|iyun|iyul|avqust|sentyabr|oktyabr|noyabr|dekabr)\b/iu;

export interface Judged {
  verdict: Verdict;
  language: Language | undefined;
}

/** `farmAreaHa`: the farmer's own area, which an answer may repeat without a source. */
export function judgeAnswer(text: string, structuredSources: readonly unknown[], farmAreaHa?: number): Judged {
  const inline = [...text.matchAll(SOURCES_PART)];
  const hasSources = structuredSources.length > 0 || inline.length > 0;
  const body = text.replace(SOURCES_PART, " ");
  const area = farmAreaHa === undefined ? null : new RegExp(`(?<![\\d.,])${String(farmAreaHa).replace(".", "[.,]")}\\s*(?:ha|hektar)`, "g");
  const hasNumber = /\d/.test((area ? body.replace(area, " ") : body).replace(/\bS\d+\b/g, ""));
  const hasFigure = hasNumber || MONTH_WORD.test(body);
  // Quotes from a source («…») keep the source's words; the answer's own language is judged without them.
  const language = detectLanguage(body.replace(/«[^»]*»/g, " "));
  let verdict: Verdict = "other";
  // Published guidance quoted from a source («…», e.g. a pest's control) counts like a figure.
  // So does a cause named from the symptom table (**name**, with how to tell it apart and what to do).
  if (hasSources && (hasFigure || /«[^»]+»/.test(body) || /\*\*[^*]+\*\*/.test(body))) verdict = "sourced_figure";
  else if (NO_FIGURE.some((p) => p.test(body))) verdict = "no_figure";
  else if (hasNumber) verdict = "unsourced_figure";
  else if (DECLINE.some((p) => p.test(body))) verdict = "declined";
  return { verdict, language };
}
