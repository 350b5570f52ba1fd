import { describe, expect, it } from "vitest";
import type { RunContext } from "../../server/agent/configuration.js";
import { irrigationNeed, type IrrigationResult } from "../../server/agent/irrigation.js";
import { renderToolAnswer } from "../../server/agent/providers/offline-answers.js";
import { cropNames, regionNames } from "../../server/personas/catalogue.js";
import type { Persona, PersonaField } from "../../server/personas/types.js";

/** The offline grid: no network (offline weather), every catalogue crop in every catalogue district. */
function context(): RunContext {
  const persona: Persona = {
    id: "p", userId: "u", email: "e@example.com", fullName: "Kamran Əliyev", finCode: "3ABC4D5", phone: "+994 70 111 22 33",
    region: "Şəki", cropType: "Buğda", totalAreaHa: 3, experienceLevel: "intermediate", ektisVerified: false, dataSource: "synthetic",
    createdAt: "", updatedAt: "", lastLoginAt: "",
  };
  return {
    persona, language: "az", signal: new AbortController().signal, onTool: () => {}, emitText: () => {}, streamedText: "", usedFields: new Set<PersonaField>(),
    usage: { inputTokens: null, outputTokens: null }, sources: new Set<string>(),
    now: () => new Date("2026-07-10T08:00:00Z"), proposePersonaChange: async () => ({ status: "nothing_to_update" }),
  };
}

/**
 * A month each crop is irrigated in, as a farmer would ask: mid-summer, and May for winter wheat (its
 * FAO-56 season, sown in November, ends in July).
 */
const ASKED_MONTH: Record<string, number> = { Buğda: 5 };
const monthFor = (crop: string) => ASKED_MONTH[crop] ?? 7;

// English words an Azerbaijani answer must not contain (method, station, units spelt in English).
const ENGLISH = /\b(the|station|week|day|from|with|equation|nearest|row|mean|normals|away|irrigation|need|crop|stage)\b/i;

const pairs = cropNames.flatMap((crop) => regionNames.map((region) => [crop, region] as const));

describe("irrigation grid: every catalogue crop × district answers in season with a figure, offline", () => {
  it("covers every pair of the catalogue", () => {
    expect(pairs).toHaveLength(cropNames.length * regionNames.length);
    expect(pairs.length).toBeGreaterThanOrEqual(200);
  });

  it.each(pairs)("%s in %s", (crop, region) => {
    const month = monthFor(crop);
    const r: IrrigationResult = irrigationNeed({ crop, region, month }, context());
    expect(r.status).toBe("ok");
    expect(r.inSeason).toBe(true);
    // The figure: mm a day and a week from Kc × ET0, and a net need after effective rain.
    expect(r.figure).not.toBeNull();
    const f = r.figure!;
    expect(f.month).toBe(month);
    expect(f.et0MmPerDay).toBeGreaterThan(0);
    expect(f.etcMmPerWeek).toBeGreaterThan(0);
    expect(f.netMmPerWeek).not.toBeNull();
    expect(f.netMmPerWeek!).toBeGreaterThanOrEqual(0);
    // Which method, which station and how far; the Kc row and its source.
    expect(["station_normals", "hargreaves"]).toContain(r.et0Method);
    expect(r.et0Station?.name.az).toBeTruthy();
    expect(r.et0Station?.distanceKm).toBeGreaterThanOrEqual(0);
    expect(r.kcSource?.src).toBe("S1");
    expect(r.sources.S1).toBeTruthy();
    expect(Object.keys(r.sources).length).toBeGreaterThanOrEqual(3);

    // The offline answer states the figure and the station, in the farmer's language only.
    const az = renderToolAnswer([r], "az");
    expect(az).toMatch(/mm\/həftə/);
    expect(az).toContain(`${r.et0Station!.name.az} stansiyasının (${r.et0Station!.distanceKm} km aralı`);
    expect(az).not.toMatch(ENGLISH);
    const en = renderToolAnswer([r], "en");
    expect(en).toMatch(/mm a week/);
    expect(en).toContain(`${r.et0Station!.name.en} station (${r.et0Station!.distanceKm} km away`);
  });
});
