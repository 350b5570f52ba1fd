import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for Open-Meteo's forecast API (GET /v1/forecast; the internet is not reachable in
 * tests), speaking its protocol: `latitude`, `longitude`, `daily` (comma-separated variables),
 * `timezone`, `forecast_days` in the query; a JSON answer with `daily.time` and one array per variable;
 * `{"error": true, "reason": …}` with status 400 for a request it cannot answer.
 * `mode` makes it fail: "garbage" (a malformed body), "500", or "hang" (never answers).
 */
export type OpenMeteoMode = "good" | "garbage" | "500" | "hang";

export interface OpenMeteoStandIn {
  /** The forecast endpoint, for WEATHER_URL. */
  url: string;
  mode: OpenMeteoMode;
  /** Every request, with its query and headers. */
  requests: { url: URL; headers: IncomingMessage["headers"] }[];
  /** Daily values it answers with (first `forecast_days` of them); dates run from `firstDay`. */
  et0: number[];
  rain: number[];
  /** YYYY-MM-DD of the first day; default today in Baku (UTC+4), as Open-Meteo answers with timezone=Asia/Baku. */
  firstDay: string | undefined;
  close(): Promise<void>;
}

const KNOWN_DAILY = new Set(["et0_fao_evapotranspiration", "precipitation_sum", "temperature_2m_max", "temperature_2m_min"]);

function bakuToday(): string {
  return new Date(Date.now() + 4 * 3600_000).toISOString().slice(0, 10);
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export async function startOpenMeteoStandIn(options: { et0?: number[]; rain?: number[]; firstDay?: string } = {}): Promise<OpenMeteoStandIn> {
  const hanging: ServerResponse[] = [];
  const standIn: OpenMeteoStandIn = {
    url: "",
    mode: "good",
    requests: [],
    et0: options.et0 ?? [6, 6, 6, 6, 6, 6, 6],
    rain: options.rain ?? [0, 0, 7, 0, 0, 0, 0],
    firstDay: options.firstDay,
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const json = (res: ServerResponse, status: number, body: unknown) =>
    void res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    standIn.requests.push({ url, headers: req.headers });
    if (standIn.mode === "hang") return void hanging.push(res);
    if (standIn.mode === "500") return json(res, 500, { error: true, reason: "Internal error" });
    if (standIn.mode === "garbage") return void res.writeHead(200, { "content-type": "application/json" }).end('{"daily":{"time":["x"],"et0_fao_evapotranspiration":["a"]}}');
    if (req.method !== "GET" || url.pathname !== "/v1/forecast") return json(res, 404, { error: true, reason: "Not found" });
    const latitude = Number(url.searchParams.get("latitude"));
    const longitude = Number(url.searchParams.get("longitude"));
    if (!(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180)) return json(res, 400, { error: true, reason: "Latitude must be in range of -90 to 90°. Given: NaN." });
    const daily = (url.searchParams.get("daily") ?? "").split(",").filter(Boolean);
    const unknown = daily.find((name) => !KNOWN_DAILY.has(name));
    if (unknown) return json(res, 400, { error: true, reason: `Cannot initialize WeatherVariable from invalid String value ${unknown} for key daily` });
    const days = Number(url.searchParams.get("forecast_days") ?? "7");
    if (!(Number.isInteger(days) && days >= 0 && days <= 16)) return json(res, 400, { error: true, reason: "Forecast days is invalid. Allowed range 0 to 16." });
    const first = standIn.firstDay ?? bakuToday();
    const time = Array.from({ length: days }, (_, i) => addDays(first, i));
    const values: Record<string, number[]> = {
      et0_fao_evapotranspiration: time.map((_, i) => standIn.et0[i % standIn.et0.length]!),
      precipitation_sum: time.map((_, i) => standIn.rain[i % standIn.rain.length]!),
      temperature_2m_max: time.map(() => 30),
      temperature_2m_min: time.map(() => 18),
    };
    json(res, 200, {
      latitude, longitude, generationtime_ms: 0.1, utc_offset_seconds: 14400, timezone: url.searchParams.get("timezone") ?? "GMT",
      timezone_abbreviation: "GMT+4", elevation: 311,
      daily_units: Object.fromEntries([["time", "iso8601"], ...daily.map((name) => [name, name.startsWith("temperature") ? "°C" : "mm"])]),
      daily: Object.fromEntries([["time", time], ...daily.map((name) => [name, values[name]])]),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/forecast`;
  return standIn;
}
