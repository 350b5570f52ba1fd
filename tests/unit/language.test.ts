import { describe, expect, it } from "vitest";
import { fieldsMentioned, mentionScanner } from "../../server/agent/index.js";
import { findCrops, mentionsCrop } from "../../server/text/crops.js";
import { mentionsDistrict, resolveDistrict } from "../../server/agent/catalogue-words.js";
import { tokenize, wholeWords } from "../../server/text/tokens.js";
import type { Persona } from "../../server/personas/types.js";
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

describe("mentionScanner (the answer's persona check, read while it streams)", () => {
  const persona = (over: Partial<Persona>): Persona =>
    ({ fullName: "Əli Məmmədov", region: "Sabirabad", cropType: "Pambıq", totalAreaHa: 12.5, ...over }) as Persona;
  const texts = [
    "Əli, Sabirabadda 12,5 hektar pambığınız üçün iyunda hər 10 gündən bir suvarın.",
    "Salam Əli! Şəkidə fındıq üçün 𝐀𝐁 gübrə 3 ha; 😀 Mənbə: FAO-56 (2020).",
    "No name here: wheat in Şəki, 7 ha, and a lone \ud800 surrogate.",
    standInTokens(300).join(""),
  ];
  const personas = [persona({}), persona({ region: "Şəki", cropType: "Fındıq", totalAreaHa: 3 }), persona({ fullName: "Aysel Quliyeva", region: "Şəki", cropType: "Buğda", totalAreaHa: 7 }),
    // A name of astral letters: found only when no piece boundary splits its surrogate pairs into two words.
    persona({ fullName: "𝐀𝐁 Quliyeva" })];

  /** Cuts a text into pieces of 1–7 code units, a deterministic sequence: words and surrogate pairs split anywhere. */
  function pieces(text: string, seed: number): string[] {
    const out: string[] = [];
    let x = seed;
    for (let i = 0; i < text.length; ) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const n = 1 + (x % 7);
      out.push(text.slice(i, i + n));
      i += n;
    }
    return out;
  }

  it("finds, piece by piece, exactly the fields a reading of the whole answer finds", () => {
    let compared = 0;
    for (const p of personas) {
      for (const text of texts) {
        const whole = fieldsMentioned(text, p);
        for (const seed of [1, 2, 3, 4, 5]) {
          const scan = mentionScanner(p);
          for (const piece of pieces(text, seed)) scan.push(piece);
          expect(scan.end(text)).toEqual(whole);
          compared += 1;
        }
      }
    }
    expect(compared).toBe(80);
    expect(fieldsMentioned(texts[1]!, personas[3]!)).toContain("fullName");
    // The first text names all four fields of the first persona, in the stored order.
    expect(fieldsMentioned(texts[0]!, personas[0]!)).toEqual(["fullName", "region", "cropType", "totalAreaHa"]);
    expect(fieldsMentioned(texts[2]!, personas[2]!)).toEqual(["region", "cropType", "totalAreaHa"]);
    // The area in any case and either decimal mark, never as the tail of a larger number.
    for (const said of ["12.5 HA", "12,5 Hektar", "(12,5ha)"]) expect(fieldsMentioned(said, personas[0]!)).toEqual(["totalAreaHa"]);
    for (const said of ["112,5 ha", "12,55 ha", "2,5 ha"]) expect(fieldsMentioned(said, personas[0]!)).toEqual([]);
  });

  it("says where a text's whole words end, keeping a half-sent surrogate pair for later", () => {
    const words = (text: string) => {
      const { tokens, rest } = wholeWords(text);
      return { words: tokens.map((t) => t.raw), rest };
    };
    expect(words("Pambıq üçün suvar")).toEqual({ words: ["Pambıq", "üçün"], rest: "suvar" });
    expect(words("Pambıq")).toEqual({ words: [], rest: "Pambıq" });
    expect(words("word \ud835")).toEqual({ words: ["word"], rest: "\ud835" }); // 𝐀's first half: not read as a separator
    expect(words("word𝐀\ud835")).toEqual({ words: [], rest: "word𝐀\ud835" }); // nor the end of the word before it
    expect(words("word 𝐀 ")).toEqual({ words: ["word", "𝐀"], rest: "" });
    expect(words("a b c")).toEqual({ words: ["a", "b"], rest: "c" });
  });
});
