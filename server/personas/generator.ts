import { normaliseEmail } from "../validation.js";
import { createHash } from "node:crypto";
import { Faker, az, base, en, type Randomizer } from "@faker-js/faker";
import { regionCrops, regionNames, type CropName } from "./catalogue.js";
import type { ExperienceLevel } from "./types.js";

/**
 * The synthetic farmer: plausible for Azerbaijan and consistent with itself, seeded from the email so
 * that an email gets the same farmer on any fresh database. `generation` moves to the next farmer
 * (regenerate); `finAttempt` only changes the FIN (a collision with another persona's FIN).
 */
export interface PersonaCandidate {
  fullName: string;
  finCode: string;
  phone: string;
  region: string;
  cropType: CropName;
  totalAreaHa: number;
  experienceLevel: ExperienceLevel;
}

export const FIN_PATTERN = /^[1-9][A-HJ-NP-Z0-9]{6}$/;
export const PHONE_PATTERN = /^\+994 (10|50|51|55|60|70|77|99) [2-9]\d{2} \d{2} \d{2}$/;
const FIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"; // A–Z without I and O, and digits
const MOBILE_OPERATOR_CODES = ["10", "50", "51", "55", "60", "70", "77", "99"];

// Faker's az locale has ten surnames per sex; these widen the pool. Azerbaijani surnames take
// -ov/-ova, -yev/-yeva (male/female) or a sex-neutral -li/-lı/-lu/-lü.
const SURNAME_STEMS = [
  "Quliyev", "Əliyev", "Hüseynov", "Məmmədov", "Həsənov", "Abbasov", "Cəfərov", "Kərimov", "Mustafayev",
  "Nəsirov", "Rzayev", "İsmayılov", "Səfərov", "Bağırov", "Orucov", "Hacıyev", "Vəliyev", "Rəhimov",
  "Qasımov", "Şükürov", "Məhərrəmov", "Babayev", "Paşayev", "Əhmədov", "Xəlilov", "Sadıqov", "Zeynalov",
  "Axundov", "Hümbətov", "Tağıyev", "Novruzov", "Əsgərov", "Süleymanov", "Rüstəmov", "Nağıyev",
];
const NEUTRAL_SURNAMES = ["Hüseynli", "Məmmədli", "Əhmədli", "Kərimli", "Həsənli", "Abbaslı", "Sultanlı", "Bəydili"];
export const SURNAME_ENDING = /(ov|ova|yev|yeva|li|lı|lu|lü)$/;

function seedFor(key: string): number[] {
  const digest = createHash("sha256").update(key).digest();
  return [0, 4, 8, 12].map((offset) => digest.readUInt32LE(offset));
}

/**
 * sfc32 (Chris Doty-Humphrey's small fast counting generator) as Faker's randomizer: seeding it is four
 * assignments, where Faker's default Mersenne Twister initialises 624 words of state on every seed (~47 µs,
 * twice per farmer). Any seed gives the same sequence on any machine, so an email keeps its farmer.
 */
function sfc32Randomizer(): Randomizer {
  let a = 0, b = 0, c = 0, d = 0;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  return {
    next,
    seed(seed) {
      const words = Array.isArray(seed) ? seed : [seed];
      [a, b, c, d] = [words[0] ?? 0, words[1] ?? 0, words[2] ?? 0, words[3] ?? 0].map((w) => w | 0) as [number, number, number, number];
      for (let i = 0; i < 12; i++) next(); // mixes the seed words into the whole state
    },
  };
}

// One instance with its locales (built once, not per farmer), reseeded per use. Safe because every use is
// synchronous from seed to last value.
const sharedFaker = new Faker({ locale: [az, en, base], randomizer: sfc32Randomizer() });

function fakerFor(key: string): Faker {
  sharedFaker.seed(seedFor(key));
  return sharedFaker;
}

export { normaliseEmail };

export function generateFinCode(email: string, generation = 0, finAttempt = 0): string {
  const faker = fakerFor(`fin:${normaliseEmail(email)}:${generation}:${finAttempt}`);
  let fin = String(faker.number.int({ min: 1, max: 9 }));
  for (let i = 0; i < 6; i++) fin += FIN_ALPHABET[faker.number.int({ min: 0, max: FIN_ALPHABET.length - 1 })];
  return fin;
}

function composeName(faker: Faker): string {
  const sex = faker.person.sex() as "female" | "male";
  const given = faker.person.firstName(sex);
  const roll = faker.number.float({ min: 0, max: 1 });
  let surname: string;
  if (roll < 0.1) surname = faker.helpers.arrayElement(NEUTRAL_SURNAMES);
  else if (roll < 0.4) surname = faker.person.lastName(sex);
  else {
    const stem = faker.helpers.arrayElement(SURNAME_STEMS);
    surname = sex === "female" ? `${stem}a` : stem;
  }
  return `${given} ${surname}`;
}

/** Smallholder-heavy: most farms 1–30 ha, some up to 60, few up to 100; one decimal. */
function farmArea(faker: Faker): number {
  const roll = faker.number.float({ min: 0, max: 1 });
  const x = faker.number.float({ min: 0, max: 1 });
  const area = roll < 0.85 ? 1 + 29 * x ** 1.6 : roll < 0.97 ? 30 + 30 * x : 60 + 40 * x;
  return Math.round(area * 10) / 10;
}

export function generatePersonaCandidate(
  email: string,
  options: { name?: string | null; generation?: number; finAttempt?: number } = {},
): PersonaCandidate {
  const generation = options.generation ?? 0;
  const faker = fakerFor(`persona:${normaliseEmail(email)}:${generation}`);
  const composedName = composeName(faker);
  const region = faker.helpers.arrayElement(regionNames);
  const regionalCrops = regionCrops[region]!;
  const cropType =
    regionalCrops.length === 1 || faker.number.float({ min: 0, max: 1 }) < 0.6
      ? regionalCrops[0]!
      : faker.helpers.arrayElement(regionalCrops.slice(1));
  const experienceLevel = faker.helpers.weightedArrayElement<ExperienceLevel>([
    { weight: 30, value: "novice" },
    { weight: 45, value: "intermediate" },
    { weight: 25, value: "expert" },
  ]);
  const phone =
    `+994 ${faker.helpers.arrayElement(MOBILE_OPERATOR_CODES)} ${faker.number.int({ min: 2, max: 9 })}` +
    `${faker.string.numeric(2)} ${faker.string.numeric(2)} ${faker.string.numeric(2)}`;
  const totalAreaHa = farmArea(faker);
  const claimed = options.name?.replace(/\s+/g, " ").trim();
  return {
    fullName: claimed ? claimed.slice(0, 200) : composedName,
    // last: it reseeds the shared generator
    finCode: generateFinCode(email, generation, options.finAttempt ?? 0),
    phone,
    region,
    cropType,
    totalAreaHa,
    experienceLevel,
  };
}
