/**
 * The offline model's small words, shared by its answers (./offline-answers.ts, ./offline-irrigation.ts,
 * ./offline-climate.ts, ./offline-knowledge.ts): numbers, crops and places in the answer's language, and
 * the answers for a crop or a district the data does not know.
 */
import { additionsCrop } from "../additions.js";
import { cropData } from "../agronomy.js";
import { cropWord } from "../catalogue-words.js";
import type { Language } from "../../text/language.js";
import { formatNumber } from "../../text/numbers.js";
import { placeName } from "../../text/places.js";

export type L = Language;

export const num = (value: number, lang: L, decimals = 1) => formatNumber(value, lang, decimals);
export const place = (district: string, lang: L) => placeName(district, lang);
export const cap = (s: string) => s.charAt(0).toLocaleUpperCase("az") + s.slice(1);
/** A crop's name for a sentence; crops only the additions know (barley, alfalfa …) by their English name there. */
export const crop = (name: string, lang: L) => cropWord(name, lang, cropData(name)?.en ?? additionsCrop(name)?.en);
export const period = (p: string | null, lang: L) => (p ? p.replace("-", "–") : lang === "az" ? "dövr göstərilməyib" : "period not stated");

export function unknownCrop(input: string, known: string[], lang: L): string {
  const list = known.map((k) => crop(k, lang)).join(", ");
  return lang === "az"
    ? `"${input}" üçün məlumatım yoxdur. Bildiyim bitkilər: ${list}.`
    : `I have no data for "${input}". The crops I know: ${list}.`;
}

export function unknownRegion(input: string, lang: L): string {
  return lang === "az" ? `"${input}" rayonunu tanımadım.` : `I do not know the district "${input}".`;
}
