/**
 * The advisor's crop tools: the crop calendar (sowing and harvest months, planting events) and the
 * fertilizer plan (N, P2O5, K2O per hectare and for the area, and the added fertilizer records), from
 * ./data/agronomy.json and ./data/agronomy-additions.json only.
 */
import { isCropGrownIn } from "../personas/extension.js";
import { additionsCrop, additionsCropKeys, fertilizerRecords } from "./additions.js";
import { citations, cropKeys, nutrientKg, sourceIds } from "./agronomy.js";
import { catalogueRegionNames } from "./catalogue-words.js";
import type { RunContext } from "./configuration.js";
import { resolveCropName } from "../text/crops.js";
import { pickArea, pickCrop, pickRegion, recordFromProfile } from "./tool-arguments.js";
import type { CalendarResult, FertilizerResult } from "./tool-results.js";

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
  const fromProfile = recordFromProfile(ctx, [crop.fromProfile && "cropType", region.fromProfile && "region"]);
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

export function fertilizerPlan(args: { crop?: string; areaHa?: number }, ctx: RunContext): FertilizerResult {
  const crop = pickCrop(args.crop, ctx);
  const area = pickArea(args.areaHa, ctx);
  const none = { N: null, P2O5: null, K2O: null };
  // Crops only the additions know (barley, alfalfa, sunflower …) have records but no agronomy.json entry.
  const extra = crop.ok ? undefined : resolveCropName(crop.input, additionsCropKeys);
  if (!crop.ok && extra) {
    const records = fertilizerRecords(extra, area.areaHa);
    const fromProfile = recordFromProfile(ctx, [extra === ctx.persona.cropType && "cropType", area.fromProfile && "totalAreaHa"]);
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
  const fromProfile = recordFromProfile(ctx, [crop.fromProfile && "cropType", area.fromProfile && "totalAreaHa"]);
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
