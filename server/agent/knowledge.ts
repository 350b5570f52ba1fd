/**
 * The advisor's tools on the added knowledge (./additions.ts) and the weather (./weather.ts):
 * fertilizer records with their country and kind, pests and diseases with published control
 * guidance, FAO-56 crop coefficients, and irrigation for the coming week (forecast, or the normals).
 * Like ./tools.ts: every figure with its source id, "no figure" where the data has none.
 */
import { z } from "zod";
import type { PersonaField } from "../personas/types.js";
import { agronomy, citations, cropData, effectiveRainfall, sourceIds, stageInMonth, seasonStart } from "./agronomy.js";
import { additionsCrop, additionsCropKeys, additionsKcRows, stationForDistrict } from "./additions.js";
import type { RunContext } from "./configuration.js";
import { resolveCropName } from "./language.js";
import { groundedTool, irrigationNeed } from "./tools.js";

export const KNOWLEDGE_TOOL_NAMES = {
  pests: "pests_diseases",
  coefficients: "crop_coefficients",
  week: "irrigation_this_week",
} as const;

/** Every crop the data knows (agronomy.json and the additions), Azerbaijani keys. */
export const allCropKeys: readonly string[] = [...new Set([...Object.keys(agronomy.crops), ...additionsCropKeys])];

function englishName(crop: string): string {
  return cropData(crop)?.en ?? additionsCrop(crop)?.en ?? crop;
}

function pickCrop(arg: string | undefined, ctx: RunContext): { crop: string; fromProfile: boolean } | { crop: null; input: string } {
  const input = arg?.trim() || ctx.persona.cropType;
  const crop = resolveCropName(input, allCropKeys);
  return crop ? { crop, fromProfile: crop === ctx.persona.cropType } : { crop: null, input };
}

function used(ctx: RunContext, fields: (PersonaField | false)[]): PersonaField[] {
  const out = fields.filter((f): f is PersonaField => f !== false);
  for (const f of out) ctx.usedFields.add(f);
  return out;
}

/* --------------------------------------------------- pests and diseases */

export interface PestsResult {
  tool: "pests_diseases";
  status: "ok" | "no_figure" | "unknown_crop";
  input?: string;
  crop: string;
  cropEn: string;
  records: { pest: string; where: string | null; country: string | null; finding: string | null; control: string | null; caution: string | null; src: string }[];
  sources: Record<string, string>;
  fromProfile: PersonaField[];
}

export function pestsDiseases(args: { crop?: string }, ctx: RunContext): PestsResult {
  const picked = pickCrop(args.crop, ctx);
  if (picked.crop === null) {
    return { tool: "pests_diseases", status: "unknown_crop", input: picked.input, crop: picked.input, cropEn: picked.input, records: [], sources: {}, fromProfile: [] };
  }
  const fromProfile = used(ctx, [picked.fromProfile && "cropType"]);
  // Records with control guidance first; at most three.
  const all = additionsCrop(picked.crop)?.pests ?? [];
  const records = [...all].sort((a, b) => Number(!a.control) - Number(!b.control)).slice(0, 3).map((p) => ({
    pest: p.pest, where: p.where ?? null, country: p.country ?? null, finding: p.finding ?? null, control: p.control ?? null,
    caution: p.note && /registration|not checked|do not present/i.test(p.note) ? p.note : null, src: p.src,
  }));
  return {
    tool: "pests_diseases", status: records.length ? "ok" : "no_figure", crop: picked.crop, cropEn: englishName(picked.crop), records,
    sources: citations(records.map((r) => r.src)), fromProfile,
  };
}

/* ------------------------------------------------------- crop coefficients */

export interface CoefficientsResult {
  tool: "crop_coefficients";
  status: "ok" | "no_figure" | "unknown_crop";
  input?: string;
  crop: string;
  cropEn: string;
  rows: { name: string; ini: number; mid: number; end: number; stageDays: { ini: number; dev: number; mid: number; late: number } | null; planting: string | null; regionOfStudy: string | null }[];
  sources: Record<string, string>;
  fromProfile: PersonaField[];
}

export function cropCoefficients(args: { crop?: string }, ctx: RunContext): CoefficientsResult {
  const picked = pickCrop(args.crop, ctx);
  if (picked.crop === null) {
    return { tool: "crop_coefficients", status: "unknown_crop", input: picked.input, crop: picked.input, cropEn: picked.input, rows: [], sources: {}, fromProfile: [] };
  }
  const fromProfile = used(ctx, [picked.fromProfile && "cropType"]);
  const base = cropData(picked.crop);
  const rows: CoefficientsResult["rows"] = [];
  const ids: string[] = [];
  if (base?.kc) {
    const s = base.stage_days;
    rows.push({
      name: base.en, ini: base.kc.ini, mid: base.kc.mid, end: base.kc.end,
      stageDays: s ? { ini: s.ini, dev: s.dev, mid: s.mid, late: s.late } : null, planting: null, regionOfStudy: s?.region_of_study ?? null,
    });
    ids.push(...sourceIds(base.kc.src));
  }
  for (const r of additionsKcRows(picked.crop).slice(0, 4)) {
    rows.push({ name: r.name, ini: r.ini, mid: r.mid, end: r.end, stageDays: r.stage ? { ini: r.stage.ini, dev: r.stage.dev, mid: r.stage.mid, late: r.stage.late } : null, planting: r.stage?.planting ?? null, regionOfStudy: r.stage?.regionOfStudy ?? null });
    ids.push(r.src);
  }
  return {
    tool: "crop_coefficients", status: rows.length ? "ok" : "no_figure", crop: picked.crop, cropEn: englishName(picked.crop), rows,
    sources: citations(ids), fromProfile,
  };
}

/* ------------------------------------------------- irrigation this week */

export interface WeekResult {
  tool: "irrigation_this_week";
  status: "ok" | "out_of_season" | "no_figure" | "unknown_crop" | "unknown_region";
  input?: string;
  crop: string;
  cropEn: string;
  region: string;
  areaHa: number;
  month: number;
  /** "forecast": Open-Meteo's daily ET0 and rain; "normals": the month's climate normals; null: neither. */
  basis: "forecast" | "normals" | null;
  /** Why the forecast was not used, when it was not. */
  forecastMissing: "offline" | "unavailable" | "no_coordinates" | null;
  /** Why there is no figure: no Kc for the crop, or neither a forecast nor normals. */
  reason: "no_kc" | "no_weather" | null;
  days: number;
  kc: number | null;
  et0Mm: number | null;
  rainMm: number | null;
  effectiveRainMm: number | null;
  netMm: number | null;
  volumeM3: number | null;
  sources: Record<string, string>;
  fromProfile: PersonaField[];
}

/** Today's month in Azerbaijan (UTC+4). */
function currentMonth(now: Date): number {
  return new Date(now.getTime() + 4 * 3600_000).getUTCMonth() + 1;
}

export async function irrigationThisWeek(args: { crop?: string; areaHa?: number; region?: string }, ctx: RunContext): Promise<WeekResult> {
  const month = currentMonth(ctx.now());
  const monthly = irrigationNeed({ ...args, month }, ctx);
  const base = {
    tool: "irrigation_this_week" as const, month, crop: monthly.crop, cropEn: monthly.cropEn, region: monthly.region, areaHa: monthly.areaHa,
    days: 7, reason: null, kc: null, et0Mm: null, rainMm: null, effectiveRainMm: null, netMm: null, volumeM3: null, fromProfile: monthly.fromProfile,
  };
  if (monthly.status === "unknown_crop" || monthly.status === "unknown_region") {
    return { ...base, status: monthly.status, input: monthly.input, basis: null, forecastMissing: null, sources: {} };
  }
  if (monthly.status === "no_kc") return { ...base, status: "no_figure", reason: "no_kc", basis: null, forecastMissing: null, sources: {} };
  if (monthly.status === "out_of_season") return { ...base, status: "out_of_season", basis: null, forecastMissing: null, sources: monthly.sources };
  // The Kc of this month's growth stage (FAO-56 curve, or mid-season for plantations without stage lengths).
  const data = cropData(monthly.crop);
  const start = data ? seasonStart(data) : null;
  const stageKc = data && start ? stageInMonth(data, start.month, month)?.kc : undefined;
  const kc = monthly.months[0]?.kc ?? stageKc ?? (monthly.kcAssumption ? monthly.kc?.mid : undefined) ?? null;

  const station = stationForDistrict(monthly.region);
  const forecast = station && kc !== null ? await ctx.weather.forecast({ lat: station.lat, lon: station.lon }) : null;
  if (forecast && kc !== null) {
    const days = Math.min(7, forecast.dates.length);
    const et0 = forecast.et0Mm.slice(0, days).reduce((a, b) => a + b, 0);
    const rain = forecast.precipMm.slice(0, days).reduce((a, b) => a + b, 0);
    // USDA SCS effective rainfall is defined on monthly totals: apply it to the week's rain at its monthly rate.
    const effective = (effectiveRainfall((rain * 30) / days) * days) / 30;
    const net = Math.max(0, kc * et0 - effective);
    ctx.usedFields.add("region");
    return {
      ...base, status: "ok", basis: "forecast", forecastMissing: null, days, kc: Math.round(kc * 100) / 100,
      et0Mm: Math.round(et0 * 10) / 10, rainMm: Math.round(rain * 10) / 10, effectiveRainMm: Math.round(effective * 10) / 10,
      netMm: Math.round(net), volumeM3: Math.round(net * monthly.areaHa) * 10,
      sources: { ...citations([...sourceIds(cropData(monthly.crop)?.kc?.src), ...(station ? [station.src] : [])]), OPEN_METEO: "Open-Meteo forecast API (open-meteo.com), daily FAO-56 ET0 and precipitation" },
    };
  }
  const forecastMissing = ctx.weather.provider === "offline" ? "offline" : station ? "unavailable" : "no_coordinates";
  const m = monthly.months[0];
  if (monthly.status !== "ok" || !m || m.netMm === null) {
    return { ...base, status: "no_figure", reason: "no_weather", basis: null, forecastMissing, kc, sources: {} };
  }
  const daysInMonth = new Date(Date.UTC(2025, month, 0)).getUTCDate();
  const net = (m.netMm * 7) / daysInMonth;
  return {
    ...base, status: "ok", basis: "normals", forecastMissing, kc: m.kc, et0Mm: Math.round(m.et0MmPerDay * 7 * 10) / 10,
    rainMm: m.precipMm === null ? null : Math.round(((m.precipMm * 7) / daysInMonth) * 10) / 10,
    effectiveRainMm: m.effectiveRainMm === null ? null : Math.round(((m.effectiveRainMm * 7) / daysInMonth) * 10) / 10,
    netMm: Math.round(net), volumeM3: Math.round(net * monthly.areaHa) * 10, sources: monthly.sources,
  };
}

/* ------------------------------------------------------ LangChain tools */

export type KnowledgeResult = PestsResult | CoefficientsResult | WeekResult;

const cropArg = z.string().min(1).max(60).optional()
  .describe("Crop, Azerbaijani or English name (e.g. Pambıq / cotton). Omit to use the farmer's main crop.");

const knowledgeTool = <S extends z.ZodObject>(name: string, description: string, schema: S, run: (args: z.infer<S>, ctx: RunContext) => KnowledgeResult | Promise<KnowledgeResult>) =>
  groundedTool(name, description, schema, run);

export const knowledgeTools = [
  knowledgeTool(KNOWLEDGE_TOOL_NAMES.pests, "Pests and diseases of a crop in Azerbaijan (and comparable countries) with the published control guidance, or no record.", z.object({ crop: cropArg }), pestsDiseases),
  knowledgeTool(KNOWLEDGE_TOOL_NAMES.coefficients, "FAO-56 crop coefficients (Kc initial/mid/end) and growth-stage lengths of a crop.", z.object({ crop: cropArg }), cropCoefficients),
  knowledgeTool(
    KNOWLEDGE_TOOL_NAMES.week,
    "Irrigation need for the coming 7 days: ET0 × Kc − effective rain for the farmer's area, from the weather forecast when reachable, else from the climate normals (the result says which).",
    z.object({
      crop: cropArg,
      areaHa: z.number().positive().max(100_000).optional().describe("Area in hectares. Omit to use the farmer's farm area."),
      region: z.string().min(1).max(60).optional().describe("District. Omit to use the farmer's region."),
    }),
    (args, ctx) => irrigationThisWeek(args, ctx),
  ),
];

