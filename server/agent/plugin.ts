import type { ChatPlugin } from "../chat/plugins.js";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { AppError } from "../errors.js";
import type { Logger } from "../logger.js";
import { parsePersonaPatch } from "../personas/plugin.js";
import { getPersonaByUserId, updatePersonaForUser } from "../personas/queries.js";
import type { Persona } from "../personas/types.js";
import { createAdvisor } from "./index.js";

/**
 * The advisor plugin: answers each question with the LangGraph agent, grounded in the farmer's stored
 * persona (read once per question, never per token). Profile facts the farmer states go through the
 * same validation as the sidebar and are recorded as the advisor's change.
 */
export function createAdvisorPlugin(deps: {
  config: Config;
  database: Database;
  logger: Logger;
  onPersonaUpdated(persona: Persona): void;
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
        updatePersona: async (patch) => {
          const updated = await updatePersonaForUser(database.sql, {
            userId: ctx.user.id,
            patch: parsePersonaPatch(patch),
            actor: "advisor",
          });
          deps.onPersonaUpdated(updated);
          return updated;
        },
      });
      return { text: result.text, usedPersonaFields: result.usedPersonaFields, inputTokens: result.inputTokens, outputTokens: result.outputTokens };
    },
  };
}
