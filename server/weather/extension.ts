/**
 * What other parts may use of the weather plugin: its configuration, the Open-Meteo forecast client
 * (also the provider it contributes to the advisor at "advisor:weather") and the shape of its "this
 * week" answer (GET /api/weather/week) that its web panel reads. Other plugins import this file only.
 */
import type { WeekResult } from "../agent/extension.js";

export { DEFAULT_WEATHER_URL, loadWeatherConfig, type WeatherConfig } from "./config.js";
export { createWeatherClient, type WeatherClient, type WeatherProviderName } from "./open-meteo.js";

/** The sidebar panel's kind in session:ready.panels (web/src/plugins/weather). */
export const WEATHER_PANEL_KIND = "weather";

/** GET /api/weather/week: the coming 7 days for the farmer's crop, district and area. */
export interface WeekPanelAnswer {
  week: WeekResult;
  /** WEATHER_PROVIDER: "offline" means the forecast is switched off on this server. */
  provider: "open-meteo" | "offline";
}
