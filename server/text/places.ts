/**
 * Place names in free text: a matcher over a list of places and the spellings farmers use for each
 * (folded), with Azerbaijani case endings and one or two letters wrong; and the English spelling of a
 * district for answers in English. Which places exist is the caller's list (the advisor passes the
 * persona catalogue's districts: server/agent/catalogue-words.ts).
 */
import type { Language } from "./language.js";
import { fold, tokenize, tokensOf, type Token } from "./tokens.js";

/** A place and its spellings (folded), the canonical name first. */
export type PlaceAliases = readonly (readonly [string, readonly string[]])[];

export interface PlaceMatcher {
  /** The first place named in a text (canonical spelling); misspellings are matched after exact names. */
  find(text: string): string | undefined;
  /** A place argument ("Sheki", "şəki", "Qubada") → canonical name; undefined when unknown. */
  resolve(input: string): string | undefined;
  /** Whether a text (or its tokens) names `place` in one of its words, as `resolve(word) === place` reads it. */
  mentions(text: string | readonly Token[], place: string): boolean;
}

/** Case endings that may follow a place name: Qubada, Şəkidə, Lənkərandan, Gəncəyə, Qubadayam … */
const PLACE_SUFFIXES = new Set([
  "", "da", "de", "dan", "den", "a", "e", "ya", "ye", "ni", "nin", "in", "un", "i", "u", "li", "lu",
  "daki", "deki", "dadir", "dedir", "dayam", "deyem", "dayiq", "deyik", "nda", "nde", "s",
]);

/** Edit distance, for place names typed with one or two letters wrong ("Sabirbad", "Lenkaran"). */
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

export function placeMatcher(places: PlaceAliases): PlaceMatcher {
  const aliasesOf = new Map(places);

  function matchToken(folded: string): string | undefined {
    for (const [place, aliases] of places) {
      for (const alias of aliases) {
        if (folded.startsWith(alias) && PLACE_SUFFIXES.has(folded.slice(alias.length))) return place;
      }
    }
    return undefined;
  }

  /**
   * A misspelled place: the one alias within one edit for names of 5–7 letters, two for longer ones,
   * case endings allowed. Short words and common words never match.
   */
  function fuzzyToken(folded: string): string | undefined {
    if (folded.length < 5) return undefined;
    let best: { place: string; distance: number } | undefined;
    let tie = false;
    for (const [place, aliases] of places) {
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
            best = { place, distance };
            tie = false;
          } else if (distance === best.distance && best.place !== place) tie = true;
        }
      }
    }
    return best && !tie ? best.place : undefined;
  }

  function find(text: string): string | undefined {
    const tokens = tokenize(text);
    for (const token of tokens) {
      const place = matchToken(token.folded);
      if (place) return place;
    }
    for (const token of tokens) {
      if (/^\p{Lu}/u.test(token.raw) || token.folded.length >= 7) {
        const place = fuzzyToken(token.folded);
        if (place) return place;
      }
    }
    return undefined;
  }

  function resolve(input: string): string | undefined {
    const folded = fold(input.trim());
    return matchToken(folded.replace(/[^a-z]/g, "")) ?? find(input);
  }

  /**
   * `resolve(word) === place` for each word, without the fuzzy match of every word against every place:
   * a word goes to resolve only when it could be one of this place's spellings (a prefix, or within the
   * fuzzy match's distance of one). Used on every word of every answer (server/agent/index.ts
   * mentionScanner), where the full look-up per word would cost milliseconds per reply.
   */
  function mentions(text: string | readonly Token[], place: string): boolean {
    const aliases = aliasesOf.get(place);
    if (!aliases) return false;
    // Each word is judged by its raw form, as resolve reads it (a capital letter makes a short word
    // eligible), and the verdict is kept with the word (the token is shared by every occurrence of the
    // word): answers repeat their words, and the streaming check reads every word of every answer.
    for (const token of tokensOf(text)) {
      let names = token.places.get(place);
      if (names === undefined) {
        names = couldName(token.folded, aliases) && resolve(token.raw) === place;
        token.places.set(place, names);
      }
      if (names) return true;
    }
    return false;
  }

  return { find, resolve, mentions };
}

/** The comparisons of the exact and the fuzzy match, for one place's spellings only. */
function couldName(folded: string, aliases: readonly string[]): boolean {
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
