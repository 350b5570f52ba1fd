/**
 * The crop side of the irrigation need (./irrigation.ts): each catalogue crop's FAO-56 Kc curve, where
 * it comes from (./data/irrigation.json, else ./data/agronomy.json), its growing season and the growth
 * stage of a month.
 */
import { cropData, cropKeys, seasonStart, stageInMonth, type CropData, type Stage } from "./agronomy.js";
import { asCropData, irrigationData } from "./irrigation-data.js";

/** The FAO-56 Table 12 row a Kc comes from; `nearest` when FAO-56 has no row for the crop. */
export interface KcSource {
  faoRow: { az: string; en: string };
  match: "exact" | "nearest";
  src: string;
  note: string | null;
}

/** The growing season: counted from the 15th of its start month for `days` days, ending on `end` (a non-leap year). */
export interface Season {
  startMonth: number;
  basis: "sowing_calendar" | "fao56_table11";
  days: number;
  months: number[];
  end: { day: number; month: number };
}

export interface CropModel {
  key: string;
  en: string;
  data: CropData;
  start: { month: number; basis: "sowing_calendar" | "fao56_table11" } | null;
  allYear: boolean;
  kcSource: KcSource;
  sourceIds: string[];
}

export const irrigationCropKeys: readonly string[] = [...new Set([...Object.keys(irrigationData.crops), ...cropKeys])];

export function cropModel(key: string): CropModel | null {
  const en = cropData(key)?.en ?? key;
  const own = irrigationData.crops[key];
  if (own) {
    const data = asCropData(own, en);
    const start = own.start_month !== null && own.start_basis !== null ? { month: own.start_month, basis: own.start_basis } : null;
    // The note's own cross-checks (e.g. IR5 for pomegranate) are cited too.
    const noteIds = own.note?.match(/\bIR\d+\b/g) ?? [];
    const ids = [own.src, ...(own.stage ? [own.stage.src] : []), ...(own.start_src ?? "").split(",").map((s) => s.trim()).filter(Boolean), ...noteIds];
    return {
      key, en, data, start, allYear: own.stage === null,
      kcSource: { faoRow: { az: own.fao_row_az, en: own.fao_row }, match: own.match, src: own.src, note: own.note ?? null },
      sourceIds: [...new Set(ids)],
    };
  }
  const data = cropData(key);
  if (!data?.kc) return null;
  return {
    key, en, data, start: seasonStart(data), allYear: data.stage_days === null,
    kcSource: { faoRow: { az: key.toLocaleLowerCase("az"), en: data.en }, match: "exact", src: data.kc.src, note: data.kc.note ?? null },
    sourceIds: [data.kc.src],
  };
}

export function stageAt(model: CropModel, month: number): { stage: Stage; kc: number } | null {
  const kc = model.data.kc!;
  if (model.allYear) return { stage: "mid", kc: kc.mid };
  if (!model.start) return null;
  const at = stageInMonth(model.data, model.start.month, month);
  return at ? { stage: at.stage, kc: at.kc } : null;
}

export function seasonOf(start: { month: number; basis: "sowing_calendar" | "fao56_table11" }, days: number, months: number[]): Season {
  const end = new Date(Date.UTC(2025, start.month - 1, 15 + days));
  return { startMonth: start.month, basis: start.basis, days, months, end: { day: end.getUTCDate(), month: end.getUTCMonth() + 1 } };
}

export function seasonMonthsOf(model: CropModel): number[] {
  const start = model.start?.month ?? 1;
  const months: number[] = [];
  for (let k = 0; k < 12; k += 1) {
    const m = ((start - 1 + k) % 12) + 1;
    if (stageAt(model, m)) months.push(m);
  }
  return months;
}
