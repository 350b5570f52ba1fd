/**
 * Chat model per provider. Timeouts and retries are applied by the graph's advisor node (one place
 * for every provider), so the OpenAI client itself is told not to retry.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOpenAI } from "@langchain/openai";
import type { ResolvedAdvisorConfig } from "../configuration.js";
import { OfflineChatModel } from "./offline.js";

export { OfflineChatModel } from "./offline.js";

export function createChatModel(config: ResolvedAdvisorConfig): BaseChatModel {
  switch (config.provider) {
    case "offline":
      return new OfflineChatModel({ paceMs: config.offlinePaceMs, modelName: config.model });
    case "openai":
      return new ChatOpenAI({
        model: config.model,
        // OpenAI-compatible local servers (vLLM, LM Studio …) accept any key.
        apiKey: config.openaiApiKey ?? "not-needed",
        configuration: config.openaiBaseUrl ? { baseURL: config.openaiBaseUrl } : undefined,
        streaming: true,
        streamUsage: true,
        timeout: config.timeoutMs,
        maxRetries: 0,
        useResponsesApi: false,
      });
    case "ollama":
      // Ollama's OpenAI-compatible API.
      return new ChatOpenAI({
        model: config.model,
        apiKey: "ollama",
        configuration: { baseURL: `${config.ollamaBaseUrl}/v1` },
        streaming: true,
        streamUsage: true,
        timeout: config.timeoutMs,
        maxRetries: 0,
        useResponsesApi: false,
      });
  }
}
