import type { ChatPlugin, PluginApi } from "../chat/plugins.js";
import type { Config } from "../config.js";
import type { AgentConfig } from "./config.js";
import type { Logger } from "../logger.js";
import { getPersonaByUserId, PersonaUnavailableError, personaReader, proposeFromAdvisor } from "../personas/extension.js";
import { createAdvisor } from "./index.js";
import type { Router } from "express";
import { currentUser, requireUser } from "../http/user.js";
import { route } from "../http/errors.js";
import { suggestionsFor } from "./suggestions.js";
import { ADVISOR_IRRIGATION_WEEK, ADVISOR_TOOLS, ADVISOR_WEATHER, type AdvisorToolContribution, type ForecastProvider, type IrrigationWeekContribution } from "./extension.js";
import { irrigationWeek } from "./irrigation-week.js";
import "./events.js";

/**
 * The advisor plugin: answers each question with the LangGraph agent, grounded in the farmer's stored
 * persona (read once per question, never per token). Profile facts the farmer states go through the
 * same validation as the sidebar and become proposals the farmer accepts or dismisses: never writes.
 */
export function createAdvisorPlugin({ config, llm }: { config: Config; llm: AgentConfig; logger?: Logger }): ChatPlugin {
  let api: PluginApi | undefined;
  // The database arrives with the plugin API at setup; every query runs after it.
  const database = { get sql() { return api!.database.sql; } };
  // Replies that start together read their farmers' personas in one query (made at the first question).
  let readPersona: ((userId: string) => ReturnType<typeof getPersonaByUserId>) | undefined;
  const advisor = createAdvisor({
    ...llm,
  });
  return {
    name: "advisor",
    model: { provider: advisor.provider, model: advisor.model },
    annotationDefaults: { sources: [], quickReplies: [] },
    setup(pluginApi) {
      api = pluginApi;
      pluginApi.routes(routes);
      // The week's irrigation figures, for another plugin's view (the weather plugin's "this week" panel).
      pluginApi.contribute<IrrigationWeekContribution>(ADVISOR_IRRIGATION_WEEK, irrigationWeek);
    },
    async onMessage(ctx) {
      readPersona ??= personaReader(database.sql);
      const persona = await readPersona(ctx.user.id);
      if (!persona) throw new PersonaUnavailableError(new Error("no farmer profile"));
      const result = await advisor.run({
        persona,
        language: ctx.language,
        history: ctx.history,
        signal: ctx.signal,
        onToken: ctx.emitToken,
        onTool: ctx.emitTool,
        // Other plugins' tools (e.g. the journal's), bound next to the advisor's own.
        extraTools: api?.contributions<AdvisorToolContribution>(ADVISOR_TOOLS) ?? [],
        // A forecast another plugin offers (the weather plugin); without one, the climate normals answer.
        weather: api?.contributions<ForecastProvider>(ADVISOR_WEATHER)[0],
        userId: ctx.user.id,
        proposePersonaChange: (patch) =>
          proposeFromAdvisor(database.sql, { userId: ctx.user.id, conversationId: ctx.conversationId, runId: ctx.runId, patch }, (userId, proposal) =>
            api?.emitToUser(userId, "persona:proposal", { proposal })),
      });
      return {
        text: result.text,
        annotations: { usedPersonaFields: result.usedPersonaFields, sources: result.sources, quickReplies: result.quickReplies },
        inputTokens: result.inputTokens,
        outputTokens: result.outputTokens,
      };
    },
  };

  // Starter suggestions for the farmer's stored crop and district, in both languages: only questions
  // the advisor answers with a sourced figure. The web asks again whenever the persona changes.
  function routes(router: Router) {
    router.get("/api/advisor/suggestions", requireUser, route(async (req, res) => {
      const persona = await getPersonaByUserId(database.sql, { userId: currentUser(req).id });
      const of = (language: "az" | "en") => (persona ? suggestionsFor({ region: persona.region, cropType: persona.cropType, language }) : []);
      res.json({ suggestions: { az: of("az"), en: of("en") } });
    }));
  }
}
