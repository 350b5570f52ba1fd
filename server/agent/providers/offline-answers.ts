/**
 * The offline model's words: tool results (JSON from ../tools.ts) rendered as a short grounded
 * answer in Azerbaijani or English, and the persona-aware answer when no tool applies.
 * Every number comes from a tool result; a missing figure is said to be missing.
 */
import type { ExperienceLevel } from "../../personas/extension.js";
import { escapeMarkdownText } from "../../markdown.js";
import { cropData } from "../agronomy.js";
import { cropWord } from "../catalogue-words.js";
import { formatMonthList, monthName } from "../../text/months.js";
import { placeName } from "../../text/places.js";
import { formatNumber } from "../../text/numbers.js";
import { locativeAdjective } from "../../text/grammar.js";
import type { Language } from "../../text/language.js";
import type { PromptProfile } from "../prompts.js";
import type { KnowledgeResult } from "../knowledge.js";
import { renderCoefficients, renderFertilizer, renderPests, renderWeek } from "./offline-knowledge.js";
import { suggestionsFor } from "../suggestions.js";
import type {
  CalendarResult,
  ClimatePartialItem,
  ClimateResult,
  IrrigationMonth,
  IrrigationResult,
  ProfileResult,
  ToolResult,
} from "../tools.js";

type L = Language;

const num = (value: number, lang: L, decimals = 1) => formatNumber(value, lang, decimals);
const place = (district: string, lang: L) => placeName(district, lang);
const cap = (s: string) => s.charAt(0).toLocaleUpperCase("az") + s.slice(1);
const crop = (name: string, lang: L) => cropWord(name, lang, cropData(name)?.en);
const period = (p: string | null, lang: L) => (p ? p.replace("-", "–") : lang === "az" ? "dövr göstərilməyib" : "period not stated");

/** Sources are named once, at the end of the whole answer, by the run (../sources.ts): not per paragraph. */
function sourcesSentence(_sources: Record<string, string>, _lang: L): string {
  return "";
}

/* ---------------------------------------------------------- calendar */

function calendar(r: CalendarResult, lang: L): string {
  if (r.status === "unknown_crop") return unknownCrop(r.input ?? r.crop, r.knownCrops ?? [], lang);
  const c = crop(r.crop, lang);
  if (r.status === "no_figure") {
    return lang === "az"
      ? `${cap(c)} üçün mənbəli səpin və ya yığım ayları məlumatlarımda yoxdur, ona görə təxmin etmirəm.`
      : `I have no sourced sowing or harvest months for ${c}, so I will not guess them.`;
  }
  const sow = r.sowingMonths ? formatMonthList(r.sowingMonths, lang) : lang === "az" ? "mənbəli rəqəm yoxdur" : "no sourced figure";
  const harvest = r.harvestMonths ? formatMonthList(r.harvestMonths, lang) : lang === "az" ? "mənbəli rəqəm yoxdur" : "no sourced figure";
  if (lang === "az") {
    const head = r.region ? `${place(r.region, lang)} üçün ${c} təqvimi` : `${cap(c)} təqvimi`;
    let text = `${head}: səpin — ${sow}, yığım — ${harvest}. Bu aylar ayrı-ayrı rayon və illər üzrə xəbərlərdən götürülüb${r.region ? `, ${place(r.region, lang)} üçün rəsmi təqvim deyil` : ""}.`;
    if (r.typicalInRegion === false && r.region) text += ` Qeyd: məlumatlarımda ${c} ${place(r.region, lang)} üçün əsas bitkilərdən deyil.`;
    return text + calendarEvents(r, lang);
  }
  const head = r.region ? `Crop calendar for ${c} in ${place(r.region, lang)}` : `Crop calendar for ${c}`;
  let text = `${head}: sowing ${sow}, harvest ${harvest}. These months come from reports for particular districts and years${r.region ? `, not an official calendar for ${place(r.region, lang)}` : ""}.`;
  if (r.typicalInRegion === false && r.region) text += ` Note: ${c} is not among the usual crops of ${place(r.region, lang)} in my data.`;
  return text + calendarEvents(r, lang);
}

const EVENT_AZ: [RegExp, string][] = [[/sapling/i, "tinglərin əkilməsi"], [/transplant/i, "şitillərin sahəyə köçürülməsi"], [/planting/i, "əkin"]];

/** Planting of saplings, transplanting … from the added calendars, in the answer's language. */
function calendarEvents(r: CalendarResult, lang: L): string {
  if (!r.events?.length) return "";
  const items = r.events.map((e) => {
    const what = lang === "az" ? (EVENT_AZ.find(([p]) => p.test(e.item))?.[1] ?? "əkin") : e.item;
    return `${what} — ${formatMonthList(e.months, lang)}`;
  });
  return lang === "az" ? ` Mənbələrdə həmçinin: ${items.join("; ")}.` : ` The sources also give: ${items.join("; ")}.`;
}

function unknownCrop(input: string, known: string[], lang: L): string {
  const list = known.map((k) => crop(k, lang)).join(", ");
  return lang === "az"
    ? `"${input}" üçün məlumatım yoxdur. Bildiyim bitkilər: ${list}.`
    : `I have no data for "${input}". The crops I know: ${list}.`;
}

function unknownRegion(input: string, lang: L): string {
  return lang === "az" ? `"${input}" rayonunu tanımadım.` : `I do not know the district "${input}".`;
}

/* -------------------------------------------------------- irrigation */

const STAGES: Record<IrrigationMonth["stage"], { az: string; en: string }> = {
  ini: { az: "ilkin", en: "initial" },
  dev: { az: "inkişaf", en: "development" },
  mid: { az: "orta mövsüm", en: "mid-season" },
  late: { az: "son mövsüm", en: "late-season" },
};

function stationLabel(r: { climateKey: string | null; region: string; stationNearest: boolean }, lang: L): string {
  if (!r.climateKey) return "";
  if (!r.stationNearest) return lang === "az" ? `${r.climateKey} stansiyası` : `the ${r.climateKey} station`;
  return lang === "az"
    ? `${r.climateKey} stansiyası (${place(r.region, lang)} üçün məlumatlarımdakı ən yaxın stansiya)`
    : `the ${r.climateKey} station (the nearest one in my data for ${place(r.region, lang)})`;
}

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

function irrigation(r: IrrigationResult, lang: L): string {
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
      ? `${place(r.region, lang)} üçün aylıq iqlim normaları məlumatlarımda yoxdur, ona görə istinad evapotranspirasiyasını (ET0) və ${c} üçün suvarma ehtiyacını hesablaya bilmirəm.${kc ? ` Bildiyim: ${c} üçün FAO-56 Kc ${kc} (ilkin/orta/son mərhələ).` : ""}${sourcesSentence(r.sources, lang)}`
      : `I have no monthly climate normals for ${place(r.region, lang)} in my data, so I cannot estimate the reference evapotranspiration (ET0) or the irrigation need of ${c} there.${kc ? ` What I do have: FAO-56 Kc for ${c} ${kc} (initial/mid/late stage).` : ""}${sourcesSentence(r.sources, lang)}`;
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
      ? `${place(r.region, lang)}, ${month} ayı: ${area} ha ${c} üçün suvarma. Bitki ${STAGES[m.stage].az} mərhələsindədir, FAO-56 Kc ${num(m.kc, lang, 2)}.${kcFrom}${seasonText}${assumption} İstinad evapotranspirasiyası ET0 ≈ ${num(m.et0MmPerDay, lang)} mm/gün, ${et0Method(r, m, lang)}. Ay ərzində bitkinin su sərfi ≈ ${num(m.etcMm, lang, 0)} mm.${rain}${weekly(r, lang)}${sourcesSentence(r.sources, lang)}`
      : `Irrigation for ${area} ha of ${c} in ${place(r.region, lang)}, ${month}: the crop is in the ${STAGES[m.stage].en} stage, FAO-56 Kc ${num(m.kc, lang, 2)}.${kcFrom}${seasonText}${assumption} Reference ET0 ≈ ${num(m.et0MmPerDay, lang)} mm/day, ${et0Method(r, m, lang)}. Crop water use ≈ ${num(m.etcMm, lang, 0)} mm for the month.${rain}${weekly(r, lang)}${sourcesSentence(r.sources, lang)}`;
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
      ? `${place(r.region, lang)}: ${area} ha ${c} üçün hesablamaya görə mövsümün hər ayında yağış bitkinin su sərfini ödəyir.${seasonText}${sourcesSentence(r.sources, lang)}`
      : `${place(r.region, lang)}: by this estimate, rain covers the water use of ${area} ha of ${c} in every month of the season.${seasonText}${sourcesSentence(r.sources, lang)}`;
  }
  return lang === "az"
    ? `${place(r.region, lang)}: ${area} ha ${c} üçün aylar üzrə xalis suvarma ehtiyacı (FAO-56 Kc × ET0, effektiv yağıntı çıxılmaqla; ET0 ${method}): ${list}.${total}${none}${seasonText}${assumption}${kcFrom}${weekly(r, lang)} Bir ay haqqında soruşsanız, ətraflı hesablayaram.${sourcesSentence(r.sources, lang)}`
    : `${place(r.region, lang)}: net irrigation need for ${area} ha of ${c} by month (FAO-56 Kc × ET0 minus effective rainfall; ET0 ${method}): ${list}.${total}${none}${seasonText}${assumption}${kcFrom}${weekly(r, lang)} Ask about one month for the details.${sourcesSentence(r.sources, lang)}`;
}

/* -------------------------------------------------------- fertilizer */

/* ----------------------------------------------------------- climate */

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

function climate(r: ClimateResult, lang: L): string {
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

/* ----------------------------------------------------------- profile */

const EXPERIENCE: Record<ExperienceLevel, { az: string; en: string }> = {
  novice: { az: "başlanğıc", en: "novice" },
  intermediate: { az: "orta", en: "intermediate" },
  expert: { az: "təcrübəli", en: "expert" },
};

function profile(r: ProfileResult, lang: L): string {
  const rejected = r.rejected.length
    ? lang === "az"
      ? ` Bunları təklif edə bilmədim: ${r.rejected.map((x) => `"${x.value}"`).join(", ")} (tanımadığım rayon, bitki və ya sahə).`
      : ` I could not propose ${r.rejected.map((x) => `"${x.value}" (${x.reason})`).join(", ")}.`
    : "";
  if (r.status === "failed") {
    return lang === "az" ? "Profil təklifini indi saxlaya bilmədim; bir az sonra yenidən cəhd edin." : "I could not record the profile change right now; please try again.";
  }
  if (r.status === "nothing_to_update" || r.status === "rejected") {
    return (lang === "az" ? "Profilinizdə dəyişəcək bir şey tapmadım." : "I did not find anything to change in your profile.") + rejected;
  }
  const p = r.patch;
  const parts: string[] = [];
  if (p.totalAreaHa !== undefined && p.cropType) parts.push(lang === "az" ? `${num(p.totalAreaHa, lang)} ha ${crop(p.cropType, lang)}` : `${num(p.totalAreaHa, lang)} ha of ${crop(p.cropType, lang)}`);
  else {
    if (p.totalAreaHa !== undefined) parts.push(lang === "az" ? `${num(p.totalAreaHa, lang)} ha sahə` : `${num(p.totalAreaHa, lang)} ha`);
    if (p.cropType) parts.push(lang === "az" ? `əsas bitki ${crop(p.cropType, lang)}` : `main crop ${crop(p.cropType, lang)}`);
  }
  if (p.region) parts.push(lang === "az" ? `rayon ${p.region}` : `in ${p.region}`);
  if (p.experienceLevel) parts.push(lang === "az" ? `təcrübə ${EXPERIENCE[p.experienceLevel].az}` : `experience ${EXPERIENCE[p.experienceLevel].en}`);
  // The advisor only proposes (docs/protocol.md, Shapes): the farmer confirms on the proposal card under the answer.
  return lang === "az"
    ? `Profilinizi belə yeniləyə bilərəm: ${parts.join(", ")} — aşağıdakı kartda təsdiq edin.${rejected}`
    : `I can update your profile to ${parts.join(", ")} — confirm it on the card below.${rejected}`;
}

/* ------------------------------------------------------------ public */

export function renderToolAnswer(results: (ToolResult | KnowledgeResult | null)[], lang: L): string {
  return results
    .map((r) => {
      if (!r) return lang === "az" ? "Bu addımı indi yerinə yetirə bilmədim." : "I could not complete that step right now.";
      switch (r.tool) {
        case "crop_calendar":
          return calendar(r, lang);
        case "irrigation_need":
          return irrigation(r, lang);
        case "fertilizer_plan":
          return renderFertilizer(r, lang);
        case "climate_normals":
          return climate(r, lang);
        case "propose_profile_change":
          return profile(r, lang);
        case "pests_diseases":
          return renderPests(r, lang);
        case "crop_coefficients":
          return renderCoefficients(r, lang);
        case "irrigation_this_week":
          return renderWeek(r, lang);
      }
    })
    .join("\n\n");
}

function farmPhrase(p: PromptProfile, lang: L): string | null {
  if (!p.region || !p.cropType || p.totalAreaHa === undefined) return null;
  const c = crop(p.cropType, lang);
  return lang === "az"
    ? `${locativeAdjective(p.region)} ${num(p.totalAreaHa, lang)} ha ${c} sahəniz`
    : `your ${num(p.totalAreaHa, lang)} ha of ${c} in ${place(p.region, lang)}`;
}

export function renderGreeting(p: PromptProfile): string {
  const lang = p.language;
  const firstWord = p.name?.split(/\s+/)[0];
  const first = firstWord && escapeMarkdownText(firstWord); // a name is the farmer's text: never a link in our markdown
  const farm = farmPhrase(p, lang);
  if (lang === "az") {
    return `Salam${first ? `, ${first}` : ""}! Mən Yonca, aqrar məsləhətçinizəm. ${farm ? `${cap(farm)} üçün` : "Sahəniz üçün"} əkin təqvimi, suvarma ehtiyacı, gübrə planı və iqlim normaları barədə mənbəli məlumat verə bilərəm. Nə ilə maraqlanırsınız?`;
  }
  return `Hello${first ? `, ${first}` : ""}! I am Yonca, your farm advisor. For ${farm ?? "your farm"} I can give the crop calendar, the irrigation need, a fertilizer plan and the climate normals, from sourced data. What would you like to know?`;
}

export function renderCapabilities(p: PromptProfile): string {
  const lang = p.language;
  const farm = farmPhrase(p, lang);
  // An example this farmer's data can answer with a figure (../suggestions.ts), never one answered with "no data".
  const example = suggestionsFor({ region: p.region, cropType: p.cropType, language: lang })[0];
  if (lang === "az") {
    return `${farm ? `${cap(farm)} üçün` : "Sahəniz üçün"} əkin təqvimi, suvarma (bu həftə üçün də), gübrə, zərərvericilər və xəstəliklər, bitki əmsalları və iqlim normaları ilə kömək edə bilərəm.${example ? ` Məsələn, soruşun: "${example}"` : ""}`;
  }
  return `I can help with the crop calendar, irrigation (also for this week), fertilizer, pests and diseases, crop coefficients and the climate normals for ${farm ?? "your farm"}.${example ? ` For example, ask: "${example}"` : ""}`;
}
