/** The language of a text: Azerbaijani or English, the two the advisor reads and answers in. */
import { tokenize } from "./tokens.js";

export type Language = "az" | "en";

/** Folded Azerbaijani function words and question words farmers type (with or without diacritics). */
const AZ_WORDS = new Set([
  "ne", "nece", "necedir", "nedir", "neyi", "qeder", "ucun", "ve", "bu", "o", "men", "menim", "menimki", "bizim", "var", "yox",
  "yoxdur", "ayinda", "vaxt", "vaxti", "hansi", "olur", "olar", "lazimdir", "lazim", "etmeliyem", "vermeliyem", "bilerem",
  "salam", "sahe", "sahemi", "sahem", "rayonunda", "rayonu", "mi", "mu", "hefte", "gunde", "ile", "de", "da", "ki",
  "niye", "haqqinda", "suvarmaliyam", "suvarim", "gubre", "zererverici", "xestelik", "xestelikler", "bitki", "emsali",
  "hava", "iqlim", "sagol", "tesekkur", "edirem", "olsun", "kimi", "en", "cox", "az", "harada", "kim", "paytaxti",
]);
const EN_WORDS = new Set([
  "the", "how", "what", "when", "which", "who", "where", "why", "my", "is", "are", "do", "does", "i", "of", "for", "in", "on",
  "should", "much", "many", "need", "needs", "this", "week", "and", "to", "a", "an", "can", "you", "with", "hello", "hi",
  "please", "thanks", "water", "per", "about", "it", "be", "at", "from", "give", "sow", "plant", "grow", "control", "attack",
  "pests", "diseases", "weather", "climate", "like", "best", "time", "tell", "me", "your", "there", "any", "capital",
]);
const AZ_SUFFIX = /(dir|dur|lar|ler|larin|lerin|inda|inde|nda|nde|maq|mek|miz|niz|yam|yem|liyam|meliyem|maliyam|ilir|ulur|yir|yur)$/;
const AZ_LETTER = /[əğışçöüƏĞİŞÇÖÜ]/;

/**
 * The language a text is written in, or undefined when it cannot tell (one word, emoji, numbers, an even mix):
 * the caller then uses the UI language. Counts Azerbaijani letters, function words and suffixes against English ones.
 */
export function detectLanguage(text: string): Language | undefined {
  let az = 0;
  let en = 0;
  for (const token of tokenize(text)) {
    if (/^\d/.test(token.folded)) continue;
    if (AZ_LETTER.test(token.raw)) az += 1;
    else if (AZ_WORDS.has(token.folded)) az += 1;
    else if (EN_WORDS.has(token.folded)) en += 1;
    else if (token.folded.length > 4 && AZ_SUFFIX.test(token.folded)) az += 0.5;
  }
  if (az === en || Math.max(az, en) < 1) return undefined;
  return az > en ? "az" : "en";
}
