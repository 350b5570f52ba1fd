/**
 * The advisor's tools as the model sees them: names, argument schemas and descriptions, bound to the
 * functions that answer (./crop-tools.ts, ./irrigation.ts, ./climate-tool.ts, ./profile-tool.ts). Each
 * answers from ./data/agronomy.json only, names its source ids, and says "no sourced figure" where the
 * data has a null; missing arguments are filled from the farmer's persona (./tool-arguments.ts).
 * Results are JSON for the model (the offline model renders them into words; others read them).
 */
import { tool } from "@langchain/core/tools";
import type { RunnableConfig } from "@langchain/core/runnables";
import { z } from "zod";
import { experienceLevels } from "../personas/extension.js";
import { ensureRunContext, type RunContext } from "./configuration.js";
import { climateNormals } from "./climate-tool.js";
import { cropCalendar, fertilizerPlan } from "./crop-tools.js";
import { irrigationAdvice } from "./irrigation.js";
import { proposeProfileChange } from "./profile-tool.js";
import type { ToolResult } from "./tool-results.js";

export const TOOL_NAMES = {
  calendar: "crop_calendar",
  irrigation: "irrigation_need",
  fertilizer: "fertilizer_plan",
  climate: "climate_normals",
  profile: "propose_profile_change",
} as const;
export type ToolName = (typeof TOOL_NAMES)[keyof typeof TOOL_NAMES];

/* -------------------------------------------------------- irrigation */

// The irrigation need lives in ./irrigation.ts (Kc for every catalogue crop, forecast → normals → Hargreaves).
export { irrigationNeed, irrigationAdvice, type IrrigationMonth, type IrrigationResult, type IrrigationFigure, type IrrigationEt0Method } from "./irrigation.js";

/* ------------------------------------------------------ LangChain tools */

const cropArg = z.string().min(1).max(60).optional()
  .describe("Crop, Azerbaijani or English name (e.g. Pambıq / cotton). Omit to use the farmer's main crop.");
const regionArg = z.string().min(1).max(60).optional()
  .describe("District, e.g. Quba, Sabirabad, Şəki, Lənkəran. Omit to use the farmer's region.");
const areaArg = z.number().positive().max(100_000).optional().describe("Area in hectares. Omit to use the farmer's farm area.");
const monthArg = z.number().int().min(1).max(12).optional().describe("Month number 1-12.");

/** A LangChain tool that reports its start and end to the farmer and collects the sources of its figures (also ./knowledge.ts). */
export function groundedTool<S extends z.ZodObject, R extends { sources: Record<string, unknown> }>(
  name: string,
  description: string,
  schema: S,
  run: (args: z.infer<S>, ctx: RunContext) => R | Promise<R>,
) {
  return tool(
    async (args: z.infer<S>, config?: RunnableConfig) => {
      const ctx = ensureRunContext(config);
      ctx.onTool(name, "start");
      try {
        const result = await run(args, ctx);
        for (const id of Object.keys(result.sources)) ctx.sources.add(id);
        const json = JSON.stringify(result);
        ctx.toolResults?.push(json);
        const choices = (result as { quickReplies?: unknown }).quickReplies;
        if (Array.isArray(choices) && choices.length) ctx.quickReplies = choices.map(String);
        return json;
      } finally {
        ctx.onTool(name, "end");
      }
    },
    { name, description, schema },
  );
}

const advisorTool = <S extends z.ZodObject>(name: ToolName, description: string, schema: S, run: (args: z.infer<S>, ctx: RunContext) => ToolResult | Promise<ToolResult>) =>
  groundedTool(name, description, schema, run);

export const advisorTools = [
  advisorTool(
    TOOL_NAMES.calendar,
    "Sowing and harvest months of a crop (sourced reports; not district-specific), and whether the crop is typical for the district.",
    z.object({ crop: cropArg, region: regionArg }),
    cropCalendar,
  ),
  advisorTool(
    TOOL_NAMES.irrigation,
    "Irrigation need of a crop for an area and month: FAO-56 Kc for the growth stage × reference ET0 (this week's forecast when the month is this month and the forecast is reachable, else the nearest station's climate normals, else Hargreaves from its temperatures; the result names the method, station and distance), minus effective rainfall. Without a month, the need for each month of the season. Outside the season it says so and gives the next season's first month.",
    z.object({ crop: cropArg, areaHa: areaArg, month: monthArg, region: regionArg }),
    irrigationAdvice,
  ),
  advisorTool(
    TOOL_NAMES.fertilizer,
    "Fertilizer plan: N, P2O5 and K2O per hectare and totals for the area, or no sourced figure.",
    z.object({ crop: cropArg, areaHa: areaArg }),
    fertilizerPlan,
  ),
  advisorTool(
    TOOL_NAMES.climate,
    "Climate normals of a district: mean, max and min temperature and precipitation for a month, or a yearly summary without a month.",
    z.object({ region: regionArg, month: monthArg }),
    climateNormals,
  ),
  advisorTool(
    TOOL_NAMES.profile,
    "Propose a change to the farmer's profile when they state a fact about their OWN farm (district, main crop, total area in hectares, experience level) that differs from it. Not for a neighbour's farm, questions, hypotheticals, past or planned crops, side crops, or where they live. It does not change the profile: the farmer confirms the proposal on the card shown under the answer.",
    z.object({
      region: z.string().min(1).max(60).optional().describe("District where the farm is, e.g. Quba."),
      cropType: z.string().min(1).max(60).optional().describe("Main crop, Azerbaijani or English name."),
      totalAreaHa: z.number().positive().max(100_000).optional().describe("Total farm area in hectares."),
      experienceLevel: z.enum(experienceLevels).optional(),
    }),
    proposeProfileChange,
  ),
];
