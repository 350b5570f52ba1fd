/**
 * The offline model's climate answer: a district's climate normals for a month or the year (../climate-tool.ts),
 * naming the station and its period, or the partial figures the data has. Every number comes from the tool result.
 */
import type { ClimatePartialItem, ClimateResult } from "../tool-results.js";
import { formatMonthList, monthName } from "../../text/months.js";
import { num, period, place, unknownRegion, type L } from "./offline-words.js";

function stationLabel(r: { climateKey: string | null; region: string; stationNearest: boolean }, lang: L): string {
  if (!r.climateKey) return "";
  if (!r.stationNearest) return lang === "az" ? `${r.climateKey} stansiyası` : `the ${r.climateKey} station`;
  return lang === "az"
    ? `${r.climateKey} stansiyası (${place(r.region, lang)} üçün məlumatlarımdakı ən yaxın stansiya)`
    : `the ${r.climateKey} station (the nearest one in my data for ${place(r.region, lang)})`;
}

function partialItem(item: ClimatePartialItem, lang: L): string {
  const months = item.months ? formatMonthList(item.months, lang) : "";
  const value = typeof item.value === "number" ? num(item.value, lang) : item.value.replace("-", "–");
  switch (item.kind) {
    case "tmean":
      return lang === "az" ? `${months} orta temperatur ${value} °C` : `${months} mean temperature ${value} °C`;
    case "precip":
      return lang === "az" ? `${months} yağıntı ${value} mm` : `${months} precipitation ${value} mm`;
    case "annual_tmean":
      return lang === "az" ? `illik orta temperatur ${value} °C` : `annual mean temperature ${value} °C`;
    case "annual_precip":
      return lang === "az" ? `illik yağıntı ${value} mm` : `annual precipitation ${value} mm`;
  }
}

export function climate(r: ClimateResult, lang: L): string {
  if (r.status === "unknown_region") return unknownRegion(r.input ?? r.region, lang);
  const station = stationLabel(r, lang);
  if (r.status === "no_figure") {
    return lang === "az"
      ? `${place(r.region, lang)} üçün mənbəli iqlim normaları məlumatlarımda yoxdur, ona görə rəqəm vermirəm.`
      : `I have no sourced climate normals for ${place(r.region, lang)}, so I will not give a figure.`;
  }
  if (r.status === "partial") {
    const items = r.partial.map((i) => partialItem(i, lang)).join("; ");
    return lang === "az"
      ? `${place(r.region, lang)} üçün tam aylıq cədvəl yoxdur; ${station} üzrə qismən rəqəmlər (${period(r.period, lang)}): ${items}.`
      : `My data has no full monthly table for ${place(r.region, lang)}; partial figures for ${station} (${period(r.period, lang)}): ${items}.`;
  }
  if (r.values && r.month !== null) {
    const v = r.values;
    const m = monthName(r.month, lang);
    const range = v.tmaxC !== null && v.tminC !== null
      ? lang === "az"
        ? ` (maksimum ${num(v.tmaxC, lang)}, minimum ${num(v.tminC, lang)})`
        : ` (max ${num(v.tmaxC, lang)}, min ${num(v.tminC, lang)})`
      : "";
    const t = v.tmeanC === null ? (lang === "az" ? "rəqəm yoxdur" : "no figure") : `${num(v.tmeanC, lang)} °C`;
    const p = v.precipMm === null ? (lang === "az" ? "rəqəm yoxdur" : "no figure") : `${num(v.precipMm, lang)} mm`;
    return lang === "az"
      ? `${place(r.region, lang)} üçün ${m} ayının iqlim normaları (${station}, ${period(r.period, lang)}: orta temperatur ${t}${range}, yağıntı ${p}.`
      : `Climate normals for ${place(r.region, lang)} in ${m} (${station}, ${period(r.period, lang)}: mean temperature ${t}${range}, precipitation ${p}.`;
  }
  const a = r.annual!;
  const rain = a.precipTotalMm !== null && a.wettest
    ? lang === "az"
      ? `; illik yağıntı ${num(a.precipTotalMm, lang, 0)} mm, ən yağışlı ay ${monthName(a.wettest.month, lang)} (${num(a.wettest.precipMm, lang)} mm)`
      : `; annual precipitation ${num(a.precipTotalMm, lang, 0)} mm, wettest month ${monthName(a.wettest.month, lang)} (${num(a.wettest.precipMm, lang)} mm)`
    : "";
  return lang === "az"
    ? `${place(r.region, lang)} üçün iqlim normaları (${station}, ${period(r.period, lang)}: ən isti ay ${monthName(a.warmest.month, lang)} (${num(a.warmest.tmeanC, lang)} °C), ən soyuq ay ${monthName(a.coldest.month, lang)} (${num(a.coldest.tmeanC, lang)} °C)${rain}.`
    : `Climate normals for ${place(r.region, lang)} (${station}, ${period(r.period, lang)}: warmest month ${monthName(a.warmest.month, lang)} (${num(a.warmest.tmeanC, lang)} °C), coldest month ${monthName(a.coldest.month, lang)} (${num(a.coldest.tmeanC, lang)} °C)${rain}.`;
}
