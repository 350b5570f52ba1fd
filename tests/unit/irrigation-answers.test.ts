import { describe, expect, it } from "vitest";
import { createAdvisor, type AdvisorRunInput } from "../../server/agent/index.js";
import type { Persona } from "../../server/personas/types.js";

/**
 * The cases reported as "my data has no climate normals or Kc for wheat there": wheat and
 * hazelnut in Şəki, cotton in Sabirabad. Asked through the offline advisor (no network), in both languages.
 */
function persona(overrides: Partial<Persona>): Persona {
  return {
    id: "p", userId: "u", email: "farmer@example.com", fullName: "Elvin Quliyev", finCode: "5KX2P9A", phone: "+994 50 123 45 67",
    region: "Şəki", cropType: "Buğda", totalAreaHa: 6, experienceLevel: "novice", ektisVerified: false, dataSource: "synthetic",
    createdAt: "", updatedAt: "", lastLoginAt: "", ...overrides,
  };
}

const advisor = createAdvisor({ provider: "offline", offlinePaceMs: 0, now: () => new Date("2026-12-04T10:00:00Z") });

async function ask(question: string, language: "az" | "en", p: Persona): Promise<string> {
  const input: AdvisorRunInput = {
    persona: p, language, history: [{ role: "user", content: question }], signal: new AbortController().signal,
    onToken: () => undefined, onTool: () => undefined, proposePersonaChange: async () => ({ status: "nothing_to_update" }),
  };
  return (await advisor.run(input)).text;
}

const cases = [
  { name: "wheat in Şəki", p: persona({}), az: "Buğdanı mayda nə qədər suvarmalıyam?", en: "How much should I irrigate my wheat in May?", station: { az: "Gəncə", en: "Ganja" }, km: 84 },
  { name: "hazelnut in Şəki", p: persona({ cropType: "Fındıq" }), az: "Fındığı iyulda nə qədər suvarım?", en: "How much water does my hazelnut need in July?", station: { az: "Gəncə", en: "Ganja" }, km: 84 },
  { name: "cotton in Sabirabad", p: persona({ region: "Sabirabad", cropType: "Pambıq" }), az: "İyulda pambığı nə qədər suvarım?", en: "How much should I irrigate my cotton in July?", station: { az: "Bakı", en: "Baku" }, km: 123 },
];

describe("irrigation answers that used to have no climate normals or Kc", () => {
  it.each(cases)("$name, in Azerbaijani: a figure, the method, the station and its distance", async ({ p, az, station, km }) => {
    const text = await ask(az, "az", p);
    expect(text).not.toMatch(/məlumatlarımda yoxdur/);
    expect(text).toMatch(/xalis suvarma ehtiyacı ≈ [\d,]+ mm\/həftə/);
    expect(text).toMatch(/Harqreyvs tənliyi ilə/);
    expect(text).toContain(`${station.az} stansiyasının (${km} km aralı`);
    expect(text).toMatch(/m³/);
  });

  it.each(cases)("$name, in English: a figure, the method, the station and its distance", async ({ p, en, station, km }) => {
    const text = await ask(en, "en", p);
    expect(text).not.toMatch(/no (monthly )?climate normals|no sourced FAO-56 crop coefficient/);
    expect(text).toMatch(/net irrigation need ≈ [\d.]+ mm a week/);
    expect(text).toMatch(/Hargreaves equation/);
    expect(text).toContain(`${station.en} station (${km} km away`);
  });

  it("the season plan for cotton names every month of the season with a figure", async () => {
    const text = await ask("When does cotton need irrigation?", "en", persona({ region: "Sabirabad", cropType: "Pambıq" }));
    expect(text).toMatch(/by month/);
    for (const month of ["June", "July", "August", "September"]) expect(text).toMatch(new RegExp(`${month} ≈ \\d+ mm`));
    expect(text).toMatch(/Season total ≈ \d+ mm/);
  });
});
