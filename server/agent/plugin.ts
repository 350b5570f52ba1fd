import type { ChatPlugin } from "../chat/plugins.js";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { AppError } from "../errors.js";
import type { Logger } from "../logger.js";
import { proposeFromAdvisor } from "../personas/advisor-proposals.js";
import type { Proposal } from "../personas/proposals.js";
import { getPersonaByUserId } from "../personas/queries.js";
import { createAdvisor } from "./index.js";

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
  });
  return {
    name: "advisor",
    model: { provider: advisor.provider, model: advisor.model },
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
      return { usedPersonaFields: result.usedPersonaFields, inputTokens: result.inputTokens, outputTokens: result.outputTokens };
    },
  };
}
