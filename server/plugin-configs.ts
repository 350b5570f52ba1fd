import type { z } from "zod";
import { agentEnv, loadAgentConfig, type AgentConfig } from "./agent/config.js";
import { coreEnv } from "./config.js";
import { loadPersonaConfig, personaEnv, type PersonaConfig } from "./personas/config.js";
import { weatherEnv } from "./weather/config.js";

/**
 * Every plugin's configuration, each read by the plugin's own config.ts from the environment (a plugin that
 * needs none is not listed). A new plugin with variables adds its loader and its schema here, and its
 * variables to .env.example and the README.
 */
export interface PluginConfigs {
  agent: AgentConfig;
  personas: PersonaConfig;
}

export function loadPluginConfigs(source: NodeJS.ProcessEnv | Readonly<Record<string, string>> = process.env): PluginConfigs {
  return { agent: loadAgentConfig(source), personas: loadPersonaConfig(source) };
}

/**
 * The variables each configuration reads, by the file that reads them: no two may read the same variable
 * (tests/unit/plugin-configs.test.ts).
 */
export const configSchemas: Record<string, z.ZodObject> = {
  "server/config.ts": coreEnv,
  "server/agent/config.ts": agentEnv,
  "server/personas/config.ts": personaEnv,
  // The weather plugin loads its own at setup (server/weather/plugin.ts), so a bad value stops the start cleanly.
  "server/weather/config.ts": weatherEnv,
};
