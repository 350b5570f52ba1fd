/**
 * The Azerbaijani (and English) folding and stemming step of the knowledge index (./index.ts): a word as
 * farmers type it, with or without Azerbaijani letters and with its case, possessive and plural endings,
 * becomes the same term as the data's name: "Pomidorun", "pomidora", "pomidorda" → "pomidor";
 * "fındıqlığımda" → "findiq"; "Pambığa" / "pambiga" / "pambiq" → "pambiq"; "tomatoes" → "tomato".
 * Azerbaijani is agglutinative: endings are taken off from the end, longest first, while a stem of at
 * least three letters is left (a suffix-stripping stemmer in the manner of Snowball's Turkish one,
 * reduced to the nominal endings farmers use in questions).
 */
import { fold } from "../../text/tokens.js";

/** Nominal endings, folded (ə → e, ı → i, ğ → g …), longest first within each pass. */
const AZ_SUFFIXES = [
  // derivation: -lıq/-lik (fındıqlıq "hazelnut grove"), -çı/-çi (person), -sız (without)
  "liqlari", "liqlar", "liqim", "ligim", "ligimiz", "liqimiz", "liqda", "ligda", "liqi", "ligi", "liq", "lig", "luq", "lug", "lik", "luk", "liy", "luy",
  // plural
  "larimizda", "lerimizde", "larimiz", "lerimiz", "larinda", "lerinde", "larina", "lerine", "larini", "lerini", "larin", "lerin",
  "lari", "leri", "lar", "ler",
  // possessive + case
  "imizda", "imizde", "imiz", "umuz", "iniz", "unuz", "inda", "inde", "unda", "unde", "ina", "ine", "una", "une", "ini", "unu",
  "imda", "imde", "umda", "umde", "ima", "ime", "uma", "ume", "imi", "umu", "im", "um",
  "sinda", "sinde", "sina", "sine", "sini", "si", "su",
  // cases
  "nin", "nun", "dan", "den", "ndan", "nden", "daki", "deki", "da", "de", "ya", "ye", "na", "ne", "ni", "nu", "in", "un",
  // copula, question
  "dir", "dur", "dimi", "dumu",
  // instrumental clitic: pomidorlarımla, gübrəylə
  "yla", "yle", "la", "le",
  "a", "e", "i", "u",
].sort((a, b) => b.length - a.length);

/** Words whose ending looks like a suffix but is part of the word (or would fold onto another word). */
const KEEP = new Set([
  "narinci", "narinc", "yonca", "soya", "arpa", "alma", "xasa", "bugda", "qargidali", "terevez", "gunebaxan", "sitrus", "kartof",
  "pomidor", "pambiq", "findiq", "uzum", "cay", "nar", "su", "sua", "suya", "hava", "havada", "bura", "orda", "neve", "nece", "niye",
  "ucun", "haqqinda", "xestelik", "xesteliy", "menene", "taxtabiti", "guve", "dene", "mene", "sene", "bize", "size", "ona", "bu", "bunu", "onu", "ne", "nedir", "hansi", "yaxsi", "deyil",
]);

/** Stems whose final g came from q before a vowel suffix (pambığı → pambig → pambiq); only where a suffix went. */
const Q_FINAL = /(?<=[aeiou])g$/;

function stripAz(word: string): string {
  let w = word;
  for (let pass = 0; pass < 4; pass += 1) {
    if (KEEP.has(w)) return w;
    const suffix = AZ_SUFFIXES.find((s) => w.endsWith(s) && w.length - s.length >= 3);
    if (!suffix) break;
    w = w.slice(0, -suffix.length);
  }
  return w === word ? w : w.replace(Q_FINAL, "q");
}

/** Plain English endings: plural, -ing, -ed (tomatoes → tomato, leaves → leave, spotted → spott). */
function stripEn(word: string): string {
  if (word.length === 4 && word.endsWith("s") && !/[su]s$/.test(word)) return word.slice(0, -1); // rots, bugs
  if (word.length <= 4) return word;
  if (word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.endsWith("oes")) return word.slice(0, -2);
  if (word.endsWith("ing") && word.length > 6) return word.slice(0, -3);
  if (word.endsWith("ed") && word.length > 5) return word.slice(0, -2);
  if (word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us")) return word.slice(0, -1);
  return word;
}

/**
 * One index term: folded, then stemmed. An English-looking word (no Azerbaijani letter in its raw form and
 * an English ending) gets the English step; every word gets the Azerbaijani one, whose endings barely
 * touch English words of more than three letters ("tomato" stays, "leaves" → "leav").
 */
export function stem(raw: string): string {
  const folded = fold(raw).replace(/[^a-z0-9]/g, "");
  if (folded.length <= 3) return folded;
  if (KEEP.has(folded)) return folded;
  const english = stripEn(folded);
  return stripAz(english);
}
