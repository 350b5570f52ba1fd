/**
 * Questions to suggest to a farmer: built from what the advisor can answer for THIS farmer's crop and
 * district. Each candidate is checked against the same tools that would answer it, and only one that
 * would come back with a sourced figure is offered (never a question answered with "no data").
 * The phrasing is the one the offline model routes to that tool (tests/eval/questions.ts asks the same way).
 */
import type { Persona } from "../personas/extension.js";
import type { RunContext } from "./configuration.js";
import { cropCoefficients, pestsDiseases } from "./knowledge.js";
import { cropWord } from "./catalogue-words.js";
import { monthName } from "../text/months.js";
import { placeName } from "../text/places.js";
import type { Language } from "../text/language.js";
import { irrigationNeed } from "./tools.js";
import { climateNormals } from "./climate-tool.js";
import { cropCalendar, fertilizerPlan } from "./crop-tools.js";
import { cropData } from "./agronomy.js";
import { additionsCrop } from "./additions.js";

function probeContext(region: string, cropType: string): RunContext {
  const persona: Persona = {
    id: "", userId: "", email: "", fullName: "", finCode: "", phone: "", region, cropType, totalAreaHa: 1,
    experienceLevel: "intermediate", ektisVerified: false, dataSource: "synthetic", createdAt: "", updatedAt: "", lastLoginAt: "",
  };
  return {
    persona, language: "en", signal: new AbortController().signal, onTool: () => undefined, emitText: () => undefined, streamedText: "", usedFields: new Set(),
    sources: new Set(), now: () => new Date(), usage: { inputTokens: null, outputTokens: null },
    proposePersonaChange: async () => ({ status: "nothing_to_update" }),
  };
}

const PEAK_MONTHS = [7, 6, 8, 5, 9, 4, 10, 3, 11];

/** Up to `limit` questions in the farmer's language, most useful first. */
export function suggestionsFor(p: { region?: string; cropType?: string; language: Language }, limit = 3): string[] {
  if (!p.region || !p.cropType) return [];
  const lang = p.language;
  const ctx = probeContext(p.region, p.cropType);
  const c = cropWord(p.cropType, lang, cropData(p.cropType)?.en ?? additionsCrop(p.cropType)?.en);
  const place = placeName(p.region, lang);
  const out: string[] = [];
  const irrigationMonth = PEAK_MONTHS.find((m) => {
    const r = irrigationNeed({ month: m }, ctx);
    return r.status === "ok" && (r.months[0]?.netMm ?? 0) > 0;
  });
  if (irrigationMonth) {
    out.push(lang === "az"
      ? `${monthName(irrigationMonth, lang)} ayında ${c} sahəm üçün nə qədər su lazımdır?`
      : `How much water does my ${c} need in ${monthName(irrigationMonth, lang)}?`);
  }
  if (fertilizerPlan({}, ctx).status === "ok") {
    out.push(lang === "az" ? `${c} üçün nə qədər gübrə verməliyəm?` : `How much fertilizer should I give my ${c}?`);
  }
  if (pestsDiseases({}, ctx).status === "ok") {
    out.push(lang === "az" ? `${c} hansı zərərvericilərdən və xəstəliklərdən əziyyət çəkir?` : `Which pests and diseases attack ${c}?`);
  }
  if (cropCalendar({}, ctx).status === "ok") {
    out.push(lang === "az" ? `${c} nə vaxt əkilir və nə vaxt yığılır?` : `When should I sow and harvest ${c}?`);
  }
  const climate = climateNormals({ month: 7 }, ctx);
  if (climate.status === "ok") {
    out.push(lang === "az" ? `${place} rayonunda iyul ayında iqlim necə olur?` : `What is the climate like in ${place} in July?`);
  }
  if (cropCoefficients({}, ctx).status === "ok") {
    out.push(lang === "az" ? `${c} üçün bitki əmsalı (Kc) nədir?` : `What is the crop coefficient (Kc) of ${c}?`);
  }
  return out.slice(0, limit);
}
