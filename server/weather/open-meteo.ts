/**
 * The weather provider: Open-Meteo's free forecast API (no key) for daily FAO-56 reference
 * evapotranspiration and precipitation at a district's station coordinates, or `offline` (none).
 * Only the coordinates leave the server (never who asks). Short timeout; one answer per place and
 * day is cached, and a failure is remembered for a few minutes so a dead network does not slow
 * every question. Callers fall back to the shipped climate normals when this returns null.
 */
import { z } from "zod";
import type { DailyForecast, ForecastProvider } from "../agent/extension.js";
import { DEFAULT_WEATHER_URL, type WeatherConfig } from "./config.js";

export type WeatherProviderName = WeatherConfig["provider"];
/** The forecast client is the provider the advisor reads (server/agent/extension.ts, "advisor:weather"). */
export type WeatherClient = ForecastProvider & { readonly provider: WeatherProviderName };
const DEFAULT_TIMEOUT_MS = 2500;
const FAILURE_TTL_MS = 5 * 60_000;

// What we read of Open-Meteo's answer; anything else (missing days, nulls, negative values) counts as no forecast.
const responseSchema = z.object({
  daily: z.object({
    time: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).min(1).max(16),
    et0_fao_evapotranspiration: z.array(z.number().min(0).max(30)),
    precipitation_sum: z.array(z.number().min(0).max(500)),
  }),
});

/** Today's date in Azerbaijan (UTC+4): the cache key's day. */
function bakuDay(now: Date): string {
  return new Date(now.getTime() + 4 * 3600_000).toISOString().slice(0, 10);
}

export function createWeatherClient(options: {
  provider: WeatherProviderName;
  url?: string;
  timeoutMs?: number;
  now?: () => Date;
  onError?: (reason: string) => void;
}): WeatherClient {
  if (options.provider === "offline") return { provider: "offline", forecast: async () => null };
  const url = options.url ?? DEFAULT_WEATHER_URL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? (() => new Date());
  const cache = new Map<string, { at: number; value: Promise<DailyForecast | null> }>();

  // Not tied to one run's signal: the answer is cached for every farmer of the district; the timeout bounds it.
  async function fetchForecast(lat: number, lon: number): Promise<DailyForecast | null> {
    const query = new URL(url);
    query.searchParams.set("latitude", lat.toFixed(3));
    query.searchParams.set("longitude", lon.toFixed(3));
    query.searchParams.set("daily", "et0_fao_evapotranspiration,precipitation_sum");
    query.searchParams.set("timezone", "Asia/Baku");
    query.searchParams.set("forecast_days", "7");
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const response = await fetch(query, {
        signal: timeout,
        headers: { accept: "application/json" },
        // No cookies, no referrer, no identity: the coordinates are all the request says.
        credentials: "omit",
        referrerPolicy: "no-referrer",
      });
      if (!response.ok) {
        options.onError?.(`status ${response.status}`);
        return null;
      }
      const parsed = responseSchema.safeParse(await response.json());
      const daily = parsed.success ? parsed.data.daily : null;
      if (!daily || daily.et0_fao_evapotranspiration.length !== daily.time.length || daily.precipitation_sum.length !== daily.time.length) {
        options.onError?.("unexpected answer");
        return null;
      }
      return { dates: daily.time, et0Mm: daily.et0_fao_evapotranspiration, precipMm: daily.precipitation_sum, provider: "open-meteo" };
    } catch (error) {
      options.onError?.(timeout.aborted ? "timeout" : error instanceof Error ? error.name : "error");
      return null;
    }
  }

  return {
    provider: "open-meteo",
    async forecast(place) {
      const key = `${place.lat.toFixed(3)},${place.lon.toFixed(3)},${bakuDay(now())}`;
      const hit = cache.get(key);
      if (hit && (now().getTime() - hit.at < FAILURE_TTL_MS || (await hit.value) !== null)) return hit.value;
      const value = fetchForecast(place.lat, place.lon);
      cache.set(key, { at: now().getTime(), value });
      // Yesterday's keys are never asked again: keep the map small.
      if (cache.size > 200) for (const k of cache.keys()) if (!k.endsWith(bakuDay(now()))) cache.delete(k);
      return value;
    },
  };
}
