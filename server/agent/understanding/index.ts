/**
 * The knowledge index: one MiniSearch index built from the shipped data — every crop of
 * ../data/agronomy.json, ../data/agronomy-additions.json and the catalogue with its Azerbaijani and English
 * names and synonyms, every pest, disease and disorder of ../data/symptoms.json, the symptom signs, and the
 * topics the tools answer — with the Azerbaijani folding/stemming step of ./stem.ts on both the data and the
 * question. A question is read by what it names (crops, causes, signs, districts, months, areas) and what it
 * asks (topics); the offline router (../providers/offline.ts) and the tools (../knowledge.ts) read it here,
 * so every provider gets the same retrieval.
 */
import MiniSearch from "minisearch";
import { agronomy } from "../agronomy.js";
import { additionsCropKeys, additionsCrop } from "../additions.js";
import { crops as catalogueCrops } from "../../personas/extension.js";
import { findAreaHa } from "../../text/numbers.js";
import { findDistrict } from "../catalogue-words.js";
import { findMonth } from "../../text/months.js";
import { fold } from "../../text/tokens.js";
import { symptomCrops, type Cause } from "../symptoms.js";
import { stem } from "./stem.js";
import { AMBIGUOUS_CROP_WORDS, CROP_SYNONYMS, SIGN_WORDS, TOPIC_WORDS, type TopicKey, type Vocab } from "./vocabulary.js";

interface Doc {
  id: string;
  type: "crop" | "cause" | "topic" | "sign";
  key: string;
  crop?: string;
  terms: string;
}

const WORD = /[\p{L}\p{N}]+/gu;
const words = (text: string) => text.match(WORD) ?? [];

/** Every crop the data knows, Azerbaijani keys. */
export const indexedCropKeys: readonly string[] = [...new Set([...Object.keys(catalogueCrops), ...Object.keys(agronomy.crops), ...additionsCropKeys])];

function cropEnglish(crop: string): string {
  return (catalogueCrops as Record<string, { en: string }>)[crop]?.en ?? agronomy.crops[crop]?.en ?? additionsCrop(crop)?.en ?? "";
}

/** Words of a cause's name that name nothing by themselves. */
const NAME_STOPWORDS = new Set(["and", "the", "of", "ve", "ile", "spp", "other", "diger", "leaf", "yarpaq", "fruit", "meyve", "disease", "xestelik", "xesteliyi", "sorulan"].map(stem));

/** Symptom words are signs, not names: "quru ləkəlik" (early blight) is named by "alternarioz", not by "ləkə". */
const SIGN_STEMS = new Set(Object.values(SIGN_WORDS).flatMap((v) => v.words).map(stem));

/** A cause's own words: its names without the crop's (a "tomato leafminer" is named by "leafminer"). */
function causeTerms(crop: string, cause: Cause): string {
  const cropWords = new Set([crop, cropEnglish(crop), ...(CROP_SYNONYMS[crop] ?? [])].flatMap(words).map(stem));
  return [cause.name.az, cause.name.en, cause.scientific ?? "", ...(cause.aliases ?? [])]
    .flatMap(words).filter((w) => !cropWords.has(stem(w)) && !NAME_STOPWORDS.has(stem(w)) && !SIGN_STEMS.has(stem(w)) && w.length > 2).join(" ");
}

const vocabDocs = (type: "topic" | "sign", table: Record<string, Vocab>): Doc[] =>
  Object.entries(table).map(([key, v]) => ({ id: `${type}:${key}`, type, key, terms: v.words.join(" ") }));

const DOCS: Doc[] = [
  ...indexedCropKeys.map((crop): Doc => ({ id: `crop:${crop}`, type: "crop", key: crop, terms: [crop, cropEnglish(crop), ...(CROP_SYNONYMS[crop] ?? [])].join(" ") })),
  ...Object.entries(symptomCrops).flatMap(([crop, causes]) => causes.map((c): Doc => ({ id: `cause:${crop}:${c.id}`, type: "cause", key: c.id, crop, terms: causeTerms(crop, c) }))),
  ...vocabDocs("topic", TOPIC_WORDS),
  ...vocabDocs("sign", SIGN_WORDS),
];

const index = new MiniSearch<Doc>({
  fields: ["terms"],
  storeFields: ["type", "key", "crop"],
  tokenize: words,
  processTerm: (term) => stem(term) || null,
});
index.addAll(DOCS);

/** Prefixes (folded) of verbs and other words whose endings are too many to stem: saralır, suvarmalıyam … */
const PREFIXES: { type: "topic" | "sign"; key: string; prefix: string }[] = [
  ...Object.entries(TOPIC_WORDS).flatMap(([key, v]) => (v.prefix ?? []).map((prefix) => ({ type: "topic" as const, key, prefix }))),
  ...Object.entries(SIGN_WORDS).flatMap(([key, v]) => (v.prefix ?? []).map((prefix) => ({ type: "sign" as const, key, prefix }))),
];

export interface Hit {
  type: Doc["type"];
  key: string;
  crop?: string;
  /** Position of the word in the text (for the order of crops). */
  at: number;
}

/** What one word names (without its position), remembered: questions share most of their words. Emptied when full. */
const known = new Map<string, Omit<Hit, "at">[]>();
const KNOWN_MAX = 10_000;
/** No name in the index is longer; a longer "word" (a run of digits, a pasted blob) names nothing. Fuzzy search costs length², so it is never asked. */
const WORD_MAX = 40;

function wordHits(raw: string): Omit<Hit, "at">[] {
  let hits = known.get(raw);
  if (hits) return hits;
  hits = [];
  const folded = fold(raw);
  if (raw.length <= WORD_MAX && stem(raw)) {
    for (const r of index.search(raw, { fuzzy: (t) => (t.length >= 7 ? 1 : false), prefix: false })) {
      const type = r.type as Doc["type"];
      if (type === "crop" && AMBIGUOUS_CROP_WORDS.has(folded)) continue;
      hits.push({ type, key: r.key as string, crop: r.crop as string | undefined });
    }
    for (const p of PREFIXES) if (folded.startsWith(p.prefix)) hits.push({ type: p.type, key: p.key });
  }
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(raw, hits);
  return hits;
}

/** What each word of a text names in the index. */
export function lookup(text: string): Hit[] {
  return words(text).flatMap((raw, at) => wordHits(raw).map((h) => ({ ...h, at })));
}

export interface Understanding {
  /** Crops named, in order of first mention (Azerbaijani keys). */
  crops: string[];
  /** Pests, diseases, disorders named: cause ids with their crop. */
  causes: { crop: string; id: string }[];
  /** Symptom signs named (keys of ../data/symptoms.json `signs`). */
  signs: string[];
  topics: Set<TopicKey>;
  district: string | undefined;
  month: number | undefined;
  areaHa: number | undefined;
}

export function understand(text: string): Understanding {
  const hits = lookup(text);
  const uniq = <T>(xs: T[]) => [...new Set(xs)];
  const crops = uniq(hits.filter((h) => h.type === "crop").sort((a, b) => a.at - b.at).map((h) => h.key));
  const causeKeys = uniq(hits.filter((h) => h.type === "cause").map((h) => `${h.crop}\u0000${h.key}`));
  return {
    crops,
    causes: causeKeys.map((k) => {
      const [crop, id] = k.split("\u0000") as [string, string];
      return { crop, id };
    }),
    signs: uniq(hits.filter((h) => h.type === "sign").map((h) => h.key)),
    topics: new Set(hits.filter((h) => h.type === "topic").map((h) => h.key as TopicKey)),
    district: findDistrict(text),
    month: findMonth(text),
    areaHa: findAreaHa(text),
  };
}

/** A crop argument as a model or a farmer writes it ("cotton", "pambiga", "Tomatoes") → the data's key. */
export function resolveCrop(input: string): string | undefined {
  return understand(input).crops[0];
}

/** A complaint without a sign: "my plants are sick", "ağaclarım yaxşı deyil". */
export function isVagueComplaint(u: Understanding): boolean {
  return u.topics.has("vague") || (u.topics.has("good") && u.topics.has("negation"));
}
