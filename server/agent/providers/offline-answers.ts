/**
 * The offline model's words: tool results (JSON from ../tools.ts) rendered as a short grounded
 * answer in Azerbaijani or English, and the persona-aware answer when no tool applies.
 * Every number comes from a tool result; a missing figure is said to be missing.
 */
import type { ExperienceLevel } from "../../personas/extension.js";
import { escapeMarkdownText } from "../../markdown.js";
import { formatMonthList } from "../../text/months.js";
import { locativeAdjective } from "../../text/grammar.js";
import type { PromptProfile } from "../prompts.js";
import type { KnowledgeResult } from "../knowledge.js";
import type { CalendarResult, ProfileResult, ToolResult } from "../tool-results.js";
import { suggestionsFor } from "../suggestions.js";
import { climate } from "./offline-climate.js";
import { irrigation } from "./offline-irrigation.js";
import { renderCoefficients, renderFertilizer, renderPests, renderWeek } from "./offline-knowledge.js";
import { cap, crop, num, place, unknownCrop, type L } from "./offline-words.js";

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
