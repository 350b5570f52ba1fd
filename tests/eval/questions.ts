/**
 * The advisor evaluation's question set: every district and crop of the catalogue, both languages
 * (half of them asked with the UI in the other language), off-topic and look-alike questions, and
 * bad input. Built from the catalogue so a new district or crop is asked about too.
 */
import { cropLabel, regionCrops, regionNames } from "../../server/personas/catalogue.js";
import type { Language } from "../../server/text/language.js";

export const TOPICS = [
  "irrigation", "fertilizer", "calendar", "climate", "pests", "coefficients", "weather", "offtopic", "lookalike", "badinput",
] as const;
export type Topic = (typeof TOPICS)[number];

export interface EvalQuestion {
  id: string;
  topic: Topic;
  /** The language the answer must be in (the question's; the UI language for ambiguous questions). */
  expect: Language;
  ui: Language;
  text: string;
  region: string;
  crop: string;
  areaHa: number;
}

const MONTHS_AZ = ["yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr"];
const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

const az = (crop: string) => crop.toLocaleLowerCase("az");
const en = (crop: string) => cropLabel(crop, "en").toLowerCase();

type Template = (crop: string, region: string, month: number) => string;
const DOMAIN: Record<"irrigation" | "fertilizer" | "calendar" | "climate" | "pests" | "coefficients", Record<Language, Template>> = {
  irrigation: {
    az: (c, _r, m) => `${MONTHS_AZ[m - 1]} ayında ${az(c)} sahəm üçün nə qədər su lazımdır?`,
    en: (c, _r, m) => `How much water does my ${en(c)} need in ${MONTHS_EN[m - 1]}?`,
  },
  fertilizer: {
    az: (c) => `${az(c)} üçün nə qədər gübrə verməliyəm?`,
    en: (c) => `How much fertilizer should I give my ${en(c)}?`,
  },
  calendar: {
    az: (c) => `${az(c)} nə vaxt əkilir və nə vaxt yığılır?`,
    en: (c) => `When should I sow and harvest ${en(c)}?`,
  },
  climate: {
    az: (_c, r, m) => `${r} rayonunda ${MONTHS_AZ[m - 1]} ayında iqlim necə olur?`,
    en: (_c, r, m) => `What is the climate like in ${r} in ${MONTHS_EN[m - 1]}?`,
  },
  pests: {
    az: (c) => `${az(c)} hansı zərərvericilərdən və xəstəliklərdən əziyyət çəkir, necə mübarizə aparım?`,
    en: (c) => `Which pests and diseases attack ${en(c)}, and how do I control them?`,
  },
  coefficients: {
    az: (c) => `${az(c)} üçün bitki əmsalı (Kc) nədir?`,
    en: (c) => `What is the crop coefficient (Kc) of ${en(c)}?`,
  },
};
const DOMAIN_TOPICS = Object.keys(DOMAIN) as (keyof typeof DOMAIN)[];

function build(): EvalQuestion[] {
  const out: EvalQuestion[] = [];
  const add = (q: Omit<EvalQuestion, "id">) => out.push({ id: `q${String(out.length + 1).padStart(3, "0")}`, ...q });
  const area = (i: number) => [3.5, 12, 25, 7.2, 48][i % 5]!;

  // Every district, twice, with its main crop; topics rotate; every other question has the UI in the other language.
  regionNames.forEach((region, i) => {
    const crop = regionCrops[region]![0]!;
    for (const round of [0, 1]) {
      const topic = DOMAIN_TOPICS[(i + round * 3) % DOMAIN_TOPICS.length]!;
      const lang: Language = (i + round) % 2 === 0 ? "az" : "en";
      const ui: Language = round === 1 ? (lang === "az" ? "en" : "az") : lang;
      add({ topic, expect: lang, ui, text: DOMAIN[topic][lang](crop, region, ((i * 5 + round * 4) % 12) + 1), region, crop, areaHa: area(i) });
    }
  });
  // Every crop of the catalogue by name, in a district where it is grown.
  const cropRegion = new Map<string, string>();
  for (const region of regionNames) for (const crop of regionCrops[region]!) if (!cropRegion.has(crop)) cropRegion.set(crop, region);
  [...cropRegion].forEach(([crop, region], i) => {
    for (const round of [0, 1]) {
      const topic = DOMAIN_TOPICS[(i + 2 + round * 3) % DOMAIN_TOPICS.length]!;
      const lang: Language = (i + round) % 2 === 0 ? "en" : "az";
      add({ topic, expect: lang, ui: round === 0 ? "az" : "en", text: DOMAIN[topic][lang](crop, region, round === 0 ? 7 : 4), region, crop, areaHa: area(i + 1) });
    }
  });
  // Irrigation this week (the weather provider; the eval runs it offline unless WEATHER_PROVIDER says otherwise).
  const weather: [string, string, Language, string][] = [
    ["Quba", "Pomidor", "en", "How much water does my tomato need this week?"],
    ["Gəncə", "Pomidor", "az", "Bu həftə pomidorum nə qədər su tələb edir?"],
    ["Sabirabad", "Pambıq", "en", "How much should I irrigate my cotton this week?"],
    ["Şəki", "Fındıq", "az", "Bu həftə fındıq bağımı nə qədər suvarmalıyam?"],
    ["Lənkəran", "Çay", "en", "How much should I water my tea this week?"],
    ["Cəlilabad", "Buğda", "az", "Bu həftə buğdamı suvarmalıyam?"],
  ];
  for (const [region, crop, lang, text] of weather) add({ topic: "weather", expect: lang, ui: lang === "az" ? "en" : "az", text, region, crop, areaHa: 10 });
  // Off-topic: a short decline that says what the advisor can do.
  const offtopic: [Language, string][] = [
    ["en", "What is the capital of France?"],
    ["en", "Can you write me a poem about the sea?"],
    ["en", "Who won the football world cup in 2018?"],
    ["en", "How do I fix my car's gearbox?"],
    ["az", "Fransanın paytaxtı haradır?"],
    ["az", "Mənə dəniz haqqında şeir yaz."],
    ["az", "Dünya çempionatını kim qazandı?"],
    ["az", "Telefonumu necə təmir edim?"],
  ];
  for (const [lang, text] of offtopic) add({ topic: "offtopic", expect: lang, ui: lang === "az" ? "en" : "az", text, region: "Quba", crop: "Alma", areaHa: 5 });
  // Look-alikes: farm words in a question that is not about farming.
  const lookalike: [Language, string][] = [
    ["en", "What is Apple's share price today?"],
    ["en", "Is Quba a good place for a holiday hotel?"],
    ["en", "Recommend a good tea shop in Baku."],
    ["az", "Alma telefonunun qiyməti nə qədərdir?"],
    ["az", "Lənkəranda hansı otel yaxşıdır?"],
    ["az", "Nar adlı mobil operatorun tarifləri necədir?"],
  ];
  for (const [lang, text] of lookalike) add({ topic: "lookalike", expect: lang, ui: lang === "az" ? "en" : "az", text, region: "Lənkəran", crop: "Çay", areaHa: 4 });
  // Bad input: never a crash, never an invented figure.
  const bad: [Language, string][] = [
    ["az", "su"],
    ["az", "🌾🌾🌾"],
    ["en", "How much gübrə for pambıq in Sabirabad?"],
    ["en", "What is the climate in Lankaran in July?"],
    ["az", "Seki rayonunda iyul ayında iqlim necədir?"],
    ["en", "How much water does quinoa need in July?"],
    ["en", "How much water does my cotton need in month 13?"],
    ["az", "Banan nə vaxt əkilir?"],
  ];
  for (const [lang, text] of bad) add({ topic: "badinput", expect: lang, ui: "az", text, region: "Sabirabad", crop: "Pambıq", areaHa: 12 });
  return out;
}

export const EVAL_QUESTIONS: readonly EvalQuestion[] = build();
