/**
 * Crops named in free text: the crop keys of server/agent/data/agronomy.json (Azerbaijani names), found
 * in a farmer's words or a model's tool argument in Azerbaijani (any case ending) or English.
 */
import { fold, tokenize, tokensOf, type Token } from "./tokens.js";

/**
 * Crop keys as in agronomy.json (Azerbaijani names). Patterns run on folded tokens and cover
 * Azerbaijani case endings (q → ğ before a vowel: pambıq → pambığı) and English names.
 */
const CROP_PATTERNS: readonly (readonly [string, RegExp])[] = [
  ["Pambıq", /^(pambi[qg]\p{L}*|cotton)$/u],
  ["Buğda", /^(bugda\p{L}*|wheat)$/u],
  ["Alma", /^(alma(lar|lari|larin|ni|nin|ya|da|dan)?|apples?)$/u],
  ["Üzüm", /^(uzum\p{L}*|grapes?|vines?|vineyards?)$/u],
  ["Pomidor", /^(pomidor\p{L}*|tomato(es)?)$/u],
  ["Fındıq", /^(findi[qg]\p{L}*|hazelnuts?|hazels?)$/u],
  ["Çay", /^(cay(i|in|a|da|dan|lar|lari)?|tea)$/u],
  ["Sitrus", /^(sitrus\p{L}*|citrus|naringi\p{L}*|mandarins?|limon\p{L}*|lemons?)$/u],
  ["Qarğıdalı", /^(qargidali\p{L}*|maize|corn)$/u],
  ["Nar", /^(nar(i|in|a|da|dan|lar|lari|larin)?|pomegranates?)$/u],
  ["Kartof", /^(kartof\p{L}*|potato(es)?)$/u],
  ["Soya", /^(soya\p{L}*|soy|soybeans?)$/u],
  ["Arpa", /^(arpa(ni|nin|ya|da|dan)?|barley)$/u],
  // Not the bare word: "Yonca" is also the advisor's name.
  ["Yonca", /^(yonca(ni|nin|ya|lar|lari)|alfalfa|lucerne)$/u],
  ["Xaşa", /^(xasa\p{L}*|sainfoin)$/u],
  ["Günəbaxan", /^(gunebaxan\p{L}*|sunflowers?)$/u],
  ["Tərəvəz", /^(terevez\p{L}*|vegetables?)$/u],
];

/** Crops named in a text, in order of first mention. */
export function findCrops(text: string): string[] {
  const found: string[] = [];
  for (const token of tokenize(text)) {
    for (const [crop, pattern] of CROP_PATTERNS) {
      if (pattern.test(token.folded) && !found.includes(crop)) found.push(crop);
    }
  }
  return found;
}

/** Whether a text (or its tokens) names `crop`: findCrops(text).includes(crop), testing that crop's pattern alone. */
export function mentionsCrop(text: string | readonly Token[], crop: string): boolean {
  const pattern = CROP_PATTERNS.find(([name]) => name === crop)?.[1];
  if (!pattern) return false;
  for (const token of tokensOf(text)) if (pattern.test(token.folded)) return true;
  return false;
}

/** A crop argument as a model or a farmer might write it ("cotton", "Pambıq", "pambiq", "winter wheat"). */
export function resolveCropName(input: string, knownKeys: readonly string[]): string | undefined {
  const folded = fold(input.trim());
  const exact = knownKeys.find((key) => fold(key) === folded);
  if (exact) return exact;
  const named = findCrops(input).find((crop) => knownKeys.includes(crop));
  return named;
}
