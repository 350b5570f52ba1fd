/**
 * ./data/agronomy-additions.json (copied from the shared data set): fertilizer records with the
 * country, soil and kind of each figure, more FAO-56 coefficients, calendars, pests and diseases,
 * and weather-station coordinates. Validated once at load, like ./agronomy.ts: a reshaped file fails
 * at startup rather than as a wrong answer. A null figure means the source has none.
 */
import { z } from "zod";
import raw from "./data/agronomy-additions.json" with { type: "json" };

/** A rate as the source writes it: a number, a range ("150-180"), variants ("200 and 400"), or null. */
const rate = z.union([z.number(), z.string().min(1)]).nullable();

const fertilizerRecord = z.object({
  N_kg_ha: rate,
  P2O5_kg_ha: rate,
  K2O_kg_ha: rate,
  as_written: z.string(),
  type: z.string(),
  country: z.string().optional(),
  region: z.string().optional(),
  soil: z.string().optional(),
  organic: z.string().optional(),
  timing: z.string().optional(),
  yield_context: z.string().optional(),
  src: z.string(),
  note: z.string().optional(),
});

const calendarRecord = z.object({
  item: z.string(),
  value: z.string().optional(),
  months: z.array(z.number().int().min(1).max(12)).optional(),
  months_aran: z.array(z.number().int().min(1).max(12)).optional(),
  months_mountain: z.array(z.number().int().min(1).max(12)).optional(),
  region: z.string().optional(),
  year: z.number().int().optional(),
  yield: z.string().optional(),
  note: z.string().optional(),
  src: z.string(),
});

const pestRecord = z.object({
  pest: z.string(),
  where: z.string().optional(),
  country: z.string().optional(),
  finding: z.string().optional(),
  control: z.string().optional(),
  note: z.string().optional(),
  src: z.string(),
});

const kcValues = z.object({ ini: z.number(), mid: z.number(), end: z.number(), src: z.string(), note: z.string().optional(), variant: z.string().optional() });
const stageValues = z.object({
  ini: z.number(), dev: z.number(), mid: z.number(), late: z.number(), total: z.number().optional(),
  planting: z.string().optional(), region_of_study: z.string().optional(), variant: z.string().optional(), src: z.string(),
});

const cropSchema = z.object({
  en: z.string(),
  fertilizer: z.array(fertilizerRecord).default([]),
  calendar: z.array(calendarRecord).default([]),
  pests: z.array(pestRecord).default([]),
  notes_sourced: z.array(z.object({ text: z.string(), src: z.string() })).default([]),
  // One row, variants (alfalfa cuttings), or several crops grouped under one name (vegetables).
  kc: z.union([kcValues, z.array(kcValues), z.record(z.string(), kcValues)]).optional(),
  stage_days: z.union([stageValues, z.array(stageValues), z.record(z.string(), stageValues)]).optional(),
  note: z.string().optional(),
  see_also_src: z.string().optional(),
});

const sourceSchema = z.object({
  title: z.string(),
  publisher_or_author: z.string(),
  year: z.string().nullable(),
  url: z.string().url(),
  note: z.string().optional(),
});

const stationSchema = z.object({
  ghcnd_id: z.string(),
  wmo_id: z.string(),
  name_in_source: z.string(),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  elev_m: z.number(),
  district: z.string().nullable(),
  src: z.string(),
});

const districtClimateSchema = z.object({
  station_ref: z.string().nullable(),
  lat: z.number().nullable(),
  elev_m: z.number().nullable(),
  latlon_src: z.string().nullable(),
  period: z.string().nullable(),
  src: z.string().nullable(),
  note: z.string(),
});

const additionsSchema = z.object({
  note: z.string(),
  sources: z.record(z.string(), sourceSchema),
  station_metadata: z.record(z.string(), stationSchema),
  climate_normals: z.record(z.string(), districtClimateSchema),
  crops: z.record(z.string(), cropSchema),
});

export type FertilizerRecord = z.infer<typeof fertilizerRecord>;
export type PestRecord = z.infer<typeof pestRecord>;
export type CalendarRecord = z.infer<typeof calendarRecord>;
export type AdditionsCrop = z.infer<typeof cropSchema>;
export type AdditionSource = z.infer<typeof sourceSchema>;

export const additions = additionsSchema.parse(raw);

export function additionsCrop(crop: string): AdditionsCrop | undefined {
  return additions.crops[crop];
}

export const additionsCropKeys: readonly string[] = Object.keys(additions.crops);

export interface KcRow {
  name: string;
  ini: number;
  mid: number;
  end: number;
  note?: string;
  stage: { ini: number; dev: number; mid: number; late: number; planting?: string; regionOfStudy?: string } | null;
  src: string;
}

/** The FAO-56 rows of a crop in the additions, variants and grouped crops spread out (stage lengths matched by name or order). */
export function additionsKcRows(crop: string): KcRow[] {
  const data = additions.crops[crop];
  if (!data?.kc) return [];
  const stageOf = (s: z.infer<typeof stageValues> | undefined) =>
    s ? { ini: s.ini, dev: s.dev, mid: s.mid, late: s.late, planting: s.planting, regionOfStudy: s.region_of_study } : null;
  const stages = data.stage_days;
  const stageList = stages === undefined ? [] : Array.isArray(stages) ? stages : "ini" in stages ? [stages as z.infer<typeof stageValues>] : [];
  const stageMap = stages && !Array.isArray(stages) && !("ini" in stages) ? (stages as Record<string, z.infer<typeof stageValues>>) : {};
  const kc = data.kc;
  if (Array.isArray(kc)) return kc.map((k, i) => ({ name: `${data.en}${k.variant ? ` (${k.variant})` : ""}`, ini: k.ini, mid: k.mid, end: k.end, note: k.note, stage: stageOf(stageList[i] ?? stageList[0]), src: k.src }));
  if ("ini" in kc) {
    const k = kc as z.infer<typeof kcValues>;
    return [{ name: data.en, ini: k.ini, mid: k.mid, end: k.end, note: k.note, stage: stageOf(stageList[0]), src: k.src }];
  }
  return Object.entries(kc as Record<string, z.infer<typeof kcValues>>).map(([name, k]) => {
    const stageKey = Object.keys(stageMap).find((s) => name.startsWith(s) || s.startsWith(name.split(" ")[0]!));
    return { name, ini: k.ini, mid: k.mid, end: k.end, note: k.note, stage: stageOf(stageKey ? stageMap[stageKey] : undefined), src: k.src };
  });
}

export interface DistrictStation {
  name: string;
  lat: number;
  lon: number;
  elevM: number;
  src: string;
}

/** The weather station of a district (coordinates for forecasts), or null when the data has none for it. */
export function stationForDistrict(district: string): DistrictStation | null {
  const ref = additions.climate_normals[district]?.station_ref;
  const byRef = ref ? additions.station_metadata[ref] : undefined;
  const station = byRef ?? Object.values(additions.station_metadata).find((s) => s.district === district);
  return station ? { name: station.name_in_source, lat: station.lat, lon: station.lon, elevM: station.elev_m, src: station.src } : null;
}

/** "150-180" → [150, 180]; 90 → [90, 90]; variants or text → null (shown as written, never multiplied). */
export function rateRange(value: number | string | null): [number, number] | null {
  if (value === null) return null;
  if (typeof value === "number") return [value, value];
  const m = /^\s*(\d+(?:[.,]\d+)?)\s*[-–]\s*(\d+(?:[.,]\d+)?)\s*$/.exec(value);
  if (m) return [Number(m[1]!.replace(",", ".")), Number(m[2]!.replace(",", "."))];
  const single = /^\s*(\d+(?:[.,]\d+)?)\s*$/.exec(value);
  return single ? [Number(single[1]!.replace(",", ".")), Number(single[1]!.replace(",", "."))] : null;
}

/* ---------------------------------------------------- fertilizer records */

export interface FertilizerRecordOut {
  as: { N: string | null; P2O5: string | null; K2O: string | null };
  perHa: { N: [number, number] | null; P2O5: [number, number] | null; K2O: [number, number] | null };
  totalKg: { N: [number, number] | null; P2O5: [number, number] | null; K2O: [number, number] | null };
  kind: string;
  /** A field trial's result (best variant, optimum), not a norm. */
  trial: boolean;
  country: string | null;
  /** True when the figure is from another country than Azerbaijan. */
  foreign: boolean;
  region: string | null;
  soil: string | null;
  organic: string | null;
  src: string;
}

/** Kinds whose figures are not kg per hectare of the crop: never multiplied by the farm's area. */
const NOT_PER_HECTARE = /per tree|not a rate|per tonne|removal|uptake|no rates|rates not read|no totals/i;

export function fertilizerRecords(crop: string, areaHa: number): FertilizerRecordOut[] {
  const records = additions.crops[crop]?.fertilizer ?? [];
  const out: FertilizerRecordOut[] = [];
  for (const r of records) {
    if (NOT_PER_HECTARE.test(r.type)) continue;
    const perHa = { N: rateRange(r.N_kg_ha), P2O5: rateRange(r.P2O5_kg_ha), K2O: rateRange(r.K2O_kg_ha) };
    if (!perHa.N && !perHa.P2O5 && !perHa.K2O) continue;
    const total = (v: [number, number] | null): [number, number] | null => (v ? [Math.round(v[0] * areaHa), Math.round(v[1] * areaHa)] : null);
    const text = (v: number | string | null) => (v === null ? null : String(v));
    out.push({
      as: { N: text(r.N_kg_ha), P2O5: text(r.P2O5_kg_ha), K2O: text(r.K2O_kg_ha) },
      perHa,
      totalKg: { N: total(perHa.N), P2O5: total(perHa.P2O5), K2O: total(perHa.K2O) },
      kind: r.type,
      trial: /trial|optimum|best variant/i.test(r.type),
      country: r.country ?? null,
      foreign: r.country !== undefined && !/azerbaijan/i.test(r.country),
      region: r.region ?? null,
      soil: r.soil ?? null,
      organic: r.organic ?? null,
      src: r.src,
    });
  }
  // Azerbaijani figures first, then other countries; at most three, so the answer stays short.
  return out.sort((a, b) => Number(a.foreign) - Number(b.foreign)).slice(0, 3);
}

