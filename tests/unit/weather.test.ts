import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAdvisor, type AdvisorRunInput } from "../../server/agent/index.js";
import { stationForDistrict } from "../../server/agent/additions.js";
import type { Persona } from "../../server/personas/types.js";

/** A local stand-in for Open-Meteo's /v1/forecast (the internet is not reachable here). */
type Mode = "good" | "garbage" | "500" | "hang";
let mode: Mode = "good";
const requests: { url: URL; headers: IncomingMessage["headers"] }[] = [];
const hanging: ServerResponse[] = [];
let server: Server;
let baseUrl = "";

function forecastBody(url: URL) {
  const time = ["2026-07-10", "2026-07-11", "2026-07-12", "2026-07-13", "2026-07-14", "2026-07-15", "2026-07-16"];
  return {
    latitude: Number(url.searchParams.get("latitude")),
    longitude: Number(url.searchParams.get("longitude")),
    generationtime_ms: 0.1,
    utc_offset_seconds: 14400,
    timezone: "Asia/Baku",
    timezone_abbreviation: "GMT+4",
    elevation: 311,
    daily_units: { time: "iso8601", et0_fao_evapotranspiration: "mm", precipitation_sum: "mm" },
    daily: { time, et0_fao_evapotranspiration: [6, 6, 6, 6, 6, 6, 6], precipitation_sum: [0, 0, 7, 0, 0, 0, 0] },
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    requests.push({ url, headers: req.headers });
    if (mode === "hang") return void hanging.push(res);
    if (mode === "500") return void res.writeHead(500, { "content-type": "application/json" }).end('{"error":true,"reason":"boom"}');
    if (mode === "garbage") return void res.writeHead(200, { "content-type": "application/json" }).end('{"daily":{"time":["x"],"et0_fao_evapotranspiration":["a"]}}');
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(forecastBody(url)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/forecast`;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests.length = 0;
});

function persona(overrides: Partial<Persona> = {}): Persona {
  return {
    id: "p", userId: "u", email: "private-farmer@example.com", fullName: "Rəşad Quliyev", finCode: "3ABC4D5", phone: "+994 70 111 22 33",
    region: "Gəncə", cropType: "Pomidor", totalAreaHa: 2, experienceLevel: "intermediate", ektisVerified: false, dataSource: "synthetic",
    createdAt: "", updatedAt: "", lastLoginAt: "", ...overrides,
  };
}

function input(question: string, p = persona()): AdvisorRunInput {
  return {
    persona: p, language: "az", history: [{ role: "user", content: question }], signal: new AbortController().signal,
    onToken: () => undefined, onTool: () => undefined, proposePersonaChange: async () => ({ status: "nothing_to_update" }),
  };
}

// Mid-July: tomato is in season in Gəncə, and the stand-in's dates are this week.
const july = () => new Date("2026-07-10T08:00:00Z");
const advisor = () => createAdvisor({ provider: "offline", offlinePaceMs: 0, weather: { provider: "open-meteo", url: baseUrl, timeoutMs: 1500 }, now: july });

describe("irrigation this week with the Open-Meteo provider", () => {
  it("uses the forecast: ET0 × Kc − effective rain for the farmer's area, and says so", async () => {
    mode = "good";
    const result = await advisor().run(input("How much water does my tomato need this week?"));
    expect(result.text).toMatch(/From the Open-Meteo weather forecast \(next 7 days\)/);
    expect(result.text).toMatch(/ET0 42 mm in total/);
    expect(result.text).toMatch(/rain 7 mm/);
    expect(result.text).toMatch(/Ganja, 2 ha of tomato/);
    expect(result.text).toMatch(/about \d+ m³/);
    expect(result.sources.map((s) => s.id)).toContain("OPEN_METEO");
    // Only the district's coordinates leave the server: no name, email, FIN, phone or cookie.
    expect(requests).toHaveLength(1);
    const { url, headers } = requests[0]!;
    const station = stationForDistrict("Gəncə")!;
    expect([...url.searchParams.keys()].sort()).toEqual(["daily", "forecast_days", "latitude", "longitude", "timezone"]);
    expect(Number(url.searchParams.get("latitude"))).toBeCloseTo(station.lat, 3);
    expect(Number(url.searchParams.get("longitude"))).toBeCloseTo(station.lon, 3);
    expect(url.searchParams.get("daily")).toBe("et0_fao_evapotranspiration,precipitation_sum");
    expect(headers.cookie).toBeUndefined();
    expect(JSON.stringify({ url: url.href, headers })).not.toMatch(/private-farmer|3ABC4D5|111 22 33|Quliyev/);
  });

  it("caches the forecast per district and day", async () => {
    mode = "good";
    const a = advisor();
    await a.run(input("How much water does my tomato need this week?"));
    await a.run(input("Bu həftə pomidorum nə qədər su tələb edir?"));
    expect(requests).toHaveLength(1);
  });

  for (const failing of ["garbage", "500", "hang"] as const) {
    it(`answers from the normals when the server answers ${failing}, within 5 s`, async () => {
      mode = failing;
      const started = Date.now();
      const result = await advisor().run(input("How much water does my tomato need this week?"));
      expect(Date.now() - started).toBeLessThan(5000);
      expect(requests.length).toBeGreaterThanOrEqual(1);
      expect(result.text).toMatch(/No forecast \(the weather forecast is not reachable right now\); from the climate normals for July/);
      expect(result.text).toMatch(/Net irrigation need this week ≈ \d+ mm/);
      expect(result.sources.map((s) => s.id)).not.toContain("OPEN_METEO");
    }, 10_000);
  }

  it("without a forecast for a district with no station of its own, answers from the nearest station's normals", async () => {
    mode = "500";
    const result = await advisor().run(input("How much should I irrigate my tomato this week?", persona({ region: "Cəlilabad" })));
    // Every catalogue district now has a normals station (../../server/agent/data/irrigation.json): Lənkəran, 58 km.
    expect(result.text).toMatch(/from the climate normals for July/);
    expect(result.text).toMatch(/about \d+ m³/);
  });
});

describe("weather configuration", () => {
  it("defaults to Open-Meteo's public address and refuses an unknown provider, naming the variable", async () => {
    const { loadConfig } = await import("../../server/config.js");
    expect(loadConfig({}).weather).toEqual({ provider: "open-meteo", url: "https://api.open-meteo.com/v1/forecast" });
    expect(loadConfig({ WEATHER_PROVIDER: "offline", WEATHER_URL: "http://127.0.0.1:9/v1/forecast" }).weather).toEqual({ provider: "offline", url: "http://127.0.0.1:9/v1/forecast" });
    expect(() => loadConfig({ WEATHER_PROVIDER: "met-office" })).toThrow(/WEATHER_PROVIDER/);
    expect(() => loadConfig({ WEATHER_URL: "not a url" })).toThrow(/WEATHER_URL/);
  });
});
