/**
 * ./data/irrigation.json: FAO-56 Kc and stage lengths for every catalogue crop (the nearest FAO-56
 * crop where FAO-56 has none, said as such), the stations whose climate normals ET0 can be estimated
 * from, and the position of every catalogue district. Validated once at load, like ./agronomy.ts.
 */
import { z } from "zod";
import raw from "./data/irrigation.json" with { type: "json" };
import { agronomy, citations as dataCitations, type CropData } from "./agronomy.js";

const monthly = z.array(z.number()).length(12);

const cropSchema = z.object({
  fao_row: z.string(),
  /** This project's Azerbaijani translation of the FAO-56 row name. */
  fao_row_az: z.string(),
  /** "exact": FAO-56 has a row for the crop; "nearest": the nearest FAO-56 crop stands in for it. */
  match: z.enum(["exact", "nearest"]),
  ini: z.number(),
  mid: z.number(),
  end: z.number(),
  src: z.string(),
  stage: z
    .object({ ini: z.number(), dev: z.number(), mid: z.number(), late: z.number(), fao_row: z.string(), planting: z.string(), region_of_study: z.string(), src: z.string() })
    .nullable(),
  start_month: z.number().int().min(1).max(12).nullable(),
  start_basis: z.enum(["sowing_calendar", "fao56_table11"]).nullable(),
  start_src: z.string().nullable(),
  note: z.string().optional(),
});

const stationSchema = z.object({
  climate_key: z.string(),
  name_az: z.string(),
  name_en: z.string(),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  coord_src: z.string(),
  /** Published monthly ET0 normal (mm/day), or null where no source has one. */
  et0_mm_day: monthly.nullable(),
  et0_src: z.string().nullable(),
  tmax_c: monthly.optional(),
  tmin_c: monthly.optional(),
  t_src: z.string().optional(),
});

const irrigationSchema = z.object({
  note: z.string(),
  sources: z.record(z.string(), z.object({ title: z.string(), publisher_or_author: z.string(), year: z.string().nullable(), url: z.string().url() })),
  crops: z.record(z.string(), cropSchema),
  stations: z.record(z.string(), stationSchema),
  places: z.record(z.string(), z.object({ lat: z.number(), lon: z.number(), what: z.string(), src: z.string() })),
});

export type IrrigationCrop = z.infer<typeof cropSchema>;
export const irrigationData = irrigationSchema.parse(raw);

/** Source id → citation text: this file's IR ids, then agronomy.json and the additions. */
export function irrigationCitations(ids: readonly string[]): Record<string, string> {
  const out: Record<string, string> = dataCitations(ids.filter((id) => !irrigationData.sources[id]));
  for (const id of ids) {
    const s = irrigationData.sources[id];
    if (s) out[id] = `${s.title} — ${s.publisher_or_author} — ${s.url}`;
  }
  return out;
}

/** The crop as ./agronomy.ts's stage functions read it (Kc curve and stage lengths). */
export function asCropData(crop: IrrigationCrop, en: string): CropData {
  return {
    en,
    kc: { ini: crop.ini, mid: crop.mid, end: crop.end, src: crop.src },
    stage_days: crop.stage ? { ini: crop.stage.ini, dev: crop.stage.dev, mid: crop.stage.mid, late: crop.stage.late, src: crop.stage.src, region_of_study: crop.stage.region_of_study } : null,
    sowing_months: null,
    harvest_months: null,
    calendar_src: null,
    npk_kg_per_ha: { N: null, P2O5: null, K2O: null, src: null },
    notes: crop.note ?? "",
  };
}

/* ----------------------------------------------------------- stations */

export interface NormalsStation {
  key: string;
  name: { az: string; en: string };
  lat: number;
  lon: number;
  period: string | null;
  /** Monthly series, index 0 = January; null where the station's normals have none. */
  et0MmDay: number[] | null;
  tmaxC: number[] | null;
  tminC: number[] | null;
  precipMm: number[] | null;
  sources: string[];
}

/** Every station with monthly normals ET0 can be estimated from (a published ET0, or max/min temperature). */
export function normalsStations(): NormalsStation[] {
  const out: NormalsStation[] = [];
  for (const [key, s] of Object.entries(irrigationData.stations)) {
    const normals = agronomy.climate_normals[s.climate_key];
    const months = normals?.months;
    const tmax = s.tmax_c ?? months?.tmax_c ?? null;
    const tmin = s.tmin_c ?? months?.tmin_c ?? null;
    if (!s.et0_mm_day && !(tmax && tmin)) continue;
    // The first source of an agronomy.json climate entry is its monthly table (S48 WWIS, S4).
    const tableSrc = (normals?.src ?? "").split(",")[0]?.trim();
    out.push({
      key,
      name: { az: s.name_az, en: s.name_en },
      lat: s.lat,
      lon: s.lon,
      period: normals?.period ?? null,
      et0MmDay: s.et0_mm_day,
      tmaxC: tmax,
      tminC: tmin,
      precipMm: months?.precip_mm ?? null,
      sources: [...new Set([s.coord_src, ...(s.et0_src ? [s.et0_src] : []), ...(tableSrc ? [tableSrc] : []), ...(s.t_src ? [s.t_src] : [])])],
    });
  }
  return out;
}

/** Great-circle distance in km (haversine, mean Earth radius 6371 km). */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface Place {
  lat: number;
  lon: number;
  what: string;
  src: string;
}

export function placeOf(district: string): Place | null {
  return irrigationData.places[district] ?? null;
}

/** The station nearest a place, with its distance; stations are those given (all with normals by default). */
export function nearestStation(place: { lat: number; lon: number }, stations: readonly NormalsStation[] = normalsStations()): { station: NormalsStation; km: number } | null {
  let best: { station: NormalsStation; km: number } | null = null;
  for (const station of stations) {
    const km = distanceKm(place, station);
    if (!best || km < best.km) best = { station, km };
  }
  return best;
}
