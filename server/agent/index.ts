/**
 * The advisor plugin's engine: createAdvisor(config).run(input) streams one answer through the
 * LangGraph graph (./graph.ts) and reports which persona fields it used. The chat core calls this;
 * it stores messages, runs and persona updates itself.
 */
import { AIMessage, AIMessageChunk, HumanMessage, isAIMessage, type BaseMessage } from "@langchain/core/messages";
import type { Persona, PersonaField } from "../personas/types.js";
import {
  createRunContext,
  HISTORY_LIMIT,
  RECURSION_LIMIT,
  resolveAdvisorConfig,
  runConfigurable,
  type AdvisorConfig,
  type AdvisorRunInput,
  type AdvisorRunResult,
} from "./configuration.js";
import { AdvisorAbortError, AdvisorError, isAbortError } from "./errors.js";
import { ADVISOR_NODE, buildAdvisorGraph } from "./graph.js";
import { detectLanguage, findCrops, fold, resolveDistrict, tokenize } from "./language.js";
import { sourceRef, sourcesLine, type SourceRef } from "./sources.js";
import { createWeatherClient } from "./weather.js";
import { createChatModel } from "./providers/index.js";

export type { AdvisorConfig, AdvisorRunInput, AdvisorRunResult } from "./configuration.js";
export type { SourceRef } from "./sources.js";
export { AdvisorError, AdvisorAbortError, isAbortError } from "./errors.js";
export type { AdvisorErrorCode } from "./errors.js";

export interface Advisor {
  provider: string;
  model: string;
  run(input: AdvisorRunInput): Promise<AdvisorRunResult>;
}

const FIELD_ORDER: PersonaField[] = ["fullName", "region", "cropType", "totalAreaHa", "experienceLevel"];

/** Persona fields an answer's text names: the farmer's first name, district, crop or area. */
export function fieldsMentioned(text: string, persona: Persona): PersonaField[] {
  const fields: PersonaField[] = [];
  const tokens = tokenize(text);
  const firstName = persona.fullName.split(/\s+/)[0];
  if (firstName && tokens.some((t) => t.raw === firstName)) fields.push("fullName");
  if (tokens.some((t) => resolveDistrict(t.raw) === persona.region)) fields.push("region");
  if (findCrops(text).includes(persona.cropType)) fields.push("cropType");
  const area = persona.totalAreaHa;
  const areaPattern = new RegExp(`(?<![\\d.,])${String(area).replace(".", "[.,]")}\\s*(?:ha|hektar)`);
  if (areaPattern.test(fold(text))) fields.push("totalAreaHa");
  return fields;
}

function toMessages(history: AdvisorRunInput["history"]): BaseMessage[] {
  return history
    .slice(-HISTORY_LIMIT)
    .filter((m) => m.content.trim() !== "")
    .map((m) => (m.role === "user" ? new HumanMessage(m.content) : new AIMessage(m.content)));
}

export function createAdvisor(config: AdvisorConfig): Advisor {
  const resolved = resolveAdvisorConfig(config);
  const weather = createWeatherClient({
    provider: config.weather?.provider ?? "offline",
    url: config.weather?.url,
    timeoutMs: config.weather?.timeoutMs,
    onError: config.weather?.onError,
  });
  const graph = buildAdvisorGraph(createChatModel(resolved), {
    timeoutMs: resolved.timeoutMs,
    maxRetries: resolved.maxRetries,
  });

  async function run(input: AdvisorRunInput): Promise<AdvisorRunResult> {
    const { signal } = input;
    if (signal.aborted) throw new AdvisorAbortError();
    // The answer follows the question's language; the UI language decides only when the question is ambiguous.
    const question = [...input.history].reverse().find((m) => m.role === "user")?.content ?? "";
    const language = detectLanguage(question) ?? input.language;
    const ctx = createRunContext({ ...input, language }, weather, config.now);
    let text = "";
    // Steps of the advisor node that streamed chunks: a whole message of such a step repeats them.
    const streamedSteps = new Set<unknown>();
    const forwardedIds = new Set<string>();
    try {
      const stream = await graph.stream(
        { messages: toMessages(input.history) },
        { streamMode: "messages", signal, recursionLimit: RECURSION_LIMIT, configurable: runConfigurable(ctx) },
      );
      for await (const [message, metadata] of stream) {
        if (signal.aborted) break;
        if ((metadata as { langgraph_node?: string }).langgraph_node !== ADVISOR_NODE) continue;
        const step = (metadata as { langgraph_step?: unknown }).langgraph_step;
        if (AIMessageChunk.isInstance(message)) {
          streamedSteps.add(step);
          if (message.id) forwardedIds.add(message.id);
        } else if (!isAIMessage(message) || streamedSteps.has(step) || (message.id && forwardedIds.has(message.id))) {
          continue;
        } else if (message.id) {
          forwardedIds.add(message.id);
        }
        const delta = message.text;
        if (!delta) continue;
        text += delta;
        input.onToken(delta);
      }
    } catch (error) {
      if (signal.aborted || isAbortError(error)) throw new AdvisorAbortError();
      if (error instanceof AdvisorError) throw error;
      throw new AdvisorError("model_error", `The advisor failed (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
    if (signal.aborted) throw new AdvisorAbortError();

    // Each answer ends with short source names (author or publisher, year), whatever the model wrote.
    const sources = [...ctx.sources].map(sourceRef).filter((s): s is SourceRef => s !== undefined);
    if (sources.length) {
      const line = sourcesLine(sources, language);
      if (!text.includes(line)) {
        const delta = `${text.trim() ? "\n\n" : ""}${line}`;
        text += delta;
        input.onToken(delta);
      }
    }

    const used = new Set<PersonaField>(ctx.usedFields);
    for (const field of fieldsMentioned(text, ctx.persona)) used.add(field);
    if (ctx.persona !== input.persona) for (const field of fieldsMentioned(text, input.persona)) used.add(field);
    return {
      text,
      sources,
      language,
      usedPersonaFields: FIELD_ORDER.filter((f) => used.has(f)),
      model: resolved.model,
      inputTokens: ctx.usage.inputTokens,
      outputTokens: ctx.usage.outputTokens,
    };
  }

  return { provider: resolved.provider, model: resolved.model, run };
}
