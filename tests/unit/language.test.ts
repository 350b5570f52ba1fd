import { describe, expect, it } from "vitest";
import { findCrops, mentionsCrop, mentionsDistrict, resolveDistrict, tokenize } from "../../server/agent/language.js";
import { cropNames, otherPlaces, regionNames, regionSpellings } from "../../server/personas/catalogue.js";
import { standInTokens } from "../helpers/openai-standin.js";

describe("mentionsDistrict (the answer's region check)", () => {
  // Every spelling of every place, with case endings and one or two letters wrong, and words that are no place.
  const places = [...regionNames, ...Object.keys(otherPlaces)];
  const spellings = [...places, ...Object.values(regionSpellings).flat(), ...Object.values(otherPlaces).flatMap((p) => p.spellings)];
  const misspelt = spellings.flatMap((s) => [s.slice(1), `${s.slice(0, -1)}x`, `${s.slice(0, 2)}${s.slice(3)}`, `X${s}`]);
  const inflected = spellings.flatMap((s) => [`${s}da`, `${s}dan`, `${s}ya`, `${s}dayam`, `${s.toUpperCase()}`]);
  const words = [...spellings, ...misspelt, ...inflected, ...standInTokens(300), "Pambıq", "suvarma", "hektar", "Yonca", "May", "Bakıda"];

  it("reads each word exactly as resolveDistrict does, for every district", () => {
    let named = 0;
    for (const district of places) {
      for (const word of words) {
        const expected = tokenize(word).some((t) => resolveDistrict(t.raw) === district);
        expect(mentionsDistrict(word, district), `${word} / ${district}`).toBe(expected);
        if (expected) named += 1;
      }
    }
    expect(named).toBeGreaterThan(spellings.length); // the table does contain matches, fuzzy ones included
  });

  it("reads a word that only its capital letter makes a place the same way, after its lower-case twin", () => {
    let pairs = 0;
    for (const district of places) {
      for (const word of misspelt) {
        const lower = word.toLocaleLowerCase("az");
        const upper = `${lower[0]!.toLocaleUpperCase("az")}${lower.slice(1)}`;
        if (resolveDistrict(lower) === district || resolveDistrict(upper) !== district) continue;
        pairs += 1;
        expect(mentionsDistrict(`${lower} ${upper}`, district), `${lower} ${upper} / ${district}`).toBe(true);
      }
    }
    expect(pairs).toBeGreaterThan(0);
  });

  it("finds the district in a long answer and not in one that names another", () => {
    const answer = standInTokens(300).join("");
    expect(mentionsDistrict(`${answer} Lənkəranda çay yaxşı bitir.`, "Lənkəran")).toBe(true);
    expect(mentionsDistrict(`${answer} Lenkaranda çay yaxşı bitir.`, "Lənkəran")).toBe(true);
    expect(mentionsDistrict(answer, "Lənkəran")).toBe(false);
  });
});

describe("mentionsCrop (the answer's crop check)", () => {
  it("says what findCrops says for every crop, on Azerbaijani and English words with case endings", () => {
    const words = ["Pambıq", "pambığı", "cotton", "Buğdanı", "wheat", "almalar", "apples", "üzümlük", "grapes", "pomidorlar", "çayı", "tea",
      "narı", "Yonca", "yoncanı", "alfalfa", "günəbaxan", "kartofu", "soya", "arpa", "Qarğıdalı", "Tərəvəz", "suvarma", "hektar", ...standInTokens(40)];
    let named = 0;
    for (const crop of cropNames) {
      for (const word of words) {
        const expected = findCrops(word).includes(crop);
        expect(mentionsCrop(word, crop), `${word} / ${crop}`).toBe(expected);
        if (expected) named += 1;
      }
      expect(mentionsCrop(words.join(" "), crop)).toBe(findCrops(words.join(" ")).includes(crop));
    }
    expect(named).toBeGreaterThan(10);
  });
});

describe("tokenize (the words of a question or an answer)", () => {
  // The reference: runs of letters and digits, as a Unicode-property split reads them.
  const reference = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

  it("reads the same words as a Unicode letter-and-digit split, with each word's folded form", () => {
    const texts = [
      "Sabirabadda 12 hektar pambıq üçün suvarma: iyun-avqust, 70%-dən aşağı. Mənbə: FAO-56 (2020).",
      "İmişli, Şəki və Qazax; ЗЕРНО пшеница 小麦 ٣٤ ४२",
      "u\u0308zu\u0308m (combining marks split a word, as in the split)",
      "𝐀𝐁 math letters 𝟏𝟐 and 😀 an emoji between words😀here",
      "lone \ud800 surrogate\udc00s and \ud83d",
      "",
      "   ...  ",
      "tab\tnew\nline\r\nend",
      standInTokens(300).join(""),
    ];
    for (const text of texts) {
      const tokens = tokenize(text);
      expect(tokens.map((t) => t.raw)).toEqual(reference(text));
      // Twice: the second reading comes from the remembered folded forms.
      expect(tokenize(text)).toEqual(tokens);
    }
    expect(tokenize("Şəkidə İmişli Pambığı").map((t) => t.folded)).toEqual(["sekide", "imisli", "pambigi"]);
  });
});
