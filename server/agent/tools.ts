/**
 * The advisor's tools. Each answers from ./data/agronomy.json only, names its source ids, and says
 * "no sourced figure" where the data has a null. Missing arguments are filled from the farmer's
 * persona (crop, region, area); the persona fields used that way are recorded for the run.
 * Results are JSON for the model (the offline model renders them into words; others read them).
 */
import { tool } from "@langchain/core/tools";
import type { RunnableConfig } from "@langchain/core/runnables";
import { z } from "zod";
import { resolveCrop } from "./understanding/index.js";
import { experienceLevels, isCropGrownIn, regionOfPlace, type ExperienceLevel, type PersonaField, type PersonaPatch } from "../personas/extension.js";
import { ensureRunContext, type RunContext } from "./configuration.js";
import { isAbortError } from "./errors.js";
import { additionsCrop, additionsCropKeys, fertilizerRecords, type FertilizerRecordOut } from "./additions.js";
import { citations, climateEntry, cropData, cropKeys, DISTRICT_CLIMATE, nutrientKg, sourceIds, type CropData } from "./agronomy.js";
import { catalogueCropNames, catalogueRegionNames, resolveDistrict } from "./catalogue-words.js";
import { resolveCropName } from "../text/crops.js";
import { irrigationAdvice, type IrrigationResult } from "./irrigation.js";

export const TOOL_NAMES = {
  calendar: "crop_calendar",
  irrigation: "irrigation_need",
  fertilizer: "fertilizer_plan",
  climate: "climate_normals",
  profile: "propose_profile_change",
} as const;
export type ToolName = (typeof TOOL_NAMES)[keyof typeof TOOL_NAMES];

/* --------------------------------------------------------- result types */

interface ResultBase {
  sources: Record<string, string>;
  /** Persona fields this answer took from the farmer's profile. */
  fromProfile: PersonaField[];
}

export interface CalendarResult extends ResultBase {
  tool: "crop_calendar";
  status: "ok" | "no_figure" | "unknown_crop";
  input?: string;
  knownCrops?: string[];
  crop: string;
  cropEn: string;
  region: string | null;
  /** Whether the catalogue lists the crop for the region (null: region unknown). */
  typicalInRegion: boolean | null;
  sowingMonths: number[] | null;
  harvestMonths: number[] | null;
  /** Dated events of ./data/agronomy-additions.json (planting saplings, transplanting …), each with its source. */
  events: { item: string; months: number[]; src: string }[];
  regionSpecific: false;
  note: string;
}

export interface FertilizerResult extends ResultBase {
  tool: "fertilizer_plan";
  status: "ok" | "no_figure" | "unknown_crop";
  input?: string;
  knownCrops?: string[];
  crop: string;
  cropEn: string;
  areaHa: number;
  perHa: { N: number | null; P2O5: number | null; K2O: number | null };
  totalKg: { N: number | null; P2O5: number | null; K2O: number | null };
  /** Records of ./data/agronomy-additions.json, each with its country and kind (trial, norm …). */
  records: FertilizerRecordOut[];
  note: string;
}

export interface ClimatePartialItem {
  kind: "tmean" | "precip" | "annual_tmean" | "annual_precip";
  months?: number[];
  value: number | string;
}

export interface ClimateResult extends ResultBase {
  tool: "climate_normals";
  status: "ok" | "partial" | "no_figure" | "unknown_region";
  input?: string;
  region: string;
  climateKey: string | null;
  stationRegion: string | null;
  station: string | null;
  stationNearest: boolean;
  month: number | null;
  period: string | null;
  values: { tmeanC: number | null; tmaxC: number | null; tminC: number | null; precipMm: number | null } | null;
  annual: {
    warmest: { month: number; tmeanC: number };
    coldest: { month: number; tmeanC: number };
    precipTotalMm: number | null;
    wettest: { month: number; precipMm: number } | null;
  } | null;
  partial: ClimatePartialItem[];
  note: string;
}

export interface ProfileResult extends ResultBase {
  tool: "propose_profile_change";
  /** proposed: waiting for the farmer's Accept on the card under the answer; the profile itself is unchanged. */
  status: "proposed" | "nothing_to_update" | "rejected" | "failed";
  patch: PersonaPatch;
  rejected: { field: string; value: string; reason: string }[];
  profile: { region: string; cropType: string; totalAreaHa: number; experienceLevel: ExperienceLevel };
  message?: string;
}

export type ToolResult = CalendarResult | IrrigationResult | FertilizerResult | ClimateResult | ProfileResult;

/* ------------------------------------------------------ argument filling */

function round(value: number, decimals = 1): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

type CropPick = { ok: true; crop: string; data: CropData; fromProfile: boolean } | { ok: false; input: string };

function pickCrop(arg: string | undefined, ctx: RunContext): CropPick {
  const persona = ctx.persona;
  const input = arg?.trim() || persona.cropType;
  // The knowledge index reads what a model or a farmer writes ("pambiga", "tomatoes") like the offline router.
  const crop = resolveCropName(input, cropKeys) ?? resolveCrop(input);
  const data = crop ? cropData(crop) : undefined;
  if (!crop || !data) return { ok: false, input };
  return { ok: true, crop, data, fromProfile: crop === persona.cropType };
}

function pickRegion(arg: string | undefined, ctx: RunContext): { region: string | undefined; input: string; fromProfile: boolean } {
  const input = arg?.trim() || ctx.persona.region;
  const region = resolveDistrict(input);
  return { region, input, fromProfile: region !== undefined && region === ctx.persona.region };
}

function pickArea(arg: number | undefined, ctx: RunContext): { areaHa: number; fromProfile: boolean } {
  const areaHa = arg ?? ctx.persona.totalAreaHa;
  return { areaHa, fromProfile: areaHa === ctx.persona.totalAreaHa };
}

function record(ctx: RunContext, fields: (PersonaField | false)[]): PersonaField[] {
  const used = fields.filter((f): f is PersonaField => f !== false);
  for (const f of used) ctx.usedFields.add(f);
  return used;
}

/* ---------------------------------------------------------- calendar */

export function cropCalendar(args: { crop?: string; region?: string }, ctx: RunContext): CalendarResult {
  const crop = pickCrop(args.crop, ctx);
  const region = pickRegion(args.region, ctx);
  if (!crop.ok) {
    return {
      tool: "crop_calendar", status: "unknown_crop", input: crop.input, knownCrops: [...cropKeys],
      crop: crop.input, cropEn: crop.input, region: region.region ?? null, typicalInRegion: null,
      sowingMonths: null, harvestMonths: null, events: [], regionSpecific: false, note: "The crop is not in the data.",
      sources: {}, fromProfile: [],
    };
  }
  const { data } = crop;
  const fromProfile = record(ctx, [crop.fromProfile && "cropType", region.fromProfile && "region"]);
  const events = (additionsCrop(crop.crop)?.calendar ?? [])
    .map((e) => ({ item: e.item, months: e.months ?? e.months_aran ?? [], src: e.src }))
    .filter((e) => e.months.length > 0 && /^(planting|transplanting)\b/i.test(e.item))
    .slice(0, 2);
  const hasAny = data.sowing_months !== null || data.harvest_months !== null || events.length > 0;
  return {
    tool: "crop_calendar",
    status: hasAny ? "ok" : "no_figure",
    events,
    crop: crop.crop,
    cropEn: data.en,
    region: region.region ?? null,
    typicalInRegion: region.region && catalogueRegionNames.includes(region.region) ? isCropGrownIn(region.region, crop.crop) : null,
    sowingMonths: data.sowing_months,
    harvestMonths: data.harvest_months,
    regionSpecific: false,
    note: `${data.notes} The months are not specific to one district: they come from news reports for particular districts and years.`,
    sources: citations([...sourceIds(data.calendar_src), ...events.map((e) => e.src)]),
    fromProfile,
  };
}

/* -------------------------------------------------------- irrigation */

// The irrigation need lives in ./irrigation.ts (Kc for every catalogue crop, forecast → normals → Hargreaves).
export { irrigationNeed, irrigationAdvice, type IrrigationMonth, type IrrigationResult, type IrrigationFigure, type IrrigationEt0Method } from "./irrigation.js";

/* -------------------------------------------------------- fertilizer */

export function fertilizerPlan(args: { crop?: string; areaHa?: number }, ctx: RunContext): FertilizerResult {
  const crop = pickCrop(args.crop, ctx);
  const area = pickArea(args.areaHa, ctx);
  const none = { N: null, P2O5: null, K2O: null };
  // Crops only the additions know (barley, alfalfa, sunflower …) have records but no agronomy.json entry.
  const extra = crop.ok ? undefined : resolveCropName(crop.input, additionsCropKeys);
  if (!crop.ok && extra) {
    const records = fertilizerRecords(extra, area.areaHa);
    const fromProfile = record(ctx, [extra === ctx.persona.cropType && "cropType", area.fromProfile && "totalAreaHa"]);
    return {
      tool: "fertilizer_plan", status: records.length ? "ok" : "no_figure", crop: extra, cropEn: additionsCrop(extra)?.en ?? extra,
      areaHa: area.areaHa, perHa: none, totalKg: none, records, note: "", sources: citations(records.map((r) => r.src)), fromProfile,
    };
  }
  if (!crop.ok) {
    return {
      tool: "fertilizer_plan", status: "unknown_crop", input: crop.input, knownCrops: [...cropKeys], crop: crop.input, cropEn: crop.input,
      areaHa: area.areaHa, perHa: none, totalKg: none, records: [], note: "The crop is not in the data.", sources: {}, fromProfile: [],
    };
  }
  const { data } = crop;
  const fromProfile = record(ctx, [crop.fromProfile && "cropType", area.fromProfile && "totalAreaHa"]);
  const npk = data.npk_kg_per_ha;
  const perHa = npk.src ? { N: nutrientKg(npk.N), P2O5: nutrientKg(npk.P2O5), K2O: nutrientKg(npk.K2O) } : none;
  const total = (v: number | null) => (v === null ? null : Math.round(v * area.areaHa));
  const records = fertilizerRecords(crop.crop, area.areaHa);
  const hasAny = perHa.N !== null || perHa.P2O5 !== null || perHa.K2O !== null;
  return {
    tool: "fertilizer_plan",
    status: hasAny || records.length ? "ok" : "no_figure",
    crop: crop.crop,
    cropEn: data.en,
    areaHa: area.areaHa,
    perHa,
    totalKg: { N: total(perHa.N), P2O5: total(perHa.P2O5), K2O: total(perHa.K2O) },
    note: hasAny
      ? `${npk.note ?? ""} Figures from the cited source, not an official recommendation; adjust to a soil test.`.trim()
      : `No sourced N/P2O5/K2O rate for ${data.en} in the data. ${npk.note ?? ""}`.trim(),
    records,
    sources: citations([...sourceIds(npk.src), ...records.map((r) => r.src)]),
    fromProfile,
  };
}

/* ----------------------------------------------------------- climate */

function partialItems(partial: Record<string, unknown> | undefined, month: number | null): ClimatePartialItem[] {
  if (!partial) return [];
  const items: ClimatePartialItem[] = [];
  const wants = (m: number) => month === null || month === m;
  const precip = partial.precip_mm;
  if (precip && typeof precip === "object") {
    for (const [key, value] of Object.entries(precip as Record<string, unknown>)) {
      const m = Number(key);
      if (typeof value === "number" && wants(m)) items.push({ kind: "precip", months: [m], value });
    }
  }
  if (typeof partial.jan_tmean_c === "number" && wants(1)) items.push({ kind: "tmean", months: [1], value: partial.jan_tmean_c });
  if (typeof partial.jun_aug_tmean_c === "string" && (month === null || (month >= 6 && month <= 8))) {
    items.push({ kind: "tmean", months: [6, 7, 8], value: partial.jun_aug_tmean_c });
  }
  if (typeof partial.annual_tmean_c === "number") items.push({ kind: "annual_tmean", value: partial.annual_tmean_c });
  if (typeof partial.annual_precip_mm === "number") items.push({ kind: "annual_precip", value: partial.annual_precip_mm });
  return items;
}

export function climateNormals(args: { region?: string; month?: number }, ctx: RunContext): ClimateResult {
  const region = pickRegion(args.region, ctx);
  const month = args.month ?? null;
  const mapped = region.region ? (DISTRICT_CLIMATE[region.region] ?? null) : null;
  const climateKey = mapped?.key ?? null;
  const entry = climateKey ? climateEntry(climateKey) : undefined;
  const fromProfile = record(ctx, [region.fromProfile && "region"]);
  const base = {
    tool: "climate_normals" as const,
    region: region.region ?? region.input,
    climateKey,
    stationRegion: entry?.data.region ?? null,
    station: entry?.data.station ?? null,
    stationNearest: mapped !== null && !mapped.own,
    month,
    period: entry?.data.period ?? null,
    fromProfile,
  };
  if (!region.region) {
    return { ...base, status: "unknown_region", input: region.input, values: null, annual: null, partial: [], note: `Unknown district. Known: ${catalogueRegionNames.join(", ")}.`, sources: {}, fromProfile: [] };
  }
  if (!entry) {
    return { ...base, status: "no_figure", values: null, annual: null, partial: [], note: `No climate-normal entry for ${region.region} in the data.`, sources: {}, fromProfile };
  }
  const { months } = entry.data;
  if (!months.tmean_c) {
    const partial = partialItems(entry.data.partial, month);
    return {
      ...base, status: partial.length ? "partial" : "no_figure", values: null, annual: null, partial, note: entry.data.note,
      sources: citations(sourceIds(entry.data.src)),
    };
  }
  // The first source of an entry is its monthly table; the others only give annual ranges.
  const sources = citations(sourceIds(entry.data.src).slice(0, 1));
  const tmean = months.tmean_c;
  const at = (series: number[] | null | undefined, m: number) => series?.[m - 1] ?? null;
  if (month !== null) {
    return {
      ...base,
      status: "ok",
      values: { tmeanC: at(tmean, month), tmaxC: at(months.tmax_c, month), tminC: at(months.tmin_c, month), precipMm: at(months.precip_mm, month) },
      annual: null,
      partial: [],
      note: entry.data.note,
      sources,
    };
  }
  let warm = 0;
  let cold = 0;
  tmean.forEach((t, i) => {
    if (t > tmean[warm]!) warm = i;
    if (t < tmean[cold]!) cold = i;
  });
  const precip = months.precip_mm;
  let wet = 0;
  precip?.forEach((p, i) => {
    if (p > precip[wet]!) wet = i;
  });
  return {
    ...base,
    status: "ok",
    values: null,
    annual: {
      warmest: { month: warm + 1, tmeanC: tmean[warm]! },
      coldest: { month: cold + 1, tmeanC: tmean[cold]! },
      precipTotalMm: precip ? Math.round(precip.reduce((a, b) => a + b, 0)) : null,
      wettest: precip ? { month: wet + 1, precipMm: precip[wet]! } : null,
    },
    partial: [],
    note: entry.data.note,
    sources,
  };
}

/* ----------------------------------------------------------- profile */

export async function proposeProfileChange(
  args: { region?: string; cropType?: string; totalAreaHa?: number; experienceLevel?: ExperienceLevel },
  ctx: RunContext,
): Promise<ProfileResult> {
  const patch: PersonaPatch = {};
  const rejected: ProfileResult["rejected"] = [];
  if (args.region !== undefined) {
    const district = resolveDistrict(args.region);
    const region = district ? regionOfPlace(district) : null;
    if (region) patch.region = region;
    else rejected.push({ field: "region", value: args.region, reason: `unknown district; known: ${catalogueRegionNames.join(", ")}` });
  }
  if (args.cropType !== undefined) {
    const crop = resolveCropName(args.cropType, catalogueCropNames);
    if (crop) patch.cropType = crop;
    else rejected.push({ field: "cropType", value: args.cropType, reason: `not a crop of the catalogue: ${catalogueCropNames.join(", ")}` });
  }
  if (args.totalAreaHa !== undefined) patch.totalAreaHa = round(args.totalAreaHa, 1);
  if (args.experienceLevel !== undefined) patch.experienceLevel = args.experienceLevel;

  const p = ctx.persona;
  const profile = { region: p.region, cropType: p.cropType, totalAreaHa: p.totalAreaHa, experienceLevel: p.experienceLevel };
  const base = { tool: "propose_profile_change" as const, patch, rejected, profile, sources: {}, fromProfile: [] };
  if (Object.keys(patch).length === 0) return { ...base, status: rejected.length ? "rejected" : "nothing_to_update" };
  try {
    // The same validation as a sidebar edit runs behind this call; the persona is never written here.
    const outcome = await ctx.proposePersonaChange(patch);
    if (outcome.status === "rejected") {
      for (const [field, reasons] of Object.entries(outcome.fieldErrors)) {
        rejected.push({ field, value: String((patch as Record<string, unknown>)[field] ?? ""), reason: reasons.join(" ") });
        delete (patch as Record<string, unknown>)[field];
      }
      return { ...base, status: "rejected" };
    }
    if (outcome.status === "nothing_to_update") return { ...base, status: "nothing_to_update" };
    const proposed = Object.fromEntries(Object.entries(outcome.changes).map(([f, c]) => [f, c.new])) as PersonaPatch;
    return { ...base, patch: proposed, status: "proposed" };
  } catch (error) {
    if (isAbortError(error) || ctx.signal.aborted) throw error;
    return { ...base, status: "failed", message: "The proposal could not be saved right now." };
  }
}

/* ------------------------------------------------------ LangChain tools */

const cropArg = z.string().min(1).max(60).optional()
  .describe("Crop, Azerbaijani or English name (e.g. Pambıq / cotton). Omit to use the farmer's main crop.");
const regionArg = z.string().min(1).max(60).optional()
  .describe("District, e.g. Quba, Sabirabad, Şəki, Lənkəran. Omit to use the farmer's region.");
const areaArg = z.number().positive().max(100_000).optional().describe("Area in hectares. Omit to use the farmer's farm area.");
const monthArg = z.number().int().min(1).max(12).optional().describe("Month number 1-12.");

/** A LangChain tool that reports its start and end to the farmer and collects the sources of its figures (also ./knowledge.ts). */
export function groundedTool<S extends z.ZodObject, R extends { sources: Record<string, unknown> }>(
  name: string,
  description: string,
  schema: S,
  run: (args: z.infer<S>, ctx: RunContext) => R | Promise<R>,
) {
  return tool(
    async (args: z.infer<S>, config?: RunnableConfig) => {
      const ctx = ensureRunContext(config);
      ctx.onTool(name, "start");
      try {
        const result = await run(args, ctx);
        for (const id of Object.keys(result.sources)) ctx.sources.add(id);
        const json = JSON.stringify(result);
        ctx.toolResults?.push(json);
        const choices = (result as { quickReplies?: unknown }).quickReplies;
        if (Array.isArray(choices) && choices.length) ctx.quickReplies = choices.map(String);
        return json;
      } finally {
        ctx.onTool(name, "end");
      }
    },
    { name, description, schema },
  );
}

const advisorTool = <S extends z.ZodObject>(name: ToolName, description: string, schema: S, run: (args: z.infer<S>, ctx: RunContext) => ToolResult | Promise<ToolResult>) =>
  groundedTool(name, description, schema, run);

export const advisorTools = [
  advisorTool(
    TOOL_NAMES.calendar,
    "Sowing and harvest months of a crop (sourced reports; not district-specific), and whether the crop is typical for the district.",
    z.object({ crop: cropArg, region: regionArg }),
    cropCalendar,
  ),
  advisorTool(
    TOOL_NAMES.irrigation,
    "Irrigation need of a crop for an area and month: FAO-56 Kc for the growth stage × reference ET0 (this week's forecast when the month is this month and the forecast is reachable, else the nearest station's climate normals, else Hargreaves from its temperatures; the result names the method, station and distance), minus effective rainfall. Without a month, the need for each month of the season. Outside the season it says so and gives the next season's first month.",
    z.object({ crop: cropArg, areaHa: areaArg, month: monthArg, region: regionArg }),
    irrigationAdvice,
  ),
  advisorTool(
    TOOL_NAMES.fertilizer,
    "Fertilizer plan: N, P2O5 and K2O per hectare and totals for the area, or no sourced figure.",
    z.object({ crop: cropArg, areaHa: areaArg }),
    fertilizerPlan,
  ),
  advisorTool(
    TOOL_NAMES.climate,
    "Climate normals of a district: mean, max and min temperature and precipitation for a month, or a yearly summary without a month.",
    z.object({ region: regionArg, month: monthArg }),
    climateNormals,
  ),
  advisorTool(
    TOOL_NAMES.profile,
    "Propose a change to the farmer's profile when they state a fact about their OWN farm (district, main crop, total area in hectares, experience level) that differs from it. Not for a neighbour's farm, questions, hypotheticals, past or planned crops, side crops, or where they live. It does not change the profile: the farmer confirms the proposal on the card shown under the answer.",
    z.object({
      region: z.string().min(1).max(60).optional().describe("District where the farm is, e.g. Quba."),
      cropType: z.string().min(1).max(60).optional().describe("Main crop, Azerbaijani or English name."),
      totalAreaHa: z.number().positive().max(100_000).optional().describe("Total farm area in hectares."),
      experienceLevel: z.enum(experienceLevels).optional(),
    }),
    proposeProfileChange,
  ),
];
