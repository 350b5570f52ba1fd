/**
 * The offline model's words for the added knowledge (../knowledge.ts) and the new fertilizer records:
 * pests and diseases, crop coefficients, irrigation this week (saying "forecast" or "normals"), the
 * fertilizer records with their country and kind, and the short decline for off-topic questions.
 * Every number comes from a tool result; quotes from a source stay in «…» as the source wrote them.
 */
import type { FertilizerRecordOut } from "../additions.js";
import { monthName } from "../../text/months.js";
import { placeName } from "../../text/places.js";
import type { CauseOut, CoefficientsResult, PestsResult } from "../knowledge.js";
import type { WeekResult } from "../irrigation-week.js";
import type { PromptProfile } from "../prompts.js";
import type { FertilizerResult } from "../tool-results.js";
import { suggestionsFor } from "../suggestions.js";
import { cap, crop, num, type L } from "./offline-words.js";

const range = (v: [number, number], lang: L, d = 0) => (v[0] === v[1] ? num(v[0], lang, d) : `${num(v[0], lang, d)}–${num(v[1], lang, d)}`);

const COUNTRY_AZ: Record<string, string> = {
  Azerbaijan: "Azərbaycan", Uzbekistan: "Özbəkistan", Iran: "İran", Turkey: "Türkiyə", Kazakhstan: "Qazaxıstan",
  Armenia: "Ermənistan", Greece: "Yunanıstan", Georgia: "Gürcüstan",
};
const country = (c: string | null, lang: L) => {
  if (!c) return "";
  const base = c.replace(/\s*\(.*\)$/, "");
  return lang === "az" ? (COUNTRY_AZ[base] ?? base) : base;
};

/** A place name of the data in English letters ("Gəncə-Qazax" → "Ganja-Gazakh"), for English answers. */
const LATIN: Record<string, string> = { ə: "a", Ə: "A", ş: "sh", Ş: "Sh", ç: "ch", Ç: "Ch", ğ: "gh", Ğ: "Gh", ı: "i", İ: "I", ö: "o", Ö: "O", ü: "u", Ü: "U", q: "g", Q: "G", c: "j", C: "J", x: "kh", X: "Kh" };
const latin = (s: string) => (/[əƏşŞçÇğĞıİöÖüÜ]/u.test(s) ? s.replace(/[əƏşŞçÇğĞıİöÖüÜqQcCxX]/gu, (ch) => LATIN[ch] ?? ch) : s);

function unknownCrop(input: string, lang: L): string {
  return lang === "az" ? `"${input}" bitkisi üçün məlumatım yoxdur.` : `I have no data for "${input}".`;
}

/* ------------------------------------------------------ fertilizer */

function recordLine(r: FertilizerRecordOut, areaHa: number, lang: L): string {
  const parts = (["N", "P2O5", "K2O"] as const).filter((k) => r.perHa[k]).map((k) => `${k} ${range(r.perHa[k]!, lang)}`);
  const totals = (["N", "P2O5", "K2O"] as const).filter((k) => r.totalKg[k]).map((k) => `${k} ${range(r.totalKg[k]!, lang)}`);
  const kind = lang === "az"
    ? r.trial ? "sahə təcrübəsinin nəticəsi, rəsmi norma deyil" : /norm/i.test(r.kind) ? "regional norma" : /recommend/i.test(r.kind) ? "tövsiyə" : "mənbənin rəqəmi"
    : r.trial ? "a field-trial result, not an official norm" : r.kind;
  const where = lang === "az"
    ? country(r.country, lang)
    : [country(r.country, lang), r.region && latin(r.region), r.soil].filter(Boolean).join(", ");
  const foreign = r.foreign
    ? lang === "az" ? ` Diqqət: bu ${country(r.country, lang)} üçün rəqəmdir, Azərbaycan üçün yox.` : ` Note: this is a figure from ${country(r.country, lang)}, not from Azerbaijan.`
    : "";
  const area = num(areaHa, lang);
  // Per hectare only (another crop than the farm's, or 1 ha): no total to repeat.
  if (areaHa === 1) return lang === "az" ? `hektara ${parts.join(", ")} kq (${kind}; ${where}).${foreign}` : `${parts.join(", ")} kg/ha (${kind}; ${where}).${foreign}`;
  return lang === "az"
    ? `hektara ${parts.join(", ")} kq (${kind}; ${where}) — ${area} ha üçün cəmi ${totals.join(", ")} kq.${foreign}`
    : `${parts.join(", ")} kg/ha (${kind}; ${where}) — for ${area} ha in total ${totals.join(", ")} kg.${foreign}`;
}

export function renderFertilizer(r: FertilizerResult, lang: L): string {
  if (r.status === "unknown_crop") return unknownCrop(r.input ?? r.crop, lang);
  const c = crop(r.crop, lang);
  if (r.status === "no_figure") {
    return lang === "az"
      ? `${cap(c)} üçün mənbəli N/P2O5/K2O norması məlumatlarımda yoxdur, ona görə rəqəm vermirəm. Normanı torpaq analizi və yerli aqronom müəyyən edə bilər.`
      : `I have no sourced N/P2O5/K2O rate for ${c}, so I will not give a number. A soil test and a local agronomist can set the rate for your farm.`;
  }
  const lines: string[] = [];
  const base = r.perHa;
  if (base.N !== null || base.P2O5 !== null || base.K2O !== null) {
    const parts = (["N", "P2O5", "K2O"] as const).filter((k) => base[k] !== null).map((k) => `${k} ${num(base[k]!, lang)}`);
    const totals = (["N", "P2O5", "K2O"] as const).filter((k) => r.totalKg[k] !== null).map((k) => `${k} ${num(r.totalKg[k]!, lang, 0)}`);
    const total = r.areaHa === 1 ? "" : lang === "az" ? ` — ${num(r.areaHa, lang)} ha üçün cəmi ${totals.join(", ")} kq` : ` — for ${num(r.areaHa, lang)} ha in total ${totals.join(", ")} kg`;
    lines.push(lang === "az"
      ? `hektara ${parts.join(", ")} kq (sahə təcrübəsinin ən yaxşı variantı, Azərbaycan)${total}.`
      : `${parts.join(", ")} kg/ha (a field trial's best variant, Azerbaijan)${total}.`);
  }
  for (const rec of r.records) lines.push(recordLine(rec, r.areaHa, lang));
  const head = lang === "az" ? `${cap(c)} üçün mənbələrdəki gübrə rəqəmləri:` : `Fertilizer figures for ${c} from the sources:`;
  const tail = lang === "az"
    ? "Bunlar mənbələrin rəqəmləridir, sizin sahə üçün rəsmi norma deyil; torpaq analizinə görə dəqiqləşdirin."
    : "These are the sources' figures, not an official norm for your field; adjust them to a soil test.";
  return [head, ...lines.map((l) => `- ${l}`), tail].join("\n");
}

/* -------------------------------------------------- pests, diseases */

export function renderPests(r: PestsResult, lang: L): string {
  if (r.status === "unknown_crop") return unknownCrop(r.input ?? r.crop, lang);
  const c = crop(r.crop, lang);
  if (r.status === "no_figure") {
    return lang === "az"
      ? `${cap(c)} üçün mənbəli zərərverici və xəstəlik qeydi məlumatlarımda yoxdur. Rayonunuzun Aqrar Xidmətlər Agentliyinin bitki mühafizəsi mütəxəssisinə müraciət edin.`
      : `I have no sourced pest or disease record for ${c}. Ask the plant-protection specialist of the Agrarian Services Agency in your district.`;
  }
  if (r.status === "clarify") {
    return lang === "az"
      ? `Səbəbi tapmaq üçün bir şeyi dəqiqləşdirək: ${c} bitkisində nə görürsünüz? Aşağıdakılardan birini seçin və ya öz sözlərinizlə yazın.`
      : `To find the cause, tell me one thing: what do you see on the ${c}? Pick one below or describe it in your own words.`;
  }
  const kind = (k: CauseOut["kind"]) => (lang === "az" ? { pest: "zərərverici", disease: "xəstəlik", disorder: "fizioloji pozuntu" }[k] : { pest: "pest", disease: "disease", disorder: "disorder" }[k]);
  const head = r.mode === "symptoms"
    ? lang === "az"
      ? `${cap(c)}: ${r.signs.join(", ")} — mənbələrə görə ehtimal olunan səbəblər${r.causes.length > 1 ? " və onları necə fərqləndirmək olar" : ""}:`
      : `${cap(c)} with ${r.signs.join(", ")}: the likely causes in the sources${r.causes.length > 1 ? ", and how to tell them apart" : ""}:`
    : r.mode === "named"
      ? lang === "az" ? `${cap(c)}: soruşduğunuz barədə mənbələrdə olanlar:` : `${cap(c)}: what the sources say about it:`
      : lang === "az" ? `${cap(c)} üçün mənbələrdə olan zərərvericilər və xəstəliklər:` : `Pests and diseases of ${c} in the sources:`;
  const lines = r.causes.map((x) => {
    const name = x.name[lang];
    const look = lang === "az" ? `Necə tanımaq olar: ${x.look.az}` : `How to recognise it: ${x.look.en}`;
    const act = lang === "az" ? `Nə etməli: ${x.action.az}` : `What to do: ${x.action.en}`;
    return `- **${cap(name)}** (${kind(x.kind)}). ${look} ${act}`;
  });
  const tail = lang === "az"
    ? "Dəqiq diaqnoz üçün zədələnmiş yarpaq və ya meyvəni rayonunuzun bitki mühafizəsi mütəxəssisinə göstərin; preparatı onunla seçin."
    : "For a sure diagnosis, show a damaged leaf or fruit to your district's plant-protection specialist and choose any product with them.";
  return [head, ...lines, tail].join("\n");
}

/* -------------------------------------------------- crop coefficients */

export function renderCoefficients(r: CoefficientsResult, lang: L): string {
  if (r.status === "unknown_crop") return unknownCrop(r.input ?? r.crop, lang);
  const c = crop(r.crop, lang);
  if (r.status === "no_figure") {
    return lang === "az"
      ? `${cap(c)} üçün mənbəli FAO-56 bitki əmsalı (Kc) məlumatlarımda yoxdur, ona görə təxmin etmirəm.`
      : `I have no sourced FAO-56 crop coefficient (Kc) for ${c}, so I will not guess one.`;
  }
  const lines = r.rows.map((row) => {
    const kc = `Kc ${num(row.ini, lang, 2)} / ${num(row.mid, lang, 2)} / ${num(row.end, lang, 2)}`;
    const s = row.stageDays;
    const stages = s
      ? lang === "az"
        ? `; mərhələlər ${s.ini}/${s.dev}/${s.mid}/${s.late} gün (cəmi ${s.total})`
        : `; stages ${s.ini}/${s.dev}/${s.mid}/${s.late} days (${s.total} in all)`
      : "";
    return `- ${lang === "az" && rowIsMain(row.name, r) ? c : row.name}: ${kc}${stages}`;
  });
  const head = lang === "az"
    ? `${cap(c)} üçün FAO-56 bitki əmsalları (ilkin / orta / son mərhələ; ümumi FAO cədvəl dəyərləri, Azərbaycanda ölçülməyib):`
    : `FAO-56 crop coefficients for ${c} (initial / mid / late stage; generic FAO table values, not measured in Azerbaijan):`;
  return [head, ...lines].join("\n");
}

function rowIsMain(name: string, r: CoefficientsResult): boolean {
  return name.toLowerCase() === r.cropEn.toLowerCase();
}

/* ------------------------------------------------ irrigation this week */

export function renderWeek(r: WeekResult, lang: L): string {
  if (r.status === "unknown_crop") return unknownCrop(r.input ?? r.crop, lang);
  if (r.status === "unknown_region") return lang === "az" ? `"${r.input ?? r.region}" rayonunu tanımadım.` : `I do not know the district "${r.input ?? r.region}".`;
  const c = crop(r.crop, lang);
  const place = placeName(r.region, lang);
  const area = num(r.areaHa, lang);
  const missing = r.forecastMissing === "offline"
    ? lang === "az" ? "hava proqnozu bu serverdə söndürülüb" : "the weather forecast is switched off on this server"
    : r.forecastMissing === "no_coordinates"
      ? lang === "az" ? `${place} üçün stansiya koordinatları məlumatlarımda yoxdur` : `my data has no station coordinates for ${place}`
      : lang === "az" ? "hava proqnozu indi əlçatan deyil" : "the weather forecast is not reachable right now";
  if (r.status === "out_of_season") {
    return lang === "az"
      ? `Bu ay ${c} FAO-56 vegetasiya mövsümündə deyil, ona görə bu həftə üçün suvarma ehtiyacı hesablanmır.`
      : `This month ${c} is not in its FAO-56 growing season, so there is no irrigation need to estimate for this week.`;
  }
  if (r.reason === "no_kc") {
    return lang === "az"
      ? `${cap(c)} üçün mənbəli FAO-56 bitki əmsalı (Kc) məlumatlarımda yoxdur, ona görə bu həftənin suvarma ehtiyacını hesablaya bilmirəm.`
      : `I have no sourced FAO-56 crop coefficient (Kc) for ${c}, so I cannot estimate this week's irrigation.`;
  }
  if (r.status === "no_figure" || r.netMm === null || r.volumeM3 === null || r.et0Mm === null) {
    return lang === "az"
      ? `${place} üçün bu həftənin suvarma ehtiyacını hesablaya bilmirəm: ${missing}, iqlim normaları və ya ${c} üçün Kc da məlumatlarımda yoxdur.`
      : `I cannot estimate this week's irrigation for ${place}: ${missing}, and my data has no climate normals or Kc for ${c} there.`;
  }
  const rain = r.rainMm === null || r.effectiveRainMm === null ? "" : lang === "az"
    ? `, yağış ${num(r.rainMm, lang)} mm (effektiv ≈ ${num(r.effectiveRainMm, lang)} mm)`
    : `, rain ${num(r.rainMm, lang)} mm (≈ ${num(r.effectiveRainMm, lang)} mm effective)`;
  const basis = r.basis === "forecast"
    ? lang === "az" ? `Open-Meteo hava proqnozuna görə (növbəti ${r.days} gün)` : `From the Open-Meteo weather forecast (next ${r.days} days)`
    : lang === "az" ? `Hava proqnozu yoxdur (${missing}); ${monthName(r.month, lang)} ayının iqlim normalarına görə` : `No forecast (${missing}); from the climate normals for ${monthName(r.month, lang)}`;
  return lang === "az"
    ? `${basis}: ${place}, ${area} ha ${c}. ET0 cəmi ${num(r.et0Mm, lang)} mm, Kc ${num(r.kc ?? 0, lang, 2)}${rain}. Bu həftə xalis suvarma ehtiyacı ≈ ${num(r.netMm, lang, 0)} mm, yəni təxminən ${num(r.volumeM3, lang, 0)} m³ (ET0 × Kc − effektiv yağış; sahədəki itkilər nəzərə alınmadan).`
    : `${basis}: ${place}, ${area} ha of ${c}. ET0 ${num(r.et0Mm, lang)} mm in total, Kc ${num(r.kc ?? 0, lang, 2)}${rain}. Net irrigation need this week ≈ ${num(r.netMm, lang, 0)} mm, about ${num(r.volumeM3, lang, 0)} m³ (ET0 × Kc − effective rain; before field losses).`;
}

/* ---------------------------------------------------------- decline */

/** Off-topic: a short, friendly decline that says what the advisor can do, with one question it can answer for this farmer. */
export function renderDecline(p: PromptProfile): string {
  const lang = p.language;
  const example = suggestionsFor({ region: p.region, cropType: p.cropType, language: lang })[0];
  return lang === "az"
    ? `Bu, mənim mövzumdan kənardır — mən aqrar məsləhətçiyəm. Əkin təqvimi, suvarma (bu həftə üçün də), gübrə, zərərvericilər və xəstəliklər, bitki əmsalları və iqlim barədə kömək edə bilərəm.${example ? ` Məsələn: "${example}"` : ""}`
    : `That is outside what I can help with — I am a farm advisor. I can help with the crop calendar, irrigation (also for this week), fertilizer, pests and diseases, crop coefficients and the climate.${example ? ` For example: "${example}"` : ""}`;
}
