/**
 * The weather plugin's configuration, read from the environment (listed in .env.example and the README).
 * Empty strings count as unset; an invalid value throws ConfigError naming the variable, like the app's.
 */
import { z } from "zod";
import { ConfigError } from "../config.js";

export const DEFAULT_WEATHER_URL = "https://api.open-meteo.com/v1/forecast";

export const weatherEnv = z.object({
  /** "open-meteo": forecasts from WEATHER_URL; "offline": none (the advisor answers from the climate normals). */
  WEATHER_PROVIDER: z.enum(["open-meteo", "offline"]).default("open-meteo"),
  WEATHER_URL: z.string().url().default(DEFAULT_WEATHER_URL),
  /** How long one forecast request may take before the normals answer instead. */
  WEATHER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2500),
});

export interface WeatherConfig {
  provider: "open-meteo" | "offline";
  url: string;
  timeoutMs: number;
}

export function loadWeatherConfig(source: NodeJS.ProcessEnv = process.env): WeatherConfig {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(weatherEnv.shape)) {
    const value = source[key]?.trim();
    if (value) cleaned[key] = value;
  }
  const parsed = weatherEnv.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? "WEATHER");
    throw new ConfigError(variable, `${issue.message} (got ${JSON.stringify(cleaned[variable] ?? "")})`);
  }
  return { provider: parsed.data.WEATHER_PROVIDER, url: parsed.data.WEATHER_URL, timeoutMs: parsed.data.WEATHER_TIMEOUT_MS };
}
