/**
 * The shipped agronomy data (./data/agronomy.json, every figure with its source id; null = no
 * source found) and the arithmetic the tools do with it: FAO-56 crop coefficients by growth stage,
 * reference evapotranspiration from climate normals, effective rainfall.
 */
import { z } from "zod";
import raw from "./data/agronomy.json" with { type: "json" };
import { additions } from "./additions.js";

const monthly = z.array(z.number()).length(12).nullable();
const nutrient = z.union([z.number(), z.string()]).nullable();

const cropSchema = z.object({
  en: z.string(),
  kc: z
    .object({ ini: z.number(), mid: z.number(), end: z.number(), src: z.string(), note: z.string().optional() })
    .nullable(),
  stage_days: z
    .object({ ini: z.number(), dev: z.number(), mid: z.number(), late: z.number(), src: z.string(), region_of_study: z.string() })
    .nullable(),
  sowing_months: z.array(z.number().int().min(1).max(12)).nullable(),
  harvest_months: z.array(z.number().int().min(1).max(12)).nullable(),
  calendar_src: z.string().nullable(),
  npk_kg_per_ha: z.object({ N: nutrient, P2O5: nutrient, K2O: nutrient, src: z.string().nullable(), note: z.string().optional() }),
  notes: z.string(),
});

const climateSchema = z.object({
  region: z.string(),
  months: z.object({ tmean_c: monthly, precip_mm: monthly, tmax_c: monthly.optional(), tmin_c: monthly.optional() }),
  src: z.string().nullable(),
  note: z.string(),
  period: z.string().nullable(),
  partial: z.record(z.string(), z.unknown()).optional(),
  station: z.string().optional(),
  tmean_method: z.string().optional(),
});

const agronomySchema = z.object({
  note: z.string(),
  sources: z.record(z.string(), z.string()),
  crops: z.record(z.string(), cropSchema),
  climate_normals: z.record(z.string(), climateSchema),
  regions: z.record(z.string(), z.object({ main_crops: z.array(z.string()), src: z.string() })),
});

export type CropData = z.infer<typeof cropSchema>;
export type ClimateData = z.infer<typeof climateSchema>;

/** Parsed once at load: a reshaped data file fails loudly here rather than as a wrong answer. */
export const agronomy = agronomySchema.parse(raw);
export const cropKeys: readonly string[] = Object.keys(agronomy.crops);

export function cropData(crop: string): CropData | undefined {
  return agronomy.crops[crop];
}

/** "S12,S13, S11" → ["S12","S13","S11"]; null → []. */
export function sourceIds(src: string | null | undefined): string[] {
  return (src ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Source id → citation text, for the ids given (unknown ids are dropped). */
export function citations(ids: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of ids) {
    const text = agronomy.sources[id] ?? additions.sources[id]?.title;
    if (text) out[id] = text;
  }
  return out;
}

/* ------------------------------------------------------------ climate */

/**
 * District (catalogue spelling) → the climate-normal entry used for it. `own` is false when the
 * entry belongs to a neighbouring place of the same economic region (answers say so). Cəlilabad has
 * none: its climate is much drier than Lənkəran's coast, so Lənkəran's normals are not used for it.
 */
export const DISTRICT_CLIMATE: Readonly<Record<string, { key: string; own: boolean } | null>> = {
  Abşeron: { key: "Bakı", own: true },
  Bakı: { key: "Bakı", own: true },
  Lənkəran: { key: "Lənkəran", own: true },
  Astara: { key: "Lənkəran", own: false },
  Gəncə: { key: "Gəncə", own: true },
  Tovuz: { key: "Gəncə", own: false },
  Naxçıvan: { key: "Naxçıvan", own: true },
  Şəki: { key: "Şəki", own: true },
  Qəbələ: { key: "Şəki", own: false },
  Zaqatala: { key: "Zaqatala", own: true },
  Quba: { key: "Quba", own: true },
  Xaçmaz: { key: "Quba", own: false },
  Şamaxı: { key: "Şamaxı", own: true },
  Sabirabad: { key: "Kürdəmir/Sabirabad", own: true },
  Saatlı: { key: "Kürdəmir/Sabirabad", own: false },
  İmişli: { key: "Kürdəmir/Sabirabad", own: false },
  Beyləqan: { key: "Kürdəmir/Sabirabad", own: false },
  Aran: { key: "Kürdəmir/Sabirabad", own: false },
  Göyçay: { key: "Kürdəmir/Sabirabad", own: false },
  Cəlilabad: null,
};

/**
 * Latitude for stations whose entry names no station coordinates. Naxçıvan city (about 39.2°N) is a
 * geographic constant, not an agronomic figure; answers say it was assumed.
 */
const ASSUMED_LATITUDE: Readonly<Record<string, number>> = { Naxçıvan: 39.2 };

export interface ClimateEntry {
  key: string;
  data: ClimateData;
  latitude: number | null;
  latitudeAssumed: boolean;
}

export function climateEntry(key: string): ClimateEntry | undefined {
  const data = agronomy.climate_normals[key];
  if (!data) return undefined;
  const fromStation = data.station ? /(\d+(?:\.\d+)?)\s*N/.exec(data.station) : null;
  if (fromStation) return { key, data, latitude: Number(fromStation[1]), latitudeAssumed: false };
  const assumed = ASSUMED_LATITUDE[key];
  return { key, data, latitude: assumed ?? null, latitudeAssumed: assumed !== undefined };
}

/* ------------------------------------------------------- solar geometry */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAYS_BEFORE_MONTH = DAYS_IN_MONTH.map((_, i) => DAYS_IN_MONTH.slice(0, i).reduce((a, b) => a + b, 0));

export function daysInMonth(month: number): number {
  return DAYS_IN_MONTH[month - 1]!;
}

/** Day of the year of the 15th of a month (non-leap year). */
export function midMonthDay(month: number): number {
  return DAYS_BEFORE_MONTH[month - 1]! + 15;
}

function sunsetHourAngle(latitudeDeg: number, dayOfYear: number) {
  const phi = (latitudeDeg * Math.PI) / 180;
  const delta = 0.409 * Math.sin(((2 * Math.PI) / 365) * dayOfYear - 1.39); // FAO-56 eq. 24
  const omega = Math.acos(Math.max(-1, Math.min(1, -Math.tan(phi) * Math.tan(delta)))); // eq. 25
  return { phi, delta, omega };
}

/** Extraterrestrial radiation Ra, MJ m⁻² day⁻¹ (FAO-56 eq. 21). */
export function extraterrestrialRadiation(latitudeDeg: number, dayOfYear: number): number {
  const { phi, delta, omega } = sunsetHourAngle(latitudeDeg, dayOfYear);
  const dr = 1 + 0.033 * Math.cos(((2 * Math.PI) / 365) * dayOfYear); // eq. 23
  const gsc = 0.082;
  return ((24 * 60) / Math.PI) * gsc * dr * (omega * Math.sin(phi) * Math.sin(delta) + Math.cos(phi) * Math.cos(delta) * Math.sin(omega));
}

/** Daylight hours N (FAO-56 eq. 34). */
export function daylightHours(latitudeDeg: number, dayOfYear: number): number {
  return (24 / Math.PI) * sunsetHourAngle(latitudeDeg, dayOfYear).omega;
}

/** Hargreaves ET0, mm/day (FAO-56 eq. 52), Ra converted with 0.408 mm per MJ m⁻². */
export function et0Hargreaves(tmax: number, tmin: number, ra: number): number {
  const tmean = (tmax + tmin) / 2;
  return 0.0023 * (tmean + 17.8) * Math.sqrt(Math.max(0, tmax - tmin)) * 0.408 * ra;
}

/**
 * Blaney-Criddle ET0, mm/day, in the FAO Irrigation Water Management training manual 3 form
 * ET0 = p (0.46 Tmean + 8), p = mean daily percentage of annual daytime hours (from latitude),
 * without the FAO-24 humidity, wind and sunshine corrections. Never below zero.
 */
export function et0BlaneyCriddle(tmean: number, latitudeDeg: number, month: number): number {
  let annualHours = 0;
  for (let m = 1; m <= 12; m += 1) annualHours += daylightHours(latitudeDeg, midMonthDay(m)) * daysInMonth(m);
  const p = (100 * daylightHours(latitudeDeg, midMonthDay(month))) / annualHours;
  return Math.max(0, p * (0.46 * tmean + 8));
}

/** Effective monthly rainfall, USDA Soil Conservation Service method (as in CROPWAT). */
export function effectiveRainfall(precipMm: number): number {
  return precipMm <= 250 ? (precipMm * (125 - 0.2 * precipMm)) / 125 : 125 + 0.1 * precipMm;
}

export type Et0Method = "hargreaves" | "blaney-criddle";

export interface Et0Estimate {
  method: Et0Method;
  mmPerDay: number;
  inputs: { tmaxC?: number; tminC?: number; tmeanC: number; latitude: number; latitudeAssumed: boolean; raMJ?: number };
  precipMm: number | null;
}

/** ET0 for a month from an entry's normals: Hargreaves when max/min exist, else Blaney-Criddle; null without data. */
export function estimateEt0(entry: ClimateEntry, month: number): Et0Estimate | null {
  const { months } = entry.data;
  if (entry.latitude === null) return null;
  const i = month - 1;
  const precipMm = months.precip_mm?.[i] ?? null;
  const tmax = months.tmax_c?.[i];
  const tmin = months.tmin_c?.[i];
  if (tmax !== undefined && tmin !== undefined && tmax !== null && tmin !== null) {
    const ra = extraterrestrialRadiation(entry.latitude, midMonthDay(month));
    return {
      method: "hargreaves",
      mmPerDay: et0Hargreaves(tmax, tmin, ra),
      inputs: { tmaxC: tmax, tminC: tmin, tmeanC: (tmax + tmin) / 2, latitude: entry.latitude, latitudeAssumed: entry.latitudeAssumed, raMJ: ra },
      precipMm,
    };
  }
  const tmean = months.tmean_c?.[i];
  if (tmean !== undefined && tmean !== null) {
    return {
      method: "blaney-criddle",
      mmPerDay: et0BlaneyCriddle(tmean, entry.latitude, month),
      inputs: { tmeanC: tmean, latitude: entry.latitude, latitudeAssumed: entry.latitudeAssumed },
      precipMm,
    };
  }
  return null;
}

/* --------------------------------------------------------- crop stages */

const ENGLISH_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

export type SeasonStartBasis = "sowing_calendar" | "fao56_table11";

/**
 * Start month of the FAO-56 season: the first sowing month of the crop calendar when there is one,
 * else the planting month of the FAO-56 Table 11 row the stage lengths come from.
 */
export function seasonStart(crop: CropData): { month: number; basis: SeasonStartBasis } | null {
  const sowing = crop.sowing_months?.[0];
  if (sowing) return { month: sowing, basis: "sowing_calendar" };
  const text = crop.stage_days?.region_of_study.toLowerCase() ?? "";
  const match = new RegExp(`\\b(${ENGLISH_MONTHS.join("|")})\\b`).exec(text);
  return match ? { month: ENGLISH_MONTHS.indexOf(match[1]!) + 1, basis: "fao56_table11" } : null;
}

export type Stage = "ini" | "dev" | "mid" | "late";

export interface StageAt {
  stage: Stage;
  /** Days from the 15th of the start month to the 15th of the month asked about. */
  day: number;
  kc: number;
  seasonDays: number;
}

/**
 * The growth stage and Kc in a month (FAO-56 single Kc curve: Kc ini through the initial stage,
 * linear to Kc mid over development, Kc mid, linear to Kc end over the late stage). Null when the
 * month falls outside the season.
 */
export function stageInMonth(crop: CropData, startMonth: number, month: number): StageAt | null {
  if (!crop.kc || !crop.stage_days) return null;
  const { ini, dev, mid, late } = crop.stage_days;
  const { kc } = crop;
  const seasonDays = ini + dev + mid + late;
  const day = (midMonthDay(month) - midMonthDay(startMonth) + 365) % 365;
  if (day >= seasonDays) return null;
  if (day < ini) return { stage: "ini", day, kc: kc.ini, seasonDays };
  if (day < ini + dev) return { stage: "dev", day, kc: kc.ini + ((kc.mid - kc.ini) * (day - ini)) / dev, seasonDays };
  if (day < ini + dev + mid) return { stage: "mid", day, kc: kc.mid, seasonDays };
  return { stage: "late", day, kc: kc.mid + ((kc.end - kc.mid) * (day - ini - dev - mid)) / late, seasonDays };
}

/** Months of the season in order from the start month. */
export function seasonMonths(crop: CropData, startMonth: number): number[] {
  const months: number[] = [];
  for (let k = 0; k < 12; k += 1) {
    const month = ((startMonth - 1 + k) % 12) + 1;
    if (stageInMonth(crop, startMonth, month)) months.push(month);
  }
  return months;
}

/** Parse a nutrient figure ("90", 90, null) to kg/ha. */
export function nutrientKg(value: number | string | null): number | null {
  if (value === null) return null;
  const n = typeof value === "number" ? value : Number(value.replace(",", "."));
  return Number.isFinite(n) ? n : null;
}
