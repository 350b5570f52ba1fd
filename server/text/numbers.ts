/** Numbers in text: areas a farmer writes ("12 hektar") and figures written in an answer's language. */
import type { Language } from "./language.js";
import { fold } from "./tokens.js";

// (?<!\d): a number is tried from its first digit only, so a long run of digits costs linear time, not
// quadratic (every later digit would start an attempt that reads the rest of the run again).
const AREA_PATTERN = /(?<!\d)(\d+(?:[.,]\d+)?)\s*(?:ha|hektar\p{L}*|hectares?)(?![\p{L}])/u;

/** "12 hektar", "12,5 ha", "3 hectares" → hectares. */
export function findAreaHa(text: string): number | undefined {
  const match = AREA_PATTERN.exec(fold(text));
  if (!match) return undefined;
  const value = Number(match[1]!.replace(",", "."));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/* ------------------------------------------------------------- numbers */

/** Rounded, trailing zeros dropped; Azerbaijani uses a decimal comma and space grouping. */
export function formatNumber(value: number, language: Language, decimals = 1): string {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  const negative = rounded < 0;
  const [intPart, fracPart] = Math.abs(rounded).toFixed(decimals).split(".");
  const grouped = intPart!.replace(/\B(?=(\d{3})+(?!\d))/g, language === "az" ? " " : ",");
  const fraction = (fracPart ?? "").replace(/0+$/, "");
  const text = fraction ? `${grouped}${language === "az" ? "," : "."}${fraction}` : grouped;
  return negative ? `-${text}` : text;
}
