/**
 * Irrigation need: FAO-56 Kc of the growth stage × reference ET0, minus effective rainfall.
 * ET0 comes, in this order, from the weather forecast (a forecast provider contributed at
 * "advisor:weather", ./extension.ts: FAO-56 ET0 at the district, when reachable and the month asked is this month), from the nearest station's published
 * ET0 normals, or from temperature alone (Hargreaves, FAO-56 eq. 52) with the nearest station's
 * max/min normals; the result names the method, the station and its distance. Kc is in
 * ./data/irrigation.json for every catalogue crop (the nearest FAO-56 crop where FAO-56 has none).
 * Outside the growing season the result says so and gives the first month of the next season.
 */
import type { PersonaField } from "../personas/extension.js";
import { cropData, daysInMonth, effectiveRainfall, et0Hargreaves, extraterrestrialRadiation, midMonthDay, type Stage } from "./agronomy.js";
import type { RunContext } from "./configuration.js";
import type { DailyForecast } from "./extension.js";
import { cropModel, irrigationCropKeys, seasonMonthsOf, seasonOf, stageAt, type CropModel, type KcSource, type Season } from "./irrigation-crops.js";
import { irrigationCitations, nearestStation, normalsStations, placeOf, type NormalsStation } from "./irrigation-data.js";
import { catalogueRegionNames, resolveDistrict } from "./catalogue-words.js";
import { resolveCropName } from "../text/crops.js";
import { round1, round2, week, type Labels, labelsFor } from "./irrigation-labels.js";

export type IrrigationEt0Method = "forecast" | "station_normals" | "hargreaves";

export interface IrrigationMonth {
  month: number;
  stage: Stage;
  kc: number;
  et0MmPerDay: number;
  et0Method: Exclude<IrrigationEt0Method, "forecast">;
  /** The station normals ET0 was estimated from (Hargreaves); none for a published ET0. */
  et0Inputs: { tmaxC?: number; tminC?: number; tmeanC?: number };
  etcMm: number;
  precipMm: number | null;
  effectiveRainMm: number | null;
  netMm: number | null;
  volumeM3: number | null;
}

/** The one figure an answer leads with: a week of the forecast, or a week of the month from the normals. */
export interface IrrigationFigure {
  basis: "forecast_week" | "normals_month";
  month: number;
  /** Forecast days summed (forecast only). */
  days: number | null;
  et0Method: IrrigationEt0Method;
  kc: number;
  et0MmPerDay: number;
  etcMmPerDay: number;
  etcMmPerWeek: number;
  rainMmPerWeek: number | null;
  netMmPerWeek: number | null;
  volumeM3PerWeek: number | null;
}

export interface IrrigationResult {
  tool: "irrigation_need";
  status: "ok" | "no_kc" | "no_climate" | "out_of_season" | "unknown_crop" | "unknown_region";
  input?: string;
  knownCrops?: string[];
  crop: string;
  cropEn: string;
  region: string;
  areaHa: number;
  month: number | null;
  /** The month asked (or, without one, this month) lies in the growing season; null when unknown. */
  inSeason: boolean | null;
  /** Key of the normals station used (./data/irrigation.json stations). */
  climateKey: string | null;
  station: string | null;
  /** ET0 station with its names and distance from the district; null when the forecast alone was used. */
  et0Station: { key: string; name: { az: string; en: string }; distanceKm: number } | null;
  /** Averaging period of the station's normals, when the data states one. */
  period: string | null;
  /** True when the station is not in the district (more than 15 km away). */
  stationNearest: boolean;
  kc: { ini: number; mid: number; end: number } | null;
  /** The FAO-56 Table 12 row the Kc comes from; `nearest` when FAO-56 has no row for the crop. */
  kcSource: KcSource | null;
  /** The growing season: counted from the 15th of its start month for `days` days, ending on `end` (a non-leap year). */
  season: Season | null;
  kcAssumption: "mid_season_all_year" | null;
  et0Method: IrrigationEt0Method | null;
  /** Why the forecast was not used: offline server, not reachable, or another month than this one was asked. */
  forecastMissing: "offline" | "unavailable" | "other_month" | "out_of_season" | null;
  latitude: number | null;
  latitudeAssumed: boolean;
  months: IrrigationMonth[];
  /** In-season months whose net need is zero (rain covers it); only when no month was asked. */
  monthsWithoutNeed: number[];
  totals: { netMm: number; volumeM3: number } | null;
  figure: IrrigationFigure | null;
  /** Out of season: the first month of the next season and its figure (what to plan for instead). */
  nextSeason: { month: number; figure: IrrigationFigure } | null;
  /** The answer's words for the method, station, Kc row and advice, in both languages. */
  labels: Labels | null;
  method: string;
  note: string;
  sources: Record<string, string>;
  fromProfile: PersonaField[];
}

/* ------------------------------------------------------------- months */

function monthFrom(model: CropModel, station: NormalsStation, month: number, areaHa: number): IrrigationMonth | null {
  const stage = stageAt(model, month);
  if (!stage) return null;
  const i = month - 1;
  let et0: number;
  let method: IrrigationMonth["et0Method"];
  let inputs: IrrigationMonth["et0Inputs"] = {};
  if (station.et0MmDay) {
    et0 = station.et0MmDay[i]!;
    method = "station_normals";
  } else {
    const tmax = station.tmaxC![i]!;
    const tmin = station.tminC![i]!;
    et0 = et0Hargreaves(tmax, tmin, extraterrestrialRadiation(station.lat, midMonthDay(month)));
    method = "hargreaves";
    inputs = { tmaxC: tmax, tminC: tmin, tmeanC: round1((tmax + tmin) / 2) };
  }
  const etcMm = stage.kc * et0 * daysInMonth(month);
  const precip = station.precipMm?.[i] ?? null;
  const effective = precip === null ? null : effectiveRainfall(precip);
  const net = effective === null ? null : Math.max(0, etcMm - effective);
  return {
    month, stage: stage.stage, kc: round2(stage.kc), et0MmPerDay: round1(et0), et0Method: method, et0Inputs: inputs,
    etcMm: Math.round(etcMm), precipMm: precip, effectiveRainMm: effective === null ? null : Math.round(effective),
    netMm: net === null ? null : Math.round(net),
    // 1 mm over 1 ha = 10 m³; rounded to 10 m³, the estimate is not more precise than that.
    volumeM3: net === null ? null : Math.round(net * areaHa) * 10,
  };
}

function figureOfMonth(m: IrrigationMonth, areaHa: number): IrrigationFigure {
  const days = daysInMonth(m.month);
  const etcDay = m.kc * m.et0MmPerDay;
  const netWeek = m.netMm === null ? null : (m.netMm * 7) / days;
  return {
    basis: "normals_month", month: m.month, days: null, et0Method: m.et0Method, kc: m.kc, et0MmPerDay: m.et0MmPerDay,
    etcMmPerDay: round1(etcDay), etcMmPerWeek: week(etcDay), rainMmPerWeek: m.precipMm === null ? null : round1((m.precipMm * 7) / days),
    netMmPerWeek: netWeek === null ? null : round1(netWeek), volumeM3PerWeek: netWeek === null ? null : Math.round(netWeek * areaHa) * 10,
  };
}

/** The forecast's first 7 days (or fewer) summed: ET0, rain, and the part of the rain the crop can use. */
export function forecastWeek(forecast: DailyForecast): { days: number; et0: number; rain: number; effective: number } {
  const days = Math.min(7, forecast.dates.length);
  const et0 = forecast.et0Mm.slice(0, days).reduce((a, b) => a + b, 0);
  const rain = forecast.precipMm.slice(0, days).reduce((a, b) => a + b, 0);
  // USDA SCS effective rainfall is defined on monthly totals: applied to the week's rain at its monthly rate.
  const effective = (effectiveRainfall((rain * 30) / days) * days) / 30;
  return { days, et0, rain, effective };
}

/** This month in Azerbaijan (UTC+4). */
export function bakuMonth(now: Date): number {
  return new Date(now.getTime() + 4 * 3600_000).getUTCMonth() + 1;
}

/* --------------------------------------------------------- the tool */

/** What the irrigation need reads of a run: the farm, the clock, and where it records the persona fields it used. */
export type IrrigationContext = Pick<RunContext, "persona" | "usedFields" | "now">;

function used(ctx: IrrigationContext, fields: (PersonaField | false)[]): PersonaField[] {
  const out = fields.filter((f): f is PersonaField => f !== false);
  for (const f of out) ctx.usedFields.add(f);
  return out;
}

export interface IrrigationArgs {
  crop?: string;
  areaHa?: number;
  month?: number;
  region?: string;
}

/**
 * The irrigation need from the climate normals (no network): one month, or every month of the season.
 * `stations` replaces the shipped normals stations (tests).
 */
export function irrigationNeed(args: IrrigationArgs, ctx: IrrigationContext, stations: readonly NormalsStation[] = normalsStations()): IrrigationResult {
  const cropInput = args.crop?.trim() || ctx.persona.cropType;
  const cropKey = resolveCropName(cropInput, irrigationCropKeys);
  const regionInput = args.region?.trim() || ctx.persona.region;
  const region = resolveDistrict(regionInput);
  const areaHa = args.areaHa ?? ctx.persona.totalAreaHa;
  const month = args.month ?? null;
  const base = {
    tool: "irrigation_need" as const, region: region ?? regionInput, areaHa, month, inSeason: null, climateKey: null, station: null, et0Station: null,
    period: null, stationNearest: false, kc: null, kcSource: null, season: null, kcAssumption: null, et0Method: null, forecastMissing: null,
    latitude: null, latitudeAssumed: false, months: [] as IrrigationMonth[], monthsWithoutNeed: [] as number[], totals: null, figure: null,
    nextSeason: null, labels: null, method: "", note: "", sources: {}, fromProfile: [] as PersonaField[],
  };
  const model = cropKey ? cropModel(cropKey) : null;
  if (!cropKey) {
    return { ...base, status: "unknown_crop", input: cropInput, knownCrops: [...irrigationCropKeys], crop: cropInput, cropEn: cropInput, note: "The crop is not in the data." };
  }
  const cropFields = { crop: cropKey, cropEn: model?.en ?? cropData(cropKey)?.en ?? cropKey };
  const fromProfile = used(ctx, [cropKey === ctx.persona.cropType && "cropType", region !== undefined && region === ctx.persona.region && "region", args.areaHa === undefined && "totalAreaHa"]);
  if (!region) {
    return { ...base, ...cropFields, status: "unknown_region", input: regionInput, fromProfile, note: `Unknown district. Known: ${catalogueRegionNames.join(", ")}.` };
  }
  if (!model) {
    return { ...base, ...cropFields, status: "no_kc", fromProfile, note: `No FAO-56 crop coefficient (Kc) for ${cropFields.cropEn} in the data.` };
  }
  const kc = { ini: model.data.kc!.ini, mid: model.data.kc!.mid, end: model.data.kc!.end };
  const seasonList = seasonMonthsOf(model);
  const season = model.start && model.data.stage_days
    ? seasonOf(model.start, model.data.stage_days.ini + model.data.stage_days.dev + model.data.stage_days.mid + model.data.stage_days.late, seasonList)
    : null;
  const withKc = { ...base, ...cropFields, kc, kcSource: model.kcSource, season, kcAssumption: model.allYear ? ("mid_season_all_year" as const) : null, fromProfile };
  const place = placeOf(region);
  const near = place ? nearestStation(place, stations) : null;
  if (!place || !near) {
    return { ...withKc, status: "no_climate", sources: irrigationCitations(model.sourceIds), note: `No position or normals station for ${region} in the data.` };
  }
  const { station, km } = near;
  const stationFields = {
    climateKey: station.key, station: station.name.en, period: station.period, stationNearest: km > 15,
    et0Station: { key: station.key, name: station.name, distanceKm: Math.round(km) }, latitude: station.lat, latitudeAssumed: false,
  };
  const sources = irrigationCitations([...model.sourceIds, ...station.sources, place.src]);
  const current = bakuMonth(ctx.now());
  const inSeason = stageAt(model, month ?? current) !== null;
  const labels = labelsFor({ crop: cropKey, cropEn: cropFields.cropEn, region, kcSource: model.kcSource, station: stationFields.et0Station, period: station.period });
  const common = { ...withKc, ...stationFields, inSeason, labels, sources, method: labels.en.formula, note: `${labels.en.kc} ${model.kcSource.note ?? ""}`.trim() };

  if (month !== null && !inSeason) {
    const next = seasonList[0] === undefined ? null : seasonList.find((m) => m > month) ?? seasonList[0]!;
    const nextMonth = next === null ? null : monthFrom(model, station, next, areaHa);
    return { ...common, status: "out_of_season", et0Method: null, nextSeason: nextMonth ? { month: nextMonth.month, figure: figureOfMonth(nextMonth, areaHa) } : null };
  }
  const computed = (month !== null ? [month] : model.allYear ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : seasonList)
    .map((m) => monthFrom(model, station, m, areaHa))
    .filter((m): m is IrrigationMonth => m !== null);
  const withNeed = month !== null ? computed : computed.filter((c) => (c.netMm ?? 0) > 0);
  const totals = month === null && withNeed.every((c) => c.netMm !== null)
    ? { netMm: withNeed.reduce((s, c) => s + (c.netMm ?? 0), 0), volumeM3: withNeed.reduce((s, c) => s + (c.volumeM3 ?? 0), 0) }
    : null;
  const figureMonth = computed.find((c) => c.month === (month ?? current));
  return {
    ...common, status: "ok", et0Method: computed[0]?.et0Method ?? null, forecastMissing: null, months: withNeed,
    monthsWithoutNeed: month === null ? computed.filter((c) => (c.netMm ?? 0) === 0).map((c) => c.month) : [],
    totals, figure: figureMonth ? figureOfMonth(figureMonth, areaHa) : null,
  };
}

/**
 * The irrigation need with the forecast first: when the month asked is this month (or none was asked)
 * and the crop is in season, this week's figure comes from the forecast's daily FAO-56 ET0 and rain at
 * the district; otherwise, or when the forecast is off or unreachable, from the normals (irrigationNeed).
 */
export async function irrigationAdvice(args: IrrigationArgs, ctx: RunContext): Promise<IrrigationResult> {
  const result = irrigationNeed(args, ctx);
  if (result.status !== "ok") return result;
  const current = bakuMonth(ctx.now());
  if (args.month !== undefined && args.month !== current) return { ...result, forecastMissing: "other_month" };
  const model = cropModel(result.crop);
  const stage = model ? stageAt(model, current) : null;
  if (!stage) return { ...result, forecastMissing: "out_of_season" };
  const place = placeOf(result.region);
  // No forecast provider (no weather plugin) counts as a forecast switched off.
  const forecast = place && ctx.weather ? await ctx.weather.forecast({ lat: place.lat, lon: place.lon }) : null;
  if (!forecast) return { ...result, forecastMissing: !ctx.weather || ctx.weather.provider === "offline" ? "offline" : "unavailable" };
  const { days, et0, rain, effective } = forecastWeek(forecast);
  const etc = stage.kc * et0;
  const net = Math.max(0, etc - effective);
  const perWeek = (v: number) => round1((v * 7) / days);
  const figure: IrrigationFigure = {
    basis: "forecast_week", month: current, days, et0Method: "forecast", kc: round2(stage.kc), et0MmPerDay: round1(et0 / days),
    etcMmPerDay: round1(etc / days), etcMmPerWeek: perWeek(etc), rainMmPerWeek: perWeek(rain), netMmPerWeek: perWeek(net),
    volumeM3PerWeek: Math.round(((net * 7) / days) * result.areaHa) * 10,
  };
  const labels = model ? labelsFor({ crop: result.crop, cropEn: result.cropEn, region: result.region, kcSource: model.kcSource, station: result.et0Station, period: result.period, forecastDays: days }) : result.labels;
  return {
    ...result, figure, et0Method: "forecast", forecastMissing: null, labels,
    sources: { ...result.sources, ...irrigationCitations(place ? [place.src] : []), OPEN_METEO: "Open-Meteo forecast API (open-meteo.com), daily FAO-56 ET0 and precipitation" },
  };
}

