import type { Router } from "express";
import { ADVISOR_IRRIGATION_WEEK, ADVISOR_WEATHER, type ForecastProvider, type IrrigationWeekContribution } from "../agent/extension.js";
import type { ChatPlugin, PluginApi } from "../chat/plugins.js";
import { errors } from "../errors.js";
import { route } from "../http/errors.js";
import { currentUser, requireUser } from "../http/user.js";
import { getPersonaByUserId } from "../personas/extension.js";
import { loadWeatherConfig, type WeatherConfig } from "./config.js";
import { WEATHER_PANEL_KIND, type WeekPanelAnswer } from "./extension.js";
import { createWeatherClient, type WeatherClient } from "./open-meteo.js";

/**
 * The weather plugin: the Open-Meteo forecast (./open-meteo.ts) offered to the advisor at
 * "advisor:weather", and a "this week" sidebar panel (rain, ET0 and the irrigation need of the farm's
 * crop for the coming 7 days) whose figures come from the advisor's "advisor:irrigation-week"
 * (server/agent/extension.ts). Without this plugin the advisor answers from its climate normals.
 * Optional: a failure leaves the panel out and the chat usable.
 */
export function createWeatherPlugin(options: { config?: WeatherConfig; env?: NodeJS.ProcessEnv } = {}): ChatPlugin {
  let config: WeatherConfig | undefined;
  let api: PluginApi | undefined;
  let client: WeatherClient | undefined;

  async function week(userId: string): Promise<WeekPanelAnswer> {
    const figures = api?.contributions<IrrigationWeekContribution>(ADVISOR_IRRIGATION_WEEK)[0];
    // The advisor owns the agronomy; without it there are no figures to show.
    if (!api || !client || !figures) throw errors.unavailable();
    const persona = await getPersonaByUserId(api.database.sql, { userId });
    if (!persona) throw errors.notFound("No farmer profile.");
    const result = await figures.week(persona, { weather: client });
    return { week: result, provider: client.provider };
  }

  return {
    name: "weather",
    setup(pluginApi) {
      // Its own variables (WEATHER_*), read at setup: a bad value stops the start (ConfigError naming it),
      // after which the app stops what it had started.
      config = options.config ?? loadWeatherConfig(options.env ?? process.env);
      api = pluginApi;
      client = createWeatherClient({
        provider: config.provider,
        url: config.url,
        timeoutMs: config.timeoutMs,
        // The reason only (status, timeout): never the farmer the coordinates were asked for.
        onError: (reason) => pluginApi.logger.warn({ reason }, "weather forecast unavailable; answering from the climate normals"),
      });
      pluginApi.contribute<ForecastProvider>(ADVISOR_WEATHER, client);
      pluginApi.routes((router: Router) => {
        // The panel asks when it is shown and again when the farm changes (persona:updated).
        router.get("/api/weather/week", requireUser, route(async (req, res) => {
          res.json(await week(currentUser(req).id));
        }));
      });
    },
    // No query at connect: the panel loads its figures itself, after the chat is ready.
    async onChatStart() {
      return { panels: [{ kind: WEATHER_PANEL_KIND, data: {} }] };
    },
  };
}
