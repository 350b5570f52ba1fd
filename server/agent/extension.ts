import type { z } from "zod";
import type { Persona, PersonaField } from "../personas/extension.js";

/** The extension point where plugins contribute advisor tools: api.contribute(ADVISOR_TOOLS, tool). */
export const ADVISOR_TOOLS = "advisor:tools";

/**
 * A tool another plugin gives the advisor (e.g. the journal's recent entries). The advisor binds it in its
 * LangGraph graph next to its own tools (server/agent/graph.ts); the offline model calls it when
 * `offlineMatch` says the question needs it (server/agent/providers/offline.ts).
 */
export interface AdvisorToolContribution<A = any, R = any> {
  /** snake_case tool name, e.g. "journal_recent". */
  name: string;
  /** For function-calling models. */
  description: string;
  /** Arguments. */
  schema: z.ZodType<A>;
  run(args: A, ctx: AdvisorToolContext): Promise<R>;
  /** The offline model: when a question calls for this tool, the arguments; else undefined. */
  offlineMatch?(question: string, language: "az" | "en"): A | undefined;
  /** The offline model's answer text from the tool's result, in the answer's language. */
  offlineRender?(result: R, language: "az" | "en"): string;
}

export interface AdvisorToolContext {
  userId: string;
  language: "az" | "en";
  now: Date;
}

/**
 * The extension point where a plugin offers the advisor a weather forecast (the weather plugin,
 * server/weather): api.contribute(ADVISOR_WEATHER, provider). The advisor uses the first one; with
 * none, its irrigation answers come from the climate normals it ships.
 */
export const ADVISOR_WEATHER = "advisor:weather";

/** The next days' FAO-56 reference evapotranspiration and rain at a place, one value per day. */
export interface DailyForecast {
  /** ISO dates, local time of Azerbaijan. */
  dates: string[];
  et0Mm: number[];
  precipMm: number[];
  /** Who made it, e.g. "open-meteo" (cited in the answer). */
  provider: string;
}

export interface ForecastProvider {
  /** "offline": configured off (the answer says the forecast is switched off); any other name is a live source. */
  readonly provider: string;
  /** The next days' forecast at these coordinates, or null when there is none (offline, slow, down, garbage). */
  forecast(place: { lat: number; lon: number }): Promise<DailyForecast | null>;
}

/**
 * The extension point where the advisor offers the irrigation need of the coming 7 days for a farmer's
 * crop, district and area (FAO-56: ET0 × Kc − effective rain), from a forecast when one is given and
 * reachable, else from the climate normals. The advisor contributes it; the weather plugin's "this
 * week" panel reads it: api.contributions<IrrigationWeekContribution>(ADVISOR_IRRIGATION_WEEK)[0].
 */
export const ADVISOR_IRRIGATION_WEEK = "advisor:irrigation-week";

export interface IrrigationWeekContribution {
  week(persona: Persona, options: { weather?: ForecastProvider; now?: Date }): Promise<WeekResult>;
}

/** The irrigation need of the coming 7 days (the advisor's `irrigation_this_week` tool result). */
export interface WeekResult {
  tool: "irrigation_this_week";
  status: "ok" | "out_of_season" | "no_figure" | "unknown_crop" | "unknown_region";
  input?: string;
  crop: string;
  cropEn: string;
  region: string;
  areaHa: number;
  month: number;
  /** "forecast": the forecast's daily ET0 and rain; "normals": the month's climate normals; null: neither. */
  basis: "forecast" | "normals" | null;
  /** Why the forecast was not used, when it was not. */
  forecastMissing: "offline" | "unavailable" | "no_coordinates" | null;
  /** Why there is no figure: no Kc for the crop, or neither a forecast nor normals. */
  reason: "no_kc" | "no_weather" | null;
  days: number;
  kc: number | null;
  et0Mm: number | null;
  rainMm: number | null;
  effectiveRainMm: number | null;
  netMm: number | null;
  volumeM3: number | null;
  sources: Record<string, string>;
  fromProfile: PersonaField[];
}
