import { describe, expect, it } from "vitest";
import {
  agronomy,
  cropData,
  daylightHours,
  DISTRICT_CLIMATE,
  effectiveRainfall,
  et0BlaneyCriddle,
  et0Hargreaves,
  extraterrestrialRadiation,
  seasonStart,
  stageInMonth,
} from "../../server/agent/agronomy.js";
import type { RunContext } from "../../server/agent/configuration.js";
import { findAreaHa, formatNumber } from "../../server/text/numbers.js";
import { findCrops } from "../../server/text/crops.js";
import { findDistrict } from "../../server/agent/catalogue-words.js";
import { findMonth, formatMonthList } from "../../server/text/months.js";
import { fold } from "../../server/text/tokens.js";
import { locative } from "../../server/text/grammar.js";
import { planToolCalls } from "../../server/agent/providers/offline.js";
import { irrigationNeed } from "../../server/agent/tools.js";
import { climateNormals } from "../../server/agent/climate-tool.js";
import { cropCalendar, fertilizerPlan } from "../../server/agent/crop-tools.js";
import { proposeProfileChange } from "../../server/agent/profile-tool.js";
import { regionNames } from "../../server/personas/catalogue.js";
import type { Persona, PersonaField } from "../../server/personas/types.js";

function context(overrides: Partial<Persona> = {}): RunContext {
  const persona: Persona = {
    id: "p", userId: "u", email: "e@example.com", fullName: "Nigar Hüseynova", finCode: "3ABC4D5", phone: "+994 70 111 22 33",
    region: "Gəncə", cropType: "Pomidor", totalAreaHa: 4, experienceLevel: "intermediate", ektisVerified: false, dataSource: "synthetic",
    createdAt: "", updatedAt: "", lastLoginAt: "", ...overrides,
  };
  return {
    persona, language: "en", signal: new AbortController().signal, onTool: () => {}, emitText: () => {}, streamedText: "", usedFields: new Set<PersonaField>(),
    usage: { inputTokens: null, outputTokens: null }, sources: new Set<string>(), now: () => new Date(),
    proposePersonaChange: async (patch) => ({
      status: "proposed",
      proposalId: "x",
      changes: Object.fromEntries(Object.entries(patch).map(([f, v]) => [f, { old: persona[f as keyof Persona], new: v }])),
    }),
  };
}

describe("FAO-56 arithmetic", () => {
  it("extraterrestrial radiation and day length match FAO-56 examples 8 and 9 (20°S, 3 September)", () => {
    expect(extraterrestrialRadiation(-20, 246)).toBeCloseTo(32.2, 1);
    expect(daylightHours(-20, 246)).toBeCloseTo(11.7, 1);
  });

  it("Hargreaves follows FAO-56 eq. 52 with Ra in MJ converted by 0.408", () => {
    const ra = 40;
    expect(et0Hargreaves(30, 20, ra)).toBeCloseTo(0.0023 * (25 + 17.8) * Math.sqrt(10) * 0.408 * ra, 10);
  });

  it("Blaney-Criddle gives p(0.46 T + 8) with p near the FAO table value for 40°N in July (0.33)", () => {
    const et0 = et0BlaneyCriddle(26.9, 40, 7);
    expect(et0 / (0.46 * 26.9 + 8)).toBeCloseTo(0.33, 2);
    expect(et0BlaneyCriddle(-30, 40, 1)).toBe(0);
  });

  it("effective rainfall follows the USDA SCS method", () => {
    expect(effectiveRainfall(100)).toBe(84);
    expect(effectiveRainfall(300)).toBe(155);
    expect(effectiveRainfall(0)).toBe(0);
  });

  it("Kc follows the stage curve from the season start", () => {
    const cotton = cropData("Pambıq")!;
    expect(seasonStart(cotton)).toEqual({ month: 4, basis: "sowing_calendar" });
    expect(stageInMonth(cotton, 4, 4)).toMatchObject({ stage: "ini", kc: 0.35 });
    const june = stageInMonth(cotton, 4, 6)!;
    expect(june.stage).toBe("dev");
    expect(june.kc).toBeCloseTo(0.35 + ((1.17 - 0.35) * (june.day - 30)) / 50, 10);
    expect(stageInMonth(cotton, 4, 7)).toMatchObject({ stage: "mid", kc: 1.17 });
    expect(stageInMonth(cotton, 4, 1)).toBeNull();
    expect(seasonStart(cropData("Alma")!)).toEqual({ month: 3, basis: "fao56_table11" });
  });
});

describe("data mapping", () => {
  it("every catalogue district has a climate mapping (possibly none)", () => {
    for (const region of regionNames) expect(DISTRICT_CLIMATE).toHaveProperty([region]);
    for (const mapped of Object.values(DISTRICT_CLIMATE)) if (mapped) expect(agronomy.climate_normals).toHaveProperty([mapped.key]);
  });

  it("every catalogue crop is in the data", async () => {
    const { cropNames } = await import("../../server/personas/catalogue.js");
    for (const crop of cropNames) expect(cropData(crop)).toBeDefined();
  });
});

describe("tools", () => {
  it("irrigation for Gəncə tomato in July: Hargreaves from S48, FAO-56 Kc from S1, volumes for the persona's area", () => {
    const ctx = context();
    const r = irrigationNeed({ month: 7 }, ctx);
    expect(r.status).toBe("ok");
    expect(r.et0Method).toBe("hargreaves");
    // Kc (S1), the station's normals (S48) and the district's position (S103, GHCN station list).
    expect(Object.keys(r.sources)).toEqual(["S1", "S48", "S103"]);
    expect(r.et0Station).toMatchObject({ key: "Gəncə", name: { az: "Gəncə", en: "Ganja" }, distanceKm: 0 });
    const july = r.months[0]!;
    expect(july).toMatchObject({ month: 7, stage: "mid", kc: 1.15, precipMm: 23, et0Inputs: { tmaxC: 31.7, tminC: 19.5 } });
    const ra = extraterrestrialRadiation(40.72, 196);
    const et0 = et0Hargreaves(31.7, 19.5, ra);
    expect(july.et0MmPerDay).toBeCloseTo(et0, 1);
    expect(july.etcMm).toBe(Math.round(1.15 * et0 * 31));
    expect(july.netMm).toBe(Math.round(1.15 * et0 * 31 - effectiveRainfall(23)));
    expect(july.volumeM3).toBe(Math.round((1.15 * et0 * 31 - effectiveRainfall(23)) * 4) * 10);
    expect([...ctx.usedFields].sort()).toEqual(["cropType", "region", "totalAreaHa"]);
  });

  it("irrigation in Astara uses the Lənkəran station and says it is a neighbour's", () => {
    const r = irrigationNeed({ crop: "Çay", region: "Astara", month: 6 }, context());
    expect(r).toMatchObject({ status: "ok", climateKey: "Lənkəran", stationNearest: true, kcAssumption: "mid_season_all_year" });
  });

  it("irrigation in Naxçıvan: Hargreaves from the max/min rows of the Nakhchivan table (IR6, same table as S4)", () => {
    const r = irrigationNeed({ crop: "grape", region: "Nakhchivan", month: 7 }, context());
    expect(r).toMatchObject({ status: "ok", et0Method: "hargreaves", latitudeAssumed: false, et0Station: { key: "Naxçıvan", distanceKm: 0 } });
    expect(r.months[0]!.et0Inputs).toMatchObject({ tmaxC: 34.7, tminC: 20 });
  });

  it("irrigation where the district has no normals uses the nearest station; out of season gives no figure for the month", () => {
    expect(irrigationNeed({ region: "Cəlilabad", crop: "Kartof", month: 6 }, context())).toMatchObject({ status: "ok", et0Station: { key: "Lənkəran", distanceKm: 58 } });
    expect(irrigationNeed({ region: "Quba", crop: "Alma", month: 7 }, context())).toMatchObject({ status: "ok", et0Station: { key: "Bakı" } });
    expect(irrigationNeed({ crop: "Nar", month: 7 }, context())).toMatchObject({ status: "ok", kcSource: { match: "nearest" } });
    expect(irrigationNeed({ crop: "Pambıq", month: 1 }, context())).toMatchObject({ status: "out_of_season", months: [], nextSeason: { month: 4 } });
  });

  it("fertilizer: totals from sourced per-hectare figures, or none", () => {
    const wheat = fertilizerPlan({ crop: "Buğda", areaHa: 2.5 }, context());
    expect(wheat).toMatchObject({ status: "ok", perHa: { N: 90, P2O5: 90, K2O: 60 }, totalKg: { N: 225, P2O5: 225, K2O: 150 } });
    expect(Object.keys(wheat.sources)).toEqual(["S16"]);
    const tea = fertilizerPlan({ crop: "Çay" }, context());
    expect(tea).toMatchObject({ status: "no_figure", perHa: { N: null, P2O5: null, K2O: null }, totalKg: { N: null }, records: [] });
    expect(tea.sources).toEqual({});
    // Records of other countries are marked, and a range stays a range (never one invented midpoint).
    const cotton = fertilizerPlan({ crop: "Pambıq", areaHa: 2 }, context());
    expect(cotton.records.find((r) => r.country === "Uzbekistan")).toMatchObject({ foreign: true, perHa: { N: [250, 250] }, totalKg: { N: [500, 500] } });
    expect(cotton.records[0]).toMatchObject({ country: "Azerbaijan", foreign: false, trial: true });
    const tomato = fertilizerPlan({}, context());
    expect(tomato.records[0]).toMatchObject({ perHa: { N: [90, 120] }, totalKg: { N: [360, 480] } });
  });

  it("calendar: sourced months, nulls kept, region typicality from the catalogue", () => {
    expect(cropCalendar({ crop: "cotton", region: "Quba" }, context())).toMatchObject({
      status: "ok", sowingMonths: [4, 5], harvestMonths: [9, 10, 11, 12], typicalInRegion: false,
    });
    expect(cropCalendar({ crop: "Qarğıdalı" }, context())).toMatchObject({ status: "no_figure", sowingMonths: null, harvestMonths: null });
    expect(cropCalendar({ crop: "banana" }, context())).toMatchObject({ status: "unknown_crop" });
  });

  it("climate: monthly normals, a yearly summary, partial figures, or none", () => {
    expect(climateNormals({ region: "Lənkəran", month: 10 }, context())).toMatchObject({
      status: "ok", values: { tmeanC: 15.8, tmaxC: 19.9, tminC: 11.8, precipMm: 259 }, sources: { S48: expect.any(String) },
    });
    expect(climateNormals({}, context())).toMatchObject({ status: "ok", annual: { warmest: { month: 7, tmeanC: 25.6 }, precipTotalMm: 298 } });
    expect(climateNormals({ region: "Şəki", month: 7 }, context())).toMatchObject({
      status: "partial", partial: [{ kind: "tmean", months: [6, 7, 8], value: "20-25" }, { kind: "annual_tmean" }, { kind: "annual_precip" }],
    });
    expect(climateNormals({ region: "Şamaxı" }, context())).toMatchObject({ status: "no_figure", values: null });
    expect(climateNormals({ region: "Atlantis" }, context())).toMatchObject({ status: "unknown_region" });
  });

  it("propose_profile_change normalises names, rejects unknown ones, and never changes the persona", async () => {
    const ctx = context();
    const r = await proposeProfileChange({ region: "Sheki", cropType: "hazelnut", totalAreaHa: 7.26 }, ctx);
    expect(r).toMatchObject({ status: "proposed", patch: { region: "Şəki", cropType: "Fındıq", totalAreaHa: 7.3 } });
    expect(ctx.persona.region).toBe("Gəncə");
    const bad = await proposeProfileChange({ region: "Atlantis", cropType: "banana" }, context());
    expect(bad.status).toBe("rejected");
    expect(bad.rejected.map((x) => x.field)).toEqual(["region", "cropType"]);
  });
});

describe("language helpers", () => {
  it("folds Azerbaijani letters", () => {
    expect(fold("Şəkidə İmişli Pambığı Göyçay")).toBe("sekide imisli pambigi goycay");
  });

  it("finds districts with case endings and transliterations, not look-alike words", () => {
    expect(findDistrict("Qubada alma")).toBe("Quba");
    expect(findDistrict("weather in Sheki")).toBe("Şəki");
    expect(findDistrict("Lənkərandan gəlirəm")).toBe("Lənkəran");
    expect(findDistrict("bu şəkil gözəldir")).toBeUndefined();
  });

  it("finds crops, months and areas", () => {
    expect(findCrops("Pambığı və buğdanı")).toEqual(["Pambıq", "Buğda"]);
    expect(findCrops("I want to buy (almaq) a tractor")).toEqual([]);
    expect(findMonth("iyulda")).toBe(7);
    expect(findMonth("in May")).toBe(5);
    expect(findMonth("may I ask something")).toBeUndefined();
    expect(findMonth("may ayında")).toBe(5);
    expect(findAreaHa("12,5 hektar")).toBe(12.5);
    expect(findAreaHa("3 ha of wheat")).toBe(3);
    expect(findAreaHa("a hat")).toBeUndefined();
  });

  it("formats numbers, month ranges and locatives", () => {
    expect(formatNumber(21603.4, "az", 0)).toBe("21 603");
    expect(formatNumber(21603.4, "en", 0)).toBe("21,603");
    expect(formatNumber(12.5, "az")).toBe("12,5");
    expect(formatMonthList([11, 12, 1], "en")).toBe("November–January");
    expect(formatMonthList([5, 7], "az")).toBe("may, iyul");
    expect(locative("Quba")).toBe("Qubada");
    expect(locative("Şəki")).toBe("Şəkidə");
  });

  it("the offline planner passes only the arguments the question gives", () => {
    expect(planToolCalls("Pambığı iyulda Saatlıda nə qədər suvarım?")).toEqual([
      { name: "irrigation_need", args: { crop: "Pambıq", month: 7, region: "Saatlı" } },
    ]);
    expect(planToolCalls("How much water?")).toEqual([{ name: "irrigation_need", args: {} }]);
  });
});

describe("added calendars", () => {
  it("planting of saplings and transplanting come with their source; other dated news does not", () => {
    const hazel = cropCalendar({ crop: "Fındıq" }, context());
    expect(hazel.events).toEqual([{ item: "planting of saplings", months: [10, 11], src: "S74" }]);
    expect(Object.keys(hazel.sources)).toContain("S74");
    expect(cropCalendar({ crop: "Qarğıdalı" }, context()).events).toEqual([]);
  });
});
