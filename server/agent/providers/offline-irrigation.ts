/**
 * The offline model's irrigation answer: the irrigation need (../irrigation.ts) for a month, for the whole
 * season, or out of season, with how ET0 was obtained and this week's figure, in Azerbaijani or English.
 * Every number comes from the tool result.
 */
import type { IrrigationMonth, IrrigationResult } from "../irrigation.js";
import { monthName } from "../../text/months.js";
import { cap, crop, num, place, unknownCrop, unknownRegion, type L } from "./offline-words.js";

const STAGES: Record<IrrigationMonth["stage"], { az: string; en: string }> = {
  ini: { az: "ilkin", en: "initial" },
  dev: { az: "inkişaf", en: "development" },
  mid: { az: "orta mövsüm", en: "mid-season" },
  late: { az: "son mövsüm", en: "late-season" },
};

/** How ET0 was obtained, in the answer's language, from the result's own words (../irrigation-labels.ts). */
function et0Method(r: IrrigationResult, m: Pick<IrrigationMonth, "et0Method" | "et0Inputs"> | { et0Method: "forecast"; et0Inputs?: undefined }, lang: L): string {
  const label = r.labels?.[lang].method[m.et0Method] ?? "";
  const t = m.et0Inputs?.tmaxC !== undefined && m.et0Inputs.tminC !== undefined ? ` (${num(m.et0Inputs.tmaxC, lang)}/${num(m.et0Inputs.tminC, lang)} °C)` : "";
  return `${label}${t}`;
}

/** This week's figure (forecast) or a week of the month (normals): mm a week and m³ for the area. */
function weekly(r: IrrigationResult, lang: L): string {
  const f = r.figure;
  if (!f) return "";
  const area = num(r.areaHa, lang);
  const net = f.netMmPerWeek === null || f.volumeM3PerWeek === null ? "" : lang === "az"
    ? `, xalis suvarma ehtiyacı ≈ ${num(f.netMmPerWeek, lang)} mm/həftə (${area} ha üçün ≈ ${num(f.volumeM3PerWeek, lang, 0)} m³)`
    : `, net irrigation need ≈ ${num(f.netMmPerWeek, lang)} mm a week (≈ ${num(f.volumeM3PerWeek, lang, 0)} m³ for ${area} ha)`;
  if (f.basis === "forecast_week") {
    const rain = f.rainMmPerWeek === null ? "" : lang === "az" ? `, yağış ≈ ${num(f.rainMmPerWeek, lang)} mm` : `, rain ≈ ${num(f.rainMmPerWeek, lang)} mm`;
    return lang === "az"
      ? ` Bu həftə: ET0 ≈ ${num(f.et0MmPerDay, lang)} mm/gün, ${et0Method(r, { et0Method: "forecast" }, lang)}; Kc ${num(f.kc, lang, 2)}, bitkinin su sərfi ≈ ${num(f.etcMmPerWeek, lang)} mm/həftə${rain}${net}.`
      : ` This week: ET0 ≈ ${num(f.et0MmPerDay, lang)} mm/day, ${et0Method(r, { et0Method: "forecast" }, lang)}; Kc ${num(f.kc, lang, 2)}, crop water use ≈ ${num(f.etcMmPerWeek, lang)} mm a week${rain}${net}.`;
  }
  const month = monthName(f.month, lang);
  return lang === "az"
    ? ` ${cap(month)} ayında həftəyə düşən: bitkinin su sərfi ≈ ${num(f.etcMmPerWeek, lang)} mm (${num(f.etcMmPerDay, lang)} mm/gün)${net}.`
    : ` In ${month}, per week: crop water use ≈ ${num(f.etcMmPerWeek, lang)} mm (${num(f.etcMmPerDay, lang)} mm/day)${net}.`;
}

/** Out of season: what to plan for instead, with the next season's first month. */
function instead(r: IrrigationResult, lang: L): string {
  const next = r.nextSeason;
  if (!next) return "";
  const m = monthName(next.month, lang);
  const f = next.figure;
  const area = num(r.areaHa, lang);
  const need = f.netMmPerWeek === null || f.volumeM3PerWeek === null ? null : f.netMmPerWeek;
  return lang === "az"
    ? ` Bunun əvəzinə növbəti mövsümə hazırlaşın: ${m} ayında bitkinin su sərfi həftədə ≈ ${num(f.etcMmPerWeek, lang)} mm olacaq${need === null ? "" : need > 0 ? `, xalis suvarma ehtiyacı ≈ ${num(need, lang)} mm/həftə (${area} ha üçün ≈ ${num(f.volumeM3PerWeek!, lang, 0)} m³)` : ", onu adətən yağış ödəyir"}; ET0 ${et0Method(r, f.et0Method === "forecast" ? { et0Method: "forecast" } : { et0Method: f.et0Method, et0Inputs: {} }, lang)}.`
    : ` Plan instead for the next season: in ${m} crop water use will be ≈ ${num(f.etcMmPerWeek, lang)} mm a week${need === null ? "" : need > 0 ? `, net irrigation need ≈ ${num(need, lang)} mm a week (≈ ${num(f.volumeM3PerWeek!, lang, 0)} m³ for ${area} ha)` : ", usually covered by rain"}; ET0 ${et0Method(r, f.et0Method === "forecast" ? { et0Method: "forecast" } : { et0Method: f.et0Method, et0Inputs: {} }, lang)}.`;
}

export function irrigation(r: IrrigationResult, lang: L): string {
  if (r.status === "unknown_crop") return unknownCrop(r.input ?? r.crop, r.knownCrops ?? [], lang);
  if (r.status === "unknown_region") return unknownRegion(r.input ?? r.region, lang);
  const c = crop(r.crop, lang);
  const area = num(r.areaHa, lang);
  if (r.status === "no_kc") {
    return lang === "az"
      ? `${cap(c)} üçün mənbəli FAO-56 bitki əmsalı (Kc) məlumatlarımda yoxdur, ona görə ${area} ha sahənizin suvarma ehtiyacını hesablaya bilmirəm.`
      : `I have no sourced FAO-56 crop coefficient (Kc) for ${c}, so I cannot estimate the irrigation need of your ${area} ha.`;
  }
  if (r.status === "no_climate") {
    const kc = r.kc ? `${num(r.kc.ini, lang, 2)}/${num(r.kc.mid, lang, 2)}/${num(r.kc.end, lang, 2)}` : "";
    return lang === "az"
      ? `${place(r.region, lang)} üçün aylıq iqlim normaları məlumatlarımda yoxdur, ona görə istinad evapotranspirasiyasını (ET0) və ${c} üçün suvarma ehtiyacını hesablaya bilmirəm.${kc ? ` Bildiyim: ${c} üçün FAO-56 Kc ${kc} (ilkin/orta/son mərhələ).` : ""}`
      : `I have no monthly climate normals for ${place(r.region, lang)} in my data, so I cannot estimate the reference evapotranspiration (ET0) or the irrigation need of ${c} there.${kc ? ` What I do have: FAO-56 Kc for ${c} ${kc} (initial/mid/late stage).` : ""}`;
  }
  if (r.status === "out_of_season") {
    // Say where the season starts and ends, so "outside the season" never reads as inside it.
    const m = monthName(r.month ?? 1, lang);
    const start = r.season ? monthName(r.season.startMonth, lang) : "";
    const endDate = r.season?.end ?? null;
    const end = endDate ? (lang === "az" ? `${endDate.day} ${monthName(endDate.month, lang)}` : `${endDate.day} ${monthName(endDate.month, lang)}`) : "";
    return lang === "az"
      ? `${cap(c)} üçün FAO-56 vegetasiya mövsümü ${start} ayının ortasından təxminən ${end} tarixinədək (${r.season?.days ?? ""} gün) sayılır; ${m} ayının ortası bu mövsümə düşmür, ona görə bu ay üçün suvarma ehtiyacı hesablanmır.${instead(r, lang)}`
      : `The FAO-56 growing season of ${c} is counted from mid-${start} to about ${end} (${r.season?.days ?? ""} days); mid-${m} falls outside it, so there is no irrigation need to estimate for ${m}.${instead(r, lang)}`;
  }

  const kcFrom = r.labels ? ` ${r.labels[lang].kc}` : "";
  const assumption = r.kcAssumption
    ? lang === "az"
      ? ` ${cap(c)} üçün FAO-56 mərhələ uzunluqları yoxdur, ona görə hər ay üçün orta mövsüm Kc götürülüb.`
      : ` There are no FAO-56 stage lengths for ${c}, so I used the mid-season Kc for every month.`
    : "";
  const seasonText = r.season
    ? lang === "az"
      ? ` Mövsüm ${monthName(r.season.startMonth, lang)} ayının ortasından sayılıb (${r.season.basis === "sowing_calendar" ? "ilk səpin ayı" : "FAO-56 cədvəlindəki əkin ayı"}).`
      : ` The season is counted from mid-${monthName(r.season.startMonth, lang)} (${r.season.basis === "sowing_calendar" ? "the first sowing month" : "the FAO-56 planting month"}).`
    : "";

  if (r.month !== null) {
    const m = r.months[0]!;
    const month = monthName(m.month, lang);
    const rain = m.precipMm === null || m.effectiveRainMm === null || m.netMm === null || m.volumeM3 === null
      ? lang === "az"
        ? ` Yağıntı üçün rəqəm yoxdur, ona görə xalis ehtiyacı hesablamıram.`
        : ` There is no rainfall figure, so I do not give a net need.`
      : lang === "az"
        ? ` Yağıntı ${num(m.precipMm, lang)} mm, bunun ≈ ${num(m.effectiveRainMm, lang)} mm-i effektivdir (USDA SCS üsulu). Xalis suvarma ehtiyacı ≈ ${num(m.netMm, lang)} mm, yəni ${area} ha üçün təxminən ${num(m.volumeM3, lang, 0)} m³ (sahədəki itkilər nəzərə alınmadan).`
        : ` Rainfall is ${num(m.precipMm, lang)} mm, of which ≈ ${num(m.effectiveRainMm, lang)} mm is effective (USDA SCS method). Net irrigation need ≈ ${num(m.netMm, lang)} mm, about ${num(m.volumeM3, lang, 0)} m³ for ${area} ha, before field losses.`;
    return lang === "az"
      ? `${place(r.region, lang)}, ${month} ayı: ${area} ha ${c} üçün suvarma. Bitki ${STAGES[m.stage].az} mərhələsindədir, FAO-56 Kc ${num(m.kc, lang, 2)}.${kcFrom}${seasonText}${assumption} İstinad evapotranspirasiyası ET0 ≈ ${num(m.et0MmPerDay, lang)} mm/gün, ${et0Method(r, m, lang)}. Ay ərzində bitkinin su sərfi ≈ ${num(m.etcMm, lang, 0)} mm.${rain}${weekly(r, lang)}`
      : `Irrigation for ${area} ha of ${c} in ${place(r.region, lang)}, ${month}: the crop is in the ${STAGES[m.stage].en} stage, FAO-56 Kc ${num(m.kc, lang, 2)}.${kcFrom}${seasonText}${assumption} Reference ET0 ≈ ${num(m.et0MmPerDay, lang)} mm/day, ${et0Method(r, m, lang)}. Crop water use ≈ ${num(m.etcMm, lang, 0)} mm for the month.${rain}${weekly(r, lang)}`;
  }

  const first = r.months[0];
  // One method for the whole table; the temperatures differ by month, so none is quoted here.
  const method = first ? et0Method(r, { et0Method: first.et0Method, et0Inputs: {} }, lang) : "";
  const list = r.months
    .map((m) => `${monthName(m.month, lang)} ≈ ${m.netMm === null ? "?" : num(m.netMm, lang, 0)} mm${m.volumeM3 === null ? "" : ` (${num(m.volumeM3, lang, 0)} m³)`}`)
    .join(", ");
  const none = r.monthsWithoutNeed.length
    ? lang === "az"
      ? ` Bu aylarda yağış ehtiyacı ödəyir: ${r.monthsWithoutNeed.map((m) => monthName(m, lang)).join(", ")}.`
      : ` Rain covers the need in: ${r.monthsWithoutNeed.map((m) => monthName(m, lang)).join(", ")}.`
    : "";
  const total = r.totals
    ? lang === "az"
      ? ` Mövsüm üzrə cəmi ≈ ${num(r.totals.netMm, lang, 0)} mm, təxminən ${num(r.totals.volumeM3, lang, 0)} m³ (sahədəki itkilər nəzərə alınmadan).`
      : ` Season total ≈ ${num(r.totals.netMm, lang, 0)} mm, about ${num(r.totals.volumeM3, lang, 0)} m³, before field losses.`
    : "";
  if (r.months.length === 0) {
    return lang === "az"
      ? `${place(r.region, lang)}: ${area} ha ${c} üçün hesablamaya görə mövsümün hər ayında yağış bitkinin su sərfini ödəyir.${seasonText}`
      : `${place(r.region, lang)}: by this estimate, rain covers the water use of ${area} ha of ${c} in every month of the season.${seasonText}`;
  }
  return lang === "az"
    ? `${place(r.region, lang)}: ${area} ha ${c} üçün aylar üzrə xalis suvarma ehtiyacı (FAO-56 Kc × ET0, effektiv yağıntı çıxılmaqla; ET0 ${method}): ${list}.${total}${none}${seasonText}${assumption}${kcFrom}${weekly(r, lang)} Bir ay haqqında soruşsanız, ətraflı hesablayaram.`
    : `${place(r.region, lang)}: net irrigation need for ${area} ha of ${c} by month (FAO-56 Kc × ET0 minus effective rainfall; ET0 ${method}): ${list}.${total}${none}${seasonText}${assumption}${kcFrom}${weekly(r, lang)} Ask about one month for the details.`;
}
