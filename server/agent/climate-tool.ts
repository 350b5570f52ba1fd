/**
 * The advisor's climate tool: a district's climate normals for a month, or a yearly summary, from the
 * nearest station of ./data/agronomy.json; partial figures where the data has no monthly table.
 */
import { citations, climateEntry, DISTRICT_CLIMATE, sourceIds } from "./agronomy.js";
import { catalogueRegionNames } from "./catalogue-words.js";
import type { RunContext } from "./configuration.js";
import { pickRegion, recordFromProfile } from "./tool-arguments.js";
import type { ClimatePartialItem, ClimateResult } from "./tool-results.js";

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
  const fromProfile = recordFromProfile(ctx, [region.fromProfile && "region"]);
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
