import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAdvisor, type AdvisorRunInput } from "../../server/agent/index.js";
import { stationForDistrict } from "../../server/agent/additions.js";
import type { Persona } from "../../server/personas/types.js";
import { createWeatherClient, loadWeatherConfig, type WeatherClient } from "../../server/weather/extension.js";
import { startOpenMeteoStandIn, type OpenMeteoStandIn } from "../helpers/open-meteo.js";

/** Open-Meteo's stand-in (the internet is not reachable here); its dates run from the fixed clock's day. */
let standIn: OpenMeteoStandIn;

beforeAll(async () => {
  standIn = await startOpenMeteoStandIn({ firstDay: "2026-07-10" });
});

afterAll(async () => {
  await standIn.close();
});

beforeEach(() => {
  standIn.requests.length = 0;
  standIn.mode = "good";
});

function persona(overrides: Partial<Persona> = {}): Persona {
  return {
    id: "p", userId: "u", email: "private-farmer@example.com", fullName: "Rəşad Quliyev", finCode: "3ABC4D5", phone: "+994 70 111 22 33",
    region: "Gəncə", cropType: "Pomidor", totalAreaHa: 2, experienceLevel: "intermediate", ektisVerified: false, dataSource: "synthetic",
    createdAt: "", updatedAt: "", lastLoginAt: "", ...overrides,
  };
}

function input(question: string, p = persona(), weather: WeatherClient = openMeteo()): AdvisorRunInput {
  return {
    persona: p, language: "az", weather, history: [{ role: "user", content: question }], signal: new AbortController().signal,
    onToken: () => undefined, onTool: () => undefined, proposePersonaChange: async () => ({ status: "nothing_to_update" }),
  };
}

// Mid-July: tomato is in season in Gəncə, and the stand-in's dates are this week.
const july = () => new Date("2026-07-10T08:00:00Z");
// The weather plugin's client, as it contributes it to the advisor at "advisor:weather".
const openMeteo = () => createWeatherClient({ provider: "open-meteo", url: standIn.url, timeoutMs: 300 });
const advisor = () => createAdvisor({ provider: "offline", offlinePaceMs: 0, now: july });

describe("irrigation this week with the Open-Meteo provider", () => {
  it("uses the forecast: ET0 × Kc − effective rain for the farmer's area, and says so", async () => {
    const result = await advisor().run(input("How much water does my tomato need this week?"));
    expect(result.text).toMatch(/From the Open-Meteo weather forecast \(next 7 days\)/);
    expect(result.text).toMatch(/ET0 42 mm in total/);
    expect(result.text).toMatch(/rain 7 mm/);
    expect(result.text).toMatch(/Ganja, 2 ha of tomato/);
    expect(result.text).toMatch(/about \d+ m³/);
    expect(result.sources.map((s) => s.id)).toContain("OPEN_METEO");
    // Only the district's coordinates leave the server: no name, email, FIN, phone or cookie.
    expect(standIn.requests).toHaveLength(1);
    const { url, headers } = standIn.requests[0]!;
    const station = stationForDistrict("Gəncə")!;
    expect([...url.searchParams.keys()].sort()).toEqual(["daily", "forecast_days", "latitude", "longitude", "timezone"]);
    expect(Number(url.searchParams.get("latitude"))).toBeCloseTo(station.lat, 3);
    expect(Number(url.searchParams.get("longitude"))).toBeCloseTo(station.lon, 3);
    expect(url.searchParams.get("daily")).toBe("et0_fao_evapotranspiration,precipitation_sum");
    expect(headers.cookie).toBeUndefined();
    expect(JSON.stringify({ url: url.href, headers })).not.toMatch(/private-farmer|3ABC4D5|111 22 33|Quliyev/);
  });

  it("caches the forecast per district and day", async () => {
    const weather = openMeteo();
    await advisor().run(input("How much water does my tomato need this week?", persona(), weather));
    await advisor().run(input("Bu həftə pomidorum nə qədər su tələb edir?", persona(), weather));
    expect(standIn.requests).toHaveLength(1);
  });

  for (const failing of ["garbage", "500", "hang"] as const) {
    // "hang" ends at the client's timeout (WEATHER_TIMEOUT_MS, 300 ms here), not at the test's.
    it(`answers from the normals when the server answers ${failing}`, async () => {
      standIn.mode = failing;
      const result = await advisor().run(input("How much water does my tomato need this week?"));
      expect(standIn.requests.length).toBeGreaterThanOrEqual(1);
      expect(result.text).toMatch(/No forecast \(the weather forecast is not reachable right now\); from the climate normals for July/);
      expect(result.text).toMatch(/Net irrigation need this week ≈ \d+ mm/);
      expect(result.sources.map((s) => s.id)).not.toContain("OPEN_METEO");
    });
  }

  it("without a forecast provider (no weather plugin), says there is no forecast and answers from the normals", async () => {
    const result = await advisor().run({ ...input("How much water does my tomato need this week?"), weather: undefined });
    expect(result.text).toMatch(/No forecast \(the weather forecast is switched off on this server\); from the climate normals for July/);
    expect(standIn.requests).toHaveLength(0);
  });

  it("without a forecast for a district with no station of its own, answers from the nearest station's normals", async () => {
    standIn.mode = "500";
    const result = await advisor().run(input("How much should I irrigate my tomato this week?", persona({ region: "Cəlilabad" })));
    // Every catalogue district now has a normals station (../../server/agent/data/irrigation.json): Lənkəran, 58 km.
    expect(result.text).toMatch(/from the climate normals for July/);
    expect(result.text).toMatch(/about \d+ m³/);
  });
});

describe("weather configuration (the weather plugin's own, server/weather/config.ts)", () => {
  it("defaults to Open-Meteo's public address and a 2.5 s timeout, and refuses a bad value, naming the variable", () => {
    expect(loadWeatherConfig({})).toEqual({ provider: "open-meteo", url: "https://api.open-meteo.com/v1/forecast", timeoutMs: 2500 });
    expect(loadWeatherConfig({ WEATHER_PROVIDER: "offline", WEATHER_URL: "http://127.0.0.1:9/v1/forecast", WEATHER_TIMEOUT_MS: " 800 " }))
      .toEqual({ provider: "offline", url: "http://127.0.0.1:9/v1/forecast", timeoutMs: 800 });
    expect(loadWeatherConfig({ WEATHER_PROVIDER: "" })).toMatchObject({ provider: "open-meteo" });
    expect(() => loadWeatherConfig({ WEATHER_PROVIDER: "met-office" })).toThrow(/WEATHER_PROVIDER/);
    expect(() => loadWeatherConfig({ WEATHER_URL: "not a url" })).toThrow(/WEATHER_URL/);
    expect(() => loadWeatherConfig({ WEATHER_TIMEOUT_MS: "soon" })).toThrow(/WEATHER_TIMEOUT_MS/);
    expect(() => loadWeatherConfig({ WEATHER_TIMEOUT_MS: "0" })).toThrow(/WEATHER_TIMEOUT_MS/);
  });

  it("the app's configuration no longer reads WEATHER_*: a bad value there is the plugin's to refuse", async () => {
    const { loadConfig } = await import("../../server/config.js");
    expect(() => loadConfig({ WEATHER_PROVIDER: "met-office" })).not.toThrow();
    expect(loadConfig({})).not.toHaveProperty("weather");
  });
});
