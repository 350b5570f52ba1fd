import type { ChatPlugin } from "../chat/plugins.js";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { AppError } from "../errors.js";
import type { Logger } from "../logger.js";
import { proposeFromAdvisor } from "../personas/advisor-proposals.js";
import type { Proposal } from "../personas/proposals.js";
import { getPersonaByUserId } from "../personas/queries.js";
import { createAdvisor } from "./index.js";
import type { Router } from "express";
import { currentUser, requireUser } from "../auth/routes.js";
import { route } from "../http/errors.js";
import { suggestionsFor } from "./suggestions.js";

/**
 * The advisor plugin: answers each question with the LangGraph agent, grounded in the farmer's stored
 * persona (read once per question, never per token). Profile facts the farmer states go through the
 * same validation as the sidebar and become proposals the farmer accepts or dismisses: never writes.
 */
export function createAdvisorPlugin(deps: {
  config: Config;
  database: Database;
  logger: Logger;
  /** A new proposal, or an older one it made stale: to every tab of the user. */
  onProposal(userId: string, proposal: Proposal): void;
}): ChatPlugin {
  const { config, database } = deps;
  const advisor = createAdvisor({
    provider: config.llm.provider,
    model: config.llm.model,
    openaiApiKey: config.llm.openaiApiKey,
    openaiBaseUrl: config.llm.openaiBaseUrl,
    ollamaBaseUrl: config.llm.ollamaBaseUrl,
    offlinePaceMs: config.llm.offlinePaceMs,
    weather: {
      ...config.weather,
      // The reason only (status, timeout): never the coordinates' farmer or the question.
      onError: (reason) => deps.logger.warn({ module: "weather", reason }, "weather forecast unavailable; answering from the climate normals"),
    },
  });
  return {
    name: "advisor",
    model: { provider: advisor.provider, model: advisor.model },
    // Starter suggestions for the farmer's stored crop and district, in both languages: only questions
    // the advisor answers with a sourced figure. The web asks again whenever the persona changes.
    routes(router: Router) {
      router.get("/api/advisor/suggestions", requireUser, route(async (req, res) => {
        const persona = await getPersonaByUserId(database.sql, { userId: currentUser(req).id });
        const of = (language: "az" | "en") => (persona ? suggestionsFor({ region: persona.region, cropType: persona.cropType, language }) : []);
        res.json({ suggestions: { az: of("az"), en: of("en") } });
      }));
    },
    async onMessage(ctx) {
      const persona = await getPersonaByUserId(database.sql, { userId: ctx.user.id });
      if (!persona) throw new AppError("persona_unavailable", "No farmer profile.", { status: 503, retryable: true });
      const result = await advisor.run({
        persona,
        language: ctx.language,
        history: ctx.history,
        signal: ctx.signal,
        onToken: ctx.emitToken,
        onTool: ctx.emitTool,
        proposePersonaChange: (patch) =>
          proposeFromAdvisor(database.sql, { userId: ctx.user.id, conversationId: ctx.conversationId, runId: ctx.runId, patch }, deps.onProposal),
      });
      return { text: result.text, usedPersonaFields: result.usedPersonaFields, sources: result.sources, inputTokens: result.inputTokens, outputTokens: result.outputTokens };
    },
  };
}
