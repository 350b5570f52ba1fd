/**
 * Small language helpers shared by the tools, the offline model and the run: folding Azerbaijani
 * text for matching (farmers often type without ə, ş, ç, ğ, ı, ö, ü), finding crops, districts,
 * months and areas in a sentence, and formatting numbers and months in Azerbaijani or English.
 */
import { cropNames, otherPlaces, regionNames, regionSpellings, crops as catalogueCrops } from "../personas/catalogue.js";

export type Language = "az" | "en";

/** Lower case without diacritics: "Şəkidə" → "sekide", "İmişli" → "imisli", "Pambığı" → "pambigi". */
export function fold(text: string): string {
  // Plain ASCII (most words of an English answer, digits): lower case is all there is to do.
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .replace(/İ/g, "i")
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/ə/g, "e")
    .replace(/ı/g, "i");
}

const ASCII = /^[\x00-\x7f]*$/;

/** A word; the same object for every occurrence of the same raw word while it is remembered (tokenOf). */
export interface Token {
  readonly raw: string;
  readonly folded: string;
  /** The word's district verdicts (mentionsDistrict). */
  readonly districts: Map<string, boolean>;
}

/** A text's tokens, or the tokens a caller already has. */
function tokensOf(text: string | readonly Token[]): readonly Token[] {
  return typeof text === "string" ? tokenize(text) : text;
}

/**
 * A text's words (runs of letters and digits, as `text.split(/[^\p{L}\p{N}]+/u)` without the empty
 * strings) with their folded forms. Every answer is read as it streams (./index.ts mentionScanner),
 * so this is a scan, not a Unicode-property split (4× faster), and a word's folded form is remembered.
 */
export function tokenize(text: string): Token[] {
  const { tokens, open } = scanWords(text);
  if (open >= 0) {
    // The finished text: a word running to its end is a word; a lone high surrogate at the end is not.
    const last = text.slice(open);
    const word = isHighSurrogate(last.charCodeAt(last.length - 1)) ? last.slice(0, -1) : last;
    if (word) tokens.push(tokenOf(word));
  }
  return tokens;
}

/**
 * The whole words of a text that is still being written, and `rest`: the word it ends in (letters that
 * may go on in the next piece, or a lone high surrogate whose pair may follow), read with the next piece.
 * The words of every piece and the last rest, together, are `tokenize` of the whole text.
 */
export function wholeWords(text: string): { tokens: Token[]; rest: string } {
  const { tokens, open } = scanWords(text);
  return { tokens, rest: open >= 0 ? text.slice(open) : "" };
}

/** The words a separator ends, and where a word running to the text's end (or a trailing lone high surrogate) begins (-1: none). */
function scanWords(text: string): { tokens: Token[]; open: number } {
  const tokens: Token[] = [];
  let start = -1;
  for (let i = 0; i < text.length; ) {
    const size = charSize(text, i);
    if (size === 1 && i === text.length - 1 && isHighSurrogate(text.charCodeAt(i))) return { tokens, open: start >= 0 ? start : i };
    if (isWordChar(text, i, size)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      tokens.push(tokenOf(text.slice(start, i)));
      start = -1;
    }
    i += size;
  }
  return { tokens, open: start };
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;

/** 2 for a surrogate pair, else 1. */
function charSize(text: string, i: number): number {
  return isHighSurrogate(text.charCodeAt(i)) && (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
}

/** A letter or a digit (\p{L}, \p{N}) starts at `i`. */
function isWordChar(text: string, i: number, size: number): boolean {
  const unit = text.charCodeAt(i);
  if (unit < 0x80) return (unit >= 48 && unit <= 57) || (unit >= 65 && unit <= 90) || (unit >= 97 && unit <= 122);
  if (size === 1 && (unit < 0xd800 || unit > 0xdfff)) return isWordUnit(unit);
  return WORD_CHAR.test(text.slice(i, i + size));
}

const WORD_CHAR = /^[\p{L}\p{N}]$/u;
/** Per BMP code unit outside the surrogates: 0 not looked at yet, 1 a letter or digit, 2 not. */
const wordUnits = new Uint8Array(0x10000);

function isWordUnit(unit: number): boolean {
  let known = wordUnits[unit]!;
  if (known === 0) wordUnits[unit] = known = WORD_CHAR.test(String.fromCharCode(unit)) ? 1 : 2;
  return known === 1;
}

/**
 * Words seen, with what was worked out about them: the folded form, and whether the word names a district
 * (mentionsDistrict). Answers share most of their words, and every word of every answer is read as it
 * streams. Emptied when full (a bound, not an LRU).
 */
const knownWords = new Map<string, Token>();
const KNOWN_WORDS_MAX = 20_000;

function tokenOf(raw: string): Token {
  let known = knownWords.get(raw);
  if (known === undefined) {
    known = { raw, folded: fold(raw), districts: new Map() };
    if (knownWords.size >= KNOWN_WORDS_MAX) knownWords.clear();
    knownWords.set(raw, known);
  }
  return known;
}

/* ---------------------------------------------------------------- crops */

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

/** Crop name for a sentence: "pambıq" / "cotton" (lower case, as in running text). */
export function cropWord(crop: string, language: Language, dataEnglish?: string): string {
  if (language === "az") return crop.toLocaleLowerCase("az");
  const en = (catalogueCrops as Record<string, { en: string }>)[crop]?.en ?? dataEnglish ?? crop;
  return en.toLowerCase();
}

export const catalogueCropNames: readonly string[] = cropNames;

/* ------------------------------------------------------------ districts */

/**
 * Districts of the catalogue plus other places (Bakı), with the spellings farmers use (folded): names,
 * spellings and places all come from the catalogue (../personas/catalogue.ts), whose normaliseRegion is
 * the one rule for what a region is; this is only the matcher for free text.
 */
const DISTRICT_ALIASES: readonly (readonly [string, readonly string[]])[] = [
  ...regionNames.map((name) => [name, [fold(name), ...(regionSpellings[name] ?? [])]] as const),
  ...Object.entries(otherPlaces).map(([name, place]) => [name, [fold(name), ...place.spellings]] as const),
];
const ALIASES_OF = new Map(DISTRICT_ALIASES);

/** Case endings that may follow a place name: Qubada, Şəkidə, Lənkərandan, Gəncəyə, Qubadayam … */
const PLACE_SUFFIXES = new Set([
  "", "da", "de", "dan", "den", "a", "e", "ya", "ye", "ni", "nin", "in", "un", "i", "u", "li", "lu",
  "daki", "deki", "dadir", "dedir", "dayam", "deyem", "dayiq", "deyik", "nda", "nde", "s",
]);

function matchDistrictToken(folded: string): string | undefined {
  for (const [district, aliases] of DISTRICT_ALIASES) {
    for (const alias of aliases) {
      if (folded.startsWith(alias) && PLACE_SUFFIXES.has(folded.slice(alias.length))) return district;
    }
  }
  return undefined;
}

/** Edit distance, for district names typed with one or two letters wrong ("Sabirbad", "Lenkaran"). */
function editDistance(a: string, b: string): number {
  const row = b.length < editRow.length ? editRow : new Uint16Array(b.length + 1);
  for (let j = 0; j <= b.length; j += 1) row[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0]!;
    row[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
/** One row reused by every call (the matcher is synchronous); longer names get their own. */
const editRow = new Uint16Array(64);

/**
 * A misspelled district: the one alias (from the catalogue's districts above) within one edit for names
 * of 5–7 letters, two for longer ones, case endings allowed. Short words and common words never match.
 */
function fuzzyDistrictToken(folded: string): string | undefined {
  if (folded.length < 5) return undefined;
  let best: { district: string; distance: number } | undefined;
  let tie = false;
  for (const [district, aliases] of DISTRICT_ALIASES) {
    for (const alias of aliases) {
      if (alias.length < 5) continue;
      const allowed = alias.length >= 8 ? 2 : 1;
      for (const suffix of PLACE_SUFFIXES) {
        if (suffix && !folded.endsWith(suffix)) continue;
        const stem = suffix ? folded.slice(0, -suffix.length) : folded;
        // The distance is at least the difference in length: most pairs need no table at all.
        if (Math.abs(stem.length - alias.length) > allowed) continue;
        const distance = editDistance(stem, alias);
        if (distance === 0 || distance > allowed) continue;
        if (!best || distance < best.distance) {
          best = { district, distance };
          tie = false;
        } else if (distance === best.distance && best.district !== district) tie = true;
      }
    }
  }
  return best && !tie ? best.district : undefined;
}

/** The first district named in a text (canonical catalogue spelling, or "Bakı"); misspellings are matched after exact names. */
export function findDistrict(text: string): string | undefined {
  const tokens = tokenize(text);
  for (const token of tokens) {
    const district = matchDistrictToken(token.folded);
    if (district) return district;
  }
  for (const token of tokens) {
    if (/^\p{Lu}/u.test(token.raw) || token.folded.length >= 7) {
      const district = fuzzyDistrictToken(token.folded);
      if (district) return district;
    }
  }
  return undefined;
}

/** A region argument ("Sheki", "şəki", "Qubada") → canonical name; undefined when unknown. */
export function resolveDistrict(input: string): string | undefined {
  const folded = fold(input.trim());
  return matchDistrictToken(folded.replace(/[^a-z]/g, "")) ?? findDistrict(input);
}

/**
 * Whether a text names `district` in one of its words, as `resolveDistrict(word) === district` reads
 * it, without the fuzzy match of every word against every district: a word goes to resolveDistrict only
 * when it could be one of this district's spellings (a prefix, or within the fuzzy match's distance of
 * one). Used on every answer (./index.ts mentionScanner), where the full look-up per word cost
 * milliseconds per reply.
 */
export function mentionsDistrict(text: string | readonly Token[], district: string): boolean {
  const aliases = ALIASES_OF.get(district);
  if (!aliases) return false;
  // Each word is judged by its raw form, as resolveDistrict reads it (a capital letter makes a short word
  // eligible), and the verdict is kept with the word (tokenOf): answers repeat their words, and the streaming
  // check reads every word of every answer (the comparisons were ~8 % of the app's CPU at K = 500 in the
  // stream bench).
  for (const token of tokensOf(text)) {
    let names = token.districts.get(district);
    if (names === undefined) {
      names = couldNameDistrict(token.folded, aliases) && resolveDistrict(token.raw) === district;
      token.districts.set(district, names);
    }
    if (names) return true;
  }
  return false;
}

/** The comparisons of matchDistrictToken and fuzzyDistrictToken, for one district's spellings only. */
function couldNameDistrict(folded: string, aliases: readonly string[]): boolean {
  const letters = folded.replace(/[^a-z]/g, "");
  for (const alias of aliases) if (letters.startsWith(alias) || folded.startsWith(alias)) return true;
  if (folded.length < 5) return false;
  // The word without each case ending it may carry: computed once, compared with every spelling.
  const stems: string[] = [];
  for (const suffix of PLACE_SUFFIXES) {
    if (!suffix) stems.push(folded);
    else if (folded.endsWith(suffix)) stems.push(folded.slice(0, -suffix.length));
  }
  for (const alias of aliases) {
    if (alias.length < 5) continue;
    const allowed = alias.length >= 8 ? 2 : 1;
    for (const stem of stems) {
      if (Math.abs(stem.length - alias.length) <= allowed && editDistance(stem, alias) <= allowed) return true;
    }
  }
  return false;
}

export const catalogueRegionNames: readonly string[] = regionNames;

/* --------------------------------------------------------------- months */

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

/* ---------------------------------------------------------------- areas */

// (?<!\d): a number is tried from its first digit only, so a long run of digits costs linear time, not
// quadratic (every later digit would start an attempt that reads the rest of the run again; issue 27).
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

/* --------------------------------------------------------- Azerbaijani */

function lastVowelIsBack(word: string): boolean {
  const vowels = word.toLocaleLowerCase("az").match(/[aıoueəiöü]/g);
  const last = vowels?.[vowels.length - 1];
  return last === undefined || "aıou".includes(last);
}

/** Locative: Quba → Qubada, Şəki → Şəkidə. */
export function locative(word: string): string {
  return word + (lastVowelIsBack(word) ? "da" : "də");
}

/** Locative adjective: Quba → Qubadakı, Şəki → Şəkidəki. */
export function locativeAdjective(word: string): string {
  return word + (lastVowelIsBack(word) ? "dakı" : "dəki");
}

/** Sentences of a text, split after . ! ? ; and new lines, each with its closing mark. */
export function sentences(text: string): string[] {
  return (text.match(/[^.!?;\n]+[.!?;]*/g) ?? []).map((s) => s.trim()).filter(Boolean);
}

/* ------------------------------------------------------ language of a text */

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

/** English spellings of the catalogue's districts (and Bakı), for answers in English. */
const PLACE_EN: Readonly<Record<string, string>> = {
  Quba: "Guba", Xaçmaz: "Khachmaz", Lənkəran: "Lankaran", Astara: "Astara", Sabirabad: "Sabirabad", Saatlı: "Saatly",
  İmişli: "Imishli", Beyləqan: "Beylagan", Aran: "Aran", Şəki: "Shaki", Zaqatala: "Zagatala", Qəbələ: "Gabala",
  Göyçay: "Goychay", Şamaxı: "Shamakhi", Tovuz: "Tovuz", Gəncə: "Ganja", Cəlilabad: "Jalilabad", Naxçıvan: "Nakhchivan",
  Abşeron: "Absheron", Bakı: "Baku", Qusar: "Gusar", Masallı: "Masally", Yevlax: "Yevlakh", Şəmkir: "Shamkir",
};

/** A district's name in the answer's language: "Lənkəran" in Azerbaijani, "Lankaran" in English. */
export function placeName(district: string, language: Language): string {
  return language === "en" ? (PLACE_EN[district] ?? district) : district;
}
