import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { effectiveRainfall, et0Hargreaves, extraterrestrialRadiation, midMonthDay } from "../../server/agent/agronomy.js";
import type { RunContext } from "../../server/agent/configuration.js";
import { createAdvisor, type AdvisorRunInput } from "../../server/agent/index.js";
import { irrigationAdvice, irrigationNeed } from "../../server/agent/irrigation.js";
import { distanceKm, irrigationData, normalsStations, placeOf, type NormalsStation } from "../../server/agent/irrigation-data.js";
import { renderToolAnswer } from "../../server/agent/providers/offline-answers.js";
import { createWeatherClient, type WeatherClient } from "../../server/weather/extension.js";
import { startOpenMeteoStandIn, type OpenMeteoStandIn } from "../helpers/open-meteo.js";
import { cropNames } from "../../server/personas/catalogue.js";
import type { Persona, PersonaField } from "../../server/personas/types.js";

/** Open-Meteo's stand-in: ET0 6 mm every day, 7 mm of rain on one day, from the fixed clock's day. */
let standIn: OpenMeteoStandIn;

beforeAll(async () => {
  standIn = await startOpenMeteoStandIn({ firstDay: "2026-07-10" });
});

afterAll(async () => {
  await standIn.close();
});

beforeEach(() => {
  standIn.mode = "good";
  standIn.requests.length = 0;
});

const july = () => new Date("2026-07-10T08:00:00Z");

function persona(overrides: Partial<Persona> = {}): Persona {
  return {
    id: "p", userId: "u", email: "e@example.com", fullName: "Aysel Məmmədova", finCode: "5KX2P9A", phone: "+994 50 123 45 67",
    region: "Sabirabad", cropType: "Pambıq", totalAreaHa: 10, experienceLevel: "novice", ektisVerified: false, dataSource: "synthetic",
    createdAt: "", updatedAt: "", lastLoginAt: "", ...overrides,
  };
}

function context(weather: WeatherClient = createWeatherClient({ provider: "offline" }), overrides: Partial<Persona> = {}): RunContext {
  return {
    persona: persona(overrides), language: "az", signal: new AbortController().signal, onTool: () => {}, emitText: () => {}, streamedText: "",
    usedFields: new Set<PersonaField>(), usage: { inputTokens: null, outputTokens: null }, sources: new Set<string>(), weather, now: july,
    proposePersonaChange: async () => ({ status: "nothing_to_update" }),
  };
}

const openMeteo = () => createWeatherClient({ provider: "open-meteo", url: standIn.url, timeoutMs: 1500 });

describe("ET0 from the forecast when it is reachable", () => {
  it("this month: a week of Open-Meteo's ET0 and rain at the district, × the stage's Kc, minus effective rain", async () => {
    const r = await irrigationAdvice({}, context(openMeteo()));
    expect(r).toMatchObject({ status: "ok", et0Method: "forecast", forecastMissing: null, inSeason: true });
    // Asked at Sabirabad's own position (the town, IR1), not at the normals station 123 km away.
    const sabirabad = placeOf("Sabirabad")!;
    expect(standIn.requests).toHaveLength(1);
    expect(Number(standIn.requests[0]!.url.searchParams.get("latitude"))).toBeCloseTo(sabirabad.lat, 3);
    expect(Number(standIn.requests[0]!.url.searchParams.get("longitude"))).toBeCloseTo(sabirabad.lon, 3);
    const f = r.figure!;
    // Cotton sown mid-April (S12, S13): mid-July is day 91, mid-season (30 + 50 days before it), Kc mid 1.17.
    const effective = (effectiveRainfall((7 * 30) / 7) * 7) / 30;
    expect(f).toMatchObject({ basis: "forecast_week", days: 7, et0Method: "forecast", kc: 1.17, et0MmPerDay: 6, rainMmPerWeek: 7 });
    expect(f.etcMmPerWeek).toBeCloseTo(1.17 * 42, 1);
    expect(f.netMmPerWeek).toBeCloseTo(1.17 * 42 - effective, 1);
    expect(f.volumeM3PerWeek).toBe(Math.round((1.17 * 42 - effective) * 10) * 10);
    expect(Object.keys(r.sources)).toEqual(expect.arrayContaining(["S1", "IR1", "OPEN_METEO"]));
    const az = renderToolAnswer([r], "az");
    expect(az).toMatch(/Bu həftə: ET0 ≈ 6 mm\/gün, Open-Meteo hava proqnozundan götürülüb \(növbəti 7 gün, FAO-56 Penman-Monteyt üsulu\)/);
    expect(renderToolAnswer([r], "en")).toMatch(/This week: ET0 ≈ 6 mm\/day, taken from the Open-Meteo weather forecast/);
  });

  it("through the offline advisor, a question about this month gets the forecast figure", async () => {
    const advisor = createAdvisor({ provider: "offline", offlinePaceMs: 0, now: july });
    const input: AdvisorRunInput = {
      persona: persona(), language: "az", weather: openMeteo(), history: [{ role: "user", content: "İyulda pambığı nə qədər suvarmalıyam?" }], signal: new AbortController().signal,
      onToken: () => undefined, onTool: () => undefined, proposePersonaChange: async () => ({ status: "nothing_to_update" }),
    };
    const result = await advisor.run(input);
    expect(result.text).toMatch(/Bu həftə: ET0 ≈ 6 mm\/gün, Open-Meteo hava proqnozundan/);
    expect(result.text).toMatch(/Mənbələr: .*Open-Meteo/);
  });

  it("another month than this one is answered from the normals, and the forecast is not asked", async () => {
    const r = await irrigationAdvice({ month: 8 }, context(openMeteo()));
    expect(r).toMatchObject({ status: "ok", et0Method: "hargreaves", forecastMissing: "other_month", figure: { basis: "normals_month", month: 8 } });
    expect(standIn.requests).toHaveLength(0);
  });

  it("an unreachable forecast falls back to the nearest station's normals and says why", async () => {
    standIn.mode = "500";
    const r = await irrigationAdvice({}, context(openMeteo()));
    expect(r).toMatchObject({ status: "ok", et0Method: "hargreaves", forecastMissing: "unavailable", et0Station: { key: "Bakı", distanceKm: 123 } });
    expect(r.figure).toMatchObject({ basis: "normals_month", month: 7 });
    const offline = await irrigationAdvice({}, context());
    expect(offline).toMatchObject({ et0Method: "hargreaves", forecastMissing: "offline" });
  });
});

describe("ET0 from the nearest station's normals, with its name and distance", () => {
  // A station whose normals publish ET0 (as FAO CLIMWAT files do). No Azerbaijani station in the
  // shipped data has such a table (et0_mm_day is null, see ../../server/agent/data/irrigation.json),
  // so this fixture stands in for one, 20 km from Sabirabad.
  const published: NormalsStation = {
    key: "Fixture", name: { az: "Sınaq", en: "Fixture" }, lat: 40.013 + 20 / 111.2, lon: 48.479, period: "1961-1990",
    et0MmDay: [0.9, 1.3, 2.2, 3.4, 4.6, 5.9, 6.4, 5.6, 3.9, 2.2, 1.2, 0.8], tmaxC: null, tminC: null,
    precipMm: [20, 20, 25, 25, 25, 15, 8, 8, 15, 25, 25, 20], sources: ["S1"],
  };

  it("uses the published ET0 of the nearest station and names it", () => {
    const r = irrigationNeed({ month: 7 }, context(), [published, ...normalsStations()]);
    expect(r).toMatchObject({ status: "ok", et0Method: "station_normals", et0Station: { key: "Fixture", distanceKm: 20 } });
    expect(r.months[0]).toMatchObject({ et0MmPerDay: 6.4, et0Method: "station_normals", precipMm: 8 });
    expect(r.figure!.etcMmPerWeek).toBeCloseTo(1.17 * 6.4 * 7, 1);
    expect(renderToolAnswer([r], "az")).toMatch(/ET0 ≈ 6,4 mm\/gün, Sınaq stansiyasının \(20 km aralı, 1961–1990\) çoxillik iqlim normalarından götürülüb/);
    expect(renderToolAnswer([r], "en")).toMatch(/ET0 ≈ 6.4 mm\/day, taken from the climate normals of Fixture station \(20 km away, 1961–1990\)/);
  });

  it("picks the station nearest the district by great-circle distance", () => {
    const sheki = placeOf("Şəki")!;
    const stations = normalsStations();
    const nearest = [...stations].sort((a, b) => distanceKm(sheki, a) - distanceKm(sheki, b))[0]!;
    const r = irrigationNeed({ crop: "Buğda", region: "Şəki", month: 5 }, context());
    expect(r.et0Station).toMatchObject({ key: nearest.key, distanceKm: Math.round(distanceKm(sheki, nearest)) });
    expect(r.et0Station).toMatchObject({ key: "Gəncə", distanceKm: 84 });
    expect(r.stationNearest).toBe(true);
  });
});

describe("ET0 from temperature alone (Hargreaves) where only temperature is known", () => {
  it("FAO-56 eq. 52 with the station's mean max/min normals and Ra at the station's latitude", () => {
    const r = irrigationNeed({ month: 7 }, context());
    const baku = normalsStations().find((s) => s.key === "Bakı")!;
    expect(baku.et0MmDay).toBeNull();
    const et0 = et0Hargreaves(baku.tmaxC![6]!, baku.tminC![6]!, extraterrestrialRadiation(baku.lat, midMonthDay(7)));
    expect(r).toMatchObject({ status: "ok", et0Method: "hargreaves", et0Station: { key: "Bakı", name: { az: "Bakı", en: "Baku" }, distanceKm: 123 } });
    expect(r.months[0]!.et0MmPerDay).toBeCloseTo(et0, 1);
    expect(r.months[0]!.et0Inputs).toMatchObject({ tmaxC: 30.6, tminC: 22.2 });
    expect(Object.keys(r.sources)).toEqual(expect.arrayContaining(["S1", "S48", "IR1"]));
    expect(renderToolAnswer([r], "az")).toMatch(/yalnız temperatur məlum olduğundan Harqreyvs tənliyi ilə Bakı stansiyasının \(123 km aralı, 1971–1990\)/);
    expect(renderToolAnswer([r], "en")).toMatch(/estimated from temperature only \(Hargreaves equation\) with the mean max\/min temperature normals of Baku station \(123 km away, 1971–1990\)/);
  });
});

describe("outside the growing season", () => {
  it("says so, gives no figure for the month, and what to plan for instead: the next season's first month", () => {
    const r = irrigationNeed({ month: 1 }, context());
    expect(r).toMatchObject({ status: "out_of_season", inSeason: false, figure: null, months: [], et0Method: null });
    expect(r.nextSeason).toMatchObject({ month: 4, figure: { month: 4, et0Method: "hargreaves" } });
    expect(r.nextSeason!.figure.etcMmPerWeek).toBeGreaterThan(0);
    const az = renderToolAnswer([r], "az");
    expect(az).toMatch(/yanvar ayının ortası bu mövsümə düşmür, ona görə bu ay üçün suvarma ehtiyacı hesablanmır/);
    expect(az).toMatch(/Bunun əvəzinə növbəti mövsümə hazırlaşın: aprel ayında bitkinin su sərfi həftədə ≈ [\d,]+ mm olacaq/);
    expect(renderToolAnswer([r], "en")).toMatch(/Plan instead for the next season: in April crop water use will be ≈ [\d.]+ mm a week/);
  });

  it("winter wheat in August points to November; an apple orchard in December to March", () => {
    expect(irrigationNeed({ crop: "Buğda", region: "Şəki", month: 8 }, context())).toMatchObject({ status: "out_of_season", nextSeason: { month: 11 } });
    expect(irrigationNeed({ crop: "Alma", region: "Quba", month: 12 }, context())).toMatchObject({ status: "out_of_season", nextSeason: { month: 3 } });
  });

  it("the forecast is not asked for a crop out of season this month", async () => {
    const r = await irrigationAdvice({ crop: "Buğda", region: "Şəki" }, context(openMeteo()));
    expect(r).toMatchObject({ status: "ok", forecastMissing: "out_of_season", inSeason: false });
    expect(standIn.requests).toHaveLength(0);
  });
});

describe("FAO-56 Kc for every catalogue crop, sourced", () => {
  it("every catalogue crop has a Table 12 row from S1 and stage lengths or an evergreen all-year Kc", () => {
    for (const crop of cropNames) {
      const kc = irrigationData.crops[crop];
      expect(kc, crop).toBeDefined();
      expect(kc!.src).toBe("S1");
      // Only tea, an evergreen plantation, has no FAO-56 Table 11 stage lengths.
      if (crop === "Çay") expect(kc!.stage).toBeNull();
      else expect(kc!.stage?.src).toBe("S1");
    }
  });

  it("hazelnut and pomegranate use the nearest FAO-56 crop and say so; tea and citrus have rows of their own", () => {
    const ctx = context();
    expect(irrigationNeed({ crop: "Fındıq", region: "Şəki", month: 7 }, ctx).kcSource).toMatchObject({ match: "nearest", faoRow: { en: "walnut orchard", az: "qoz bağı" } });
    expect(irrigationNeed({ crop: "Nar", region: "Göyçay", month: 7 }, ctx).kcSource).toMatchObject({ match: "nearest", faoRow: { en: expect.stringMatching(/stone fruit/) } });
    expect(irrigationNeed({ crop: "Çay", region: "Lənkəran", month: 7 }, ctx)).toMatchObject({ kcSource: { match: "exact", faoRow: { en: "tea, non-shaded" } }, kcAssumption: "mid_season_all_year" });
    expect(irrigationNeed({ crop: "Sitrus", region: "Astara", month: 7 }, ctx).kcSource).toMatchObject({ match: "exact", faoRow: { en: "citrus, no ground cover, 70% canopy" } });
    const pomegranate = irrigationNeed({ crop: "Nar", region: "Göyçay", month: 7 }, ctx);
    // The field study the note compares the stand-in row with is cited.
    expect(pomegranate.sources.IR5).toMatch(/pomegranate/);
    expect(renderToolAnswer([pomegranate], "en")).toMatch(/FAO-56 has no row for pomegranate; the nearest FAO-56 crop, "apricots, peaches, stone fruit/);
    expect(renderToolAnswer([pomegranate], "az")).toMatch(/FAO-56-da nar üçün ayrıca sətir yoxdur; ən yaxın FAO-56 bitkisinin — „ərik, şaftalı/);
  });
});
