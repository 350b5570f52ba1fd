import { describe, expect, it } from "vitest";
import { createAdvisor, type AdvisorRunInput } from "../../server/agent/index.js";
import { advisorTools } from "../../server/agent/tools.js";
import { knowledgeTools } from "../../server/agent/knowledge.js";
import type { Persona } from "../../server/personas/types.js";

const persona: Persona = {
  id: "p", userId: "u", email: "e@example.com", fullName: "Aysel Məmmədova", finCode: "5KX2P9A", phone: "+994 50 123 45 67",
  region: "Sabirabad", cropType: "Pambıq", totalAreaHa: 12, experienceLevel: "novice", ektisVerified: false, dataSource: "synthetic",
  createdAt: "", updatedAt: "", lastLoginAt: "",
};
const advisor = createAdvisor({ provider: "offline", offlinePaceMs: 0 });

async function ask(question: string, language: "az" | "en" = "az") {
  const tools: string[] = [];
  const input: AdvisorRunInput = {
    persona, language, history: [{ role: "user", content: question }], signal: new AbortController().signal,
    onToken: () => undefined, onTool: (name, status) => status === "start" && tools.push(name), proposePersonaChange: async () => ({ status: "nothing_to_update" }),
  };
  return { ...(await advisor.run(input)), tools };
}

/** Numbers in an answer other than the farmer's own area: each must come with a source. */
function inventedNumber(text: string, sources: unknown[]): boolean {
  const body = text.replace(/\n\n(Sources|Mənbələr): .*$/s, "").replace(/\b12 ha\b/g, "");
  return /\d/.test(body) && sources.length === 0;
}

describe("bad input: never a crash, never an invented figure", () => {
  const cases: [string, "az" | "en"][] = [
    ["su", "az"], ["🌾🌾🌾", "en"], ["???", "az"], ["How much gübrə for pambıq in Sabirabad?", "en"],
    ["What is the climate in Lankaran in July?", "en"], ["Seki rayonunda iyul ayında iqlim necədir?", "az"],
    ["How much water does quinoa need in July?", "en"], ["Banan nə vaxt əkilir?", "az"],
    ["How much water does my cotton need in month 13?", "en"], ["Sabirbad iqlimi iyulda necədir?", "az"], ["a".repeat(3000), "en"],
  ];
  for (const [q, ui] of cases) {
    it(`"${q.slice(0, 40)}"`, async () => {
      const result = await ask(q, ui);
      expect(result.text.trim().length).toBeGreaterThan(10);
      expect(inventedNumber(result.text, result.sources)).toBe(false);
    });
  }

  it("districts typed without diacritics or misspelled are understood", async () => {
    expect((await ask("What is the climate in Lankaran in July?", "en")).text).toMatch(/Lankaran in July .*25\.2 °C/);
    expect((await ask("Seki rayonunda iyul ayında iqlim necədir?")).text).toMatch(/Şəki/);
    expect((await ask("Sabirbad iqlimi iyulda necədir?")).text).toMatch(/Sabirabad üçün mənbəli iqlim normaları məlumatlarımda yoxdur/);
  });

  it("mixed languages: an English sentence with Azerbaijani words is answered in English", async () => {
    const result = await ask("How much gübrə for pambıq in Sabirabad?", "az");
    expect(result.language).toBe("en");
    expect(result.text).toMatch(/Fertilizer figures for cotton/);
  });

  it("a crop the catalogue lacks is said to be unknown, with no figure", async () => {
    const result = await ask("How much water does quinoa need in July?", "en");
    expect(result.text).toMatch(/I have no data for "quinoa"/);
    expect((await ask("Banan nə vaxt əkilir?")).text).toMatch(/"Banan" üçün məlumatım yoxdur/);
  });

  it("a month out of range from a model's tool call is refused by the tool's schema, not answered", async () => {
    const irrigation = [...advisorTools, ...knowledgeTools].find((t) => t.name === "irrigation_need") as unknown as { invoke(args: unknown): Promise<unknown> };
    await expect(irrigation.invoke({ month: 13 })).rejects.toThrow();
  });
});
