/**
 * Irrigation for the coming week: the advisor's `irrigation_this_week` tool (./knowledge.ts) and the
 * figures it contributes at "advisor:irrigation-week" (./extension.ts) for the weather plugin's
 * "this week" panel. The forecast is whatever a plugin contributed at "advisor:weather"; without one
 * (or when it fails) the week comes from the climate normals.
 */
import { citations, cropData, sourceIds, stageInMonth, seasonStart } from "./agronomy.js";
import { stationForDistrict } from "./additions.js";
import type { RunContext } from "./configuration.js";
import type { ForecastProvider, IrrigationWeekContribution, WeekResult } from "./extension.js";
import { forecastWeek, irrigationNeed } from "./irrigation.js";

export type { WeekResult } from "./extension.js";

/** What the week reads of a run: the farm, the clock, the forecast, and where it records the persona fields it used. */
export type WeekContext = Pick<RunContext, "persona" | "usedFields" | "now"> & { readonly weather?: ForecastProvider };

/** Today's month in Azerbaijan (UTC+4). */
function currentMonth(now: Date): number {
  return new Date(now.getTime() + 4 * 3600_000).getUTCMonth() + 1;
}

/**
 * The irrigation need of the coming 7 days: ET0 × Kc − effective rain for the farmer's area, from the
 * contributed forecast's daily ET0 and rain at the district's station when it answers, else a week of
 * this month's climate normals (./irrigation.ts); the result's `basis` says which.
 */
export async function irrigationThisWeek(args: { crop?: string; areaHa?: number; region?: string }, ctx: WeekContext): Promise<WeekResult> {
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
  const forecast = station && kc !== null && ctx.weather ? await ctx.weather.forecast({ lat: station.lat, lon: station.lon }) : null;
  if (forecast && kc !== null) {
    const { days, et0, rain, effective } = forecastWeek(forecast);
    const net = Math.max(0, kc * et0 - effective);
    ctx.usedFields.add("region");
    return {
      ...base, status: "ok", basis: "forecast", forecastMissing: null, days, kc: Math.round(kc * 100) / 100,
      et0Mm: Math.round(et0 * 10) / 10, rainMm: Math.round(rain * 10) / 10, effectiveRainMm: Math.round(effective * 10) / 10,
      netMm: Math.round(net), volumeM3: Math.round(net * monthly.areaHa) * 10,
      sources: { ...citations([...sourceIds(cropData(monthly.crop)?.kc?.src), ...(station ? [station.src] : [])]), OPEN_METEO: "Open-Meteo forecast API (open-meteo.com), daily FAO-56 ET0 and precipitation" },
    };
  }
  const forecastMissing = !ctx.weather || ctx.weather.provider === "offline" ? "offline" : station ? "unavailable" : "no_coordinates";
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

/** The week for a farm outside a chat run (the weather plugin's panel): the farmer's own crop, district and area. */
export const irrigationWeek: IrrigationWeekContribution = {
  week(persona, { weather, now = new Date() }) {
    return irrigationThisWeek({}, { persona, usedFields: new Set(), now: () => now, weather });
  },
};
