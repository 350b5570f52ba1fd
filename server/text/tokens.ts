/**
 * Words of a text for matching: folding Azerbaijani text (farmers often type without ə, ş, ç, ğ, ı, ö, ü)
 * and splitting it into words, each remembered with its folded form. Shared by the plugins; imports none.
 */

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
  /** The word's verdict per place name (PlaceMatcher.mentions in ./places.ts). */
  readonly places: Map<string, boolean>;
}

/** A text's tokens, or the tokens a caller already has. */
export function tokensOf(text: string | readonly Token[]): readonly Token[] {
  return typeof text === "string" ? tokenize(text) : text;
}

/**
 * A text's words (runs of letters and digits, as `text.split(/[^\p{L}\p{N}]+/u)` without the empty
 * strings) with their folded forms. Every answer is read as it streams (server/agent/index.ts mentionScanner),
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
 * Words seen, with what was worked out about them: the folded form, and whether the word names a place
 * (PlaceMatcher.mentions). Answers share most of their words, and every word of every answer is read as it
 * streams. Emptied when full (a bound, not an LRU).
 */
const knownWords = new Map<string, Token>();
const KNOWN_WORDS_MAX = 20_000;

function tokenOf(raw: string): Token {
  let known = knownWords.get(raw);
  if (known === undefined) {
    known = { raw, folded: fold(raw), places: new Map() };
    if (knownWords.size >= KNOWN_WORDS_MAX) knownWords.clear();
    knownWords.set(raw, known);
  }
  return known;
}
