/**
 * The advisor plugin's engine: createAdvisor(config).run(input) streams one answer through the
 * LangGraph graph (./graph.ts) and reports which persona fields it used. The chat core calls this;
 * it stores messages, runs and persona updates itself.
 */
import { AIMessage, HumanMessage, type BaseMessage } from "@langchain/core/messages";
import type { Persona, PersonaField } from "../personas/extension.js";
import {
  createRunContext,
  HISTORY_LIMIT,
  RECURSION_LIMIT,
  resolveAdvisorConfig,
  runConfigurable,
  type AdvisorConfig,
  type AdvisorRunInput,
  type AdvisorRunResult,
  type RunContext,
} from "./configuration.js";
import { AdvisorAbortError, AdvisorError, isAbortError } from "./errors.js";
import { createAdvisorEngine, type AdvisorEngine, type FirstCall } from "./graph.js";
import { detectLanguage } from "../text/language.js";
import { mentionsCrop } from "../text/crops.js";
import { mentionsDistrict } from "./catalogue-words.js";
import { tokenize, wholeWords, type Token } from "../text/tokens.js";
import { sourceRef, sourcesLine, type SourceRef } from "./sources.js";
import { createStartGate } from "./start-gate.js";
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
  const scan = mentionScanner(persona);
  scan.push(text);
  return scan.end(text);
}

/**
 * fieldsMentioned, read while the answer streams: each piece's whole words are checked as they arrive
 * (a field once found is not looked for again), the last word and the area at the end. When hundreds of
 * replies end together, their ends are not held up by reading every answer from its start.
 */
export function mentionScanner(persona: Persona): { push(delta: string): void; end(text: string): PersonaField[] } {
  const found = new Set<PersonaField>();
  const firstName = persona.fullName.split(/\s+/)[0];
  let rest = "";
  const read = (tokens: Token[]) => {
    if (!found.has("fullName") && firstName && tokens.some((t) => t.raw === firstName)) found.add("fullName");
    if (!found.has("region") && mentionsDistrict(tokens, persona.region)) found.add("region");
    if (!found.has("cropType") && mentionsCrop(tokens, persona.cropType)) found.add("cropType");
  };
  // "12,5 ha", "12.5 HA", "3 hektar": case-insensitive on the answer as written (folding all of it at the end
  // was the largest part of a reply's end when hundreds ended together).
  const areaPattern = new RegExp(`(?<![\\d.,])${String(persona.totalAreaHa).replace(".", "[.,]")}\\s*(?:ha|hektar)`, "i");
  // Once the name, district and crop are found, only the area (read at the end) is left to look for.
  const wordsDone = () => found.has("region") && found.has("cropType") && (found.has("fullName") || !firstName);
  return {
    push(delta) {
      if (wordsDone()) return;
      const whole = wholeWords(rest + delta);
      if (whole.tokens.length) read(whole.tokens);
      rest = whole.rest;
    },
    end(text) {
      if (rest && !wordsDone()) read(tokenize(rest));
      rest = "";
      if (areaPattern.test(text)) found.add("totalAreaHa");
      return FIELD_ORDER.filter((f) => found.has(f));
    },
  };
}

function toMessages(history: AdvisorRunInput["history"]): BaseMessage[] {
  return history
    .slice(-HISTORY_LIMIT)
    .filter((m) => m.content.trim() !== "")
    .map((m) => (m.role === "user" ? new HumanMessage(m.content) : new AIMessage(m.content)));
}

export function createAdvisor(config: AdvisorConfig): Advisor {
  const resolved = resolveAdvisorConfig(config);
  const model = createChatModel(resolved);
  const options = { timeoutMs: resolved.timeoutMs, maxRetries: resolved.maxRetries };
  // Runs take turns for their CPU in slices, so a burst of starts or ends does not hold other replies' tokens (./start-gate.ts).
  const starts = createStartGate();
  // Contributed tools are fixed once every plugin's setup ran: one graph per set of them, built at first use.
  const engines = new Map<string, AdvisorEngine>();
  const engineFor = (extraTools: AdvisorRunInput["extraTools"] = []) => {
    const key = extraTools.map((t) => t.name).join(",");
    let engine = engines.get(key);
    if (!engine) engines.set(key, (engine = createAdvisorEngine(model, options, extraTools)));
    return engine;
  };

  async function run(input: AdvisorRunInput): Promise<AdvisorRunResult> {
    const { signal } = input;
    if (signal.aborted) throw new AdvisorAbortError();
    // The answer follows the question's language; the UI language decides only when the question is ambiguous.
    const question = [...input.history].reverse().find((m) => m.role === "user")?.content ?? "";
    const language = detectLanguage(question) ?? input.language;
    // The answer's persona mentions are read as it streams (mentionScanner), not all at its end.
    const scan = mentionScanner(input.persona);
    const emit = input.onToken;
    input = {
      ...input,
      onToken: (delta) => {
        scan.push(delta);
        emit(delta);
      },
    };
    const ctx = createRunContext({ ...input, language }, config.now);
    const engine = engineFor(input.extraTools);
    const messages = toMessages(input.history);
    // The run's stretches of CPU take turns with other runs' (./start-gate.ts): its start, its set-up, and
    // after each model stream: tools and another model call go first (the farmer waits), a run's end waits
    // in the background (its answer has streamed).
    let release = await starts.turn(signal, "start");
    ctx.modelCallStarted = () => release();
    ctx.modelCallEnded = async (answered) => {
      release = await starts.turn(signal, answered ? "finish" : "continue");
    };
    // The first model request leaves now, and the graph's set-up takes a background turn while the model
    // thinks, an urgent one if the call ends first (./graph.ts, startFirstCall); the advisor node adopts the call.
    let first: FirstCall | undefined;
    try {
      first = signal.aborted ? undefined : engine.startFirstCall(ctx, messages, release);
      if (first) release = await starts.turn(signal, "setup", first.result);
      return await answer(engine, messages, input, ctx, scan);
    } finally {
      first?.cancel(); // only if the run ended before its first step
      release();
    }
  }

  /** The graph's run and what the answer is checked for at its end (sources named, persona fields used). */
  async function answer(
    engine: AdvisorEngine,
    messages: BaseMessage[],
    input: AdvisorRunInput,
    ctx: RunContext,
    scan: ReturnType<typeof mentionScanner>,
  ): Promise<AdvisorRunResult> {
    const { signal } = input;
    const { language } = ctx;
    try {
      if (signal.aborted) throw new AdvisorAbortError();
      // The advisor node emits the answer text itself while it reads the model stream (see ./graph.ts),
      // so the reply is whole exactly when the graph has finished: no message stream mode to drain.
      await engine.graph.invoke(
        { messages },
        { signal, recursionLimit: RECURSION_LIMIT, configurable: runConfigurable(ctx) },
      );
    } catch (error) {
      if (signal.aborted || isAbortError(error)) throw new AdvisorAbortError();
      if (error instanceof AdvisorError) throw error;
      throw new AdvisorError("model_error", `The advisor failed (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
    if (signal.aborted) throw new AdvisorAbortError();
    let text = ctx.streamedText;

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
    for (const field of scan.end(text)) used.add(field); // input.persona's, read as the text streamed
    if (ctx.persona !== input.persona) for (const field of fieldsMentioned(text, ctx.persona)) used.add(field);
    return {
      text,
      sources,
      language,
      usedPersonaFields: FIELD_ORDER.filter((f) => used.has(f)),
      quickReplies: ctx.quickReplies ?? [],
      toolResults: ctx.toolResults ?? [],
      model: resolved.model,
      inputTokens: ctx.usage.inputTokens,
      outputTokens: ctx.usage.outputTokens,
    };
  }

  return { provider: resolved.provider, model: resolved.model, run };
}
