import { z } from "zod";
import { ConfigError, readEnv, url } from "../config.js";
import type { ProviderName } from "./configuration.js";

/** The advisor's variables (.env.example, "The advisor"): which model answers, and how fast offline. */
export const agentEnv = z.object({
  LLM_PROVIDER: z.enum(["offline", "openai", "ollama"]).default("offline"),
  LLM_MODEL: z.string().optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: url.optional(),
  OLLAMA_BASE_URL: url.default("http://127.0.0.1:11434"),
  OFFLINE_PACE_MS: z.coerce.number().int().min(0).max(10_000).default(30),
});

export interface AgentConfig {
  provider: ProviderName;
  model: string | undefined;
  openaiApiKey: string | undefined;
  openaiBaseUrl: string | undefined;
  ollamaBaseUrl: string;
  /** Pause between the offline model's words in ms; 0 streams at full speed. */
  offlinePaceMs: number;
}

/** Reads the advisor's configuration; an invalid or missing value throws ConfigError naming the variable. */
export function loadAgentConfig(source: NodeJS.ProcessEnv | Readonly<Record<string, string>> = process.env): AgentConfig {
  const e = readEnv(agentEnv, source);
  if (e.LLM_PROVIDER === "openai" && !e.OPENAI_API_KEY && !e.OPENAI_BASE_URL) {
    throw new ConfigError("OPENAI_API_KEY", "is required for LLM_PROVIDER=openai unless OPENAI_BASE_URL points at a local server");
  }
  return {
    provider: e.LLM_PROVIDER,
    model: e.LLM_MODEL,
    openaiApiKey: e.OPENAI_API_KEY,
    openaiBaseUrl: e.OPENAI_BASE_URL,
    ollamaBaseUrl: e.OLLAMA_BASE_URL,
    offlinePaceMs: e.OFFLINE_PACE_MS,
  };
}
