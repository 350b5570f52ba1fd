import { describe, expect, it } from "vitest";
import { createAdvisor } from "../../server/agent/index.js";
import { detectLanguage } from "../../server/text/language.js";
import { suggestionsFor } from "../../server/agent/suggestions.js";
import { regionCrops, regionNames } from "../../server/personas/catalogue.js";
import type { Persona } from "../../server/personas/types.js";
import { judgeAnswer } from "../eval/classify.js";

const advisor = createAdvisor({ provider: "offline", offlinePaceMs: 0 });

function persona(region: string, cropType: string): Persona {
  return {
    id: "p", userId: "u", email: "e@example.com", fullName: "Fermer Test", finCode: "1AAAAAA", phone: "+994 50 000 00 00",
    region, cropType, totalAreaHa: 6, experienceLevel: "intermediate", ektisVerified: false, dataSource: "synthetic",
    createdAt: "", updatedAt: "", lastLoginAt: "",
  };
}

describe("starter suggestions", () => {
  it("every suggestion, for every district and crop of the catalogue, is answered with a sourced figure in its language", async () => {
    let asked = 0;
    for (const region of regionNames) {
      for (const crop of regionCrops[region]!) {
        for (const language of ["az", "en"] as const) {
          const suggestions = suggestionsFor({ region, cropType: crop, language });
          expect(suggestions.length, `${region}/${crop}`).toBeGreaterThanOrEqual(1);
          for (const question of suggestions) {
            const p = persona(region, crop);
            const result = await advisor.run({
              persona: p, language: language === "az" ? "en" : "az", history: [{ role: "user", content: question }],
              signal: new AbortController().signal, onToken: () => undefined, onTool: () => undefined, proposePersonaChange: async () => ({ status: "nothing_to_update" }),
            });
            const judged = judgeAnswer(result.text, result.sources, p.totalAreaHa);
            expect(judged.verdict, `${region}/${crop}/${language}: ${question}\n${result.text}`).toBe("sourced_figure");
            expect(result.language, question).toBe(language);
            asked += 1;
          }
        }
      }
    }
    expect(asked).toBeGreaterThan(100);
  }, 60_000);

  it("differ between a wheat farmer in Cəlilabad and a tea farmer in Lənkəran", () => {
    const wheat = suggestionsFor({ region: "Cəlilabad", cropType: "Buğda", language: "en" });
    const tea = suggestionsFor({ region: "Lənkəran", cropType: "Çay", language: "en" });
    expect(wheat.join(" ")).toMatch(/wheat/);
    expect(wheat.join(" ")).not.toMatch(/cotton/);
    expect(tea.join(" ")).toMatch(/tea/);
    expect(tea).not.toEqual(wheat);
  });
});

describe("language of a question", () => {
  it.each([
    ["How much water does my tomato need this week?", "en"],
    ["Pomidor üçün bu həftə nə qədər su lazımdır?", "az"],
    ["pambiq ne vaxt ekilir", "az"],
    ["How much gübrə for pambıq in Sabirabad?", "en"],
    ["Salam", "az"],
    ["Hello", "en"],
    ["🌾🌾🌾", undefined],
    ["12", undefined],
  ] as const)("%s → %s", (text, expected) => {
    expect(detectLanguage(text)).toBe(expected);
  });
});
