/**
 * Advisor configuration (from LLM_* / OPENAI_* / OLLAMA_* / OFFLINE_PACE_MS, see .env.example) and the
 * per-run context that the graph's nodes and tools read from `config.configurable`.
 */
import type { AIMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { ProfileProposalOutcome } from "../personas/extension.js";
import type { Persona, PersonaField, PersonaPatch } from "../personas/extension.js";
import type { AdvisorToolContribution, ForecastProvider } from "./extension.js";
import type { SourceRef } from "./sources.js";

export type ProviderName = "offline" | "openai" | "ollama";

export interface AdvisorConfig {
  provider: ProviderName;
  /** Provider default when unset. */
  model?: string;
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  ollamaBaseUrl?: string;
  /** Pause between offline words; 0 = full speed. */
  offlinePaceMs: number;
  /** Per model call (idle time without a streamed chunk), default 60000. */
  timeoutMs?: number;
  /** Bounded retries with backoff, default 2. */
  maxRetries?: number;
  /** The clock for "this week" (tests fix it); the real time when unset. */
  now?: () => Date;
}

export interface AdvisorRunInput {
  persona: Persona;
  language: "az" | "en";
  /** Oldest first; the new question is last. */
  history: { role: "user" | "assistant"; content: string }[];
  /** chat:stop aborts the run. */
  signal: AbortSignal;
  /** Each streamed chunk of the final answer text, in order. */
  onToken(delta: string): void;
  onTool(name: string, status: "start" | "end"): void;
  /** Used by the profile tool: records a proposal the farmer decides on; it never changes the persona. */
  proposePersonaChange(patch: PersonaPatch): Promise<ProfileProposalOutcome>;
  /** Whose question it is, for tools other plugins contribute (./extension.ts). */
  userId?: string;
  /** Tools other plugins contributed at "advisor:tools", bound next to the advisor's own. */
  extraTools?: AdvisorToolContribution[];
  /** The forecast a plugin contributed at "advisor:weather"; without one, irrigation answers use the climate normals. */
  weather?: ForecastProvider;
}

export interface AdvisorRunResult {
  /** Exactly the concatenation of every onToken delta. */
  text: string;
  /** The sources of the answer's figures, also named at its end. */
  sources: SourceRef[];
  /** The language the answer was written in (the question's; the UI language when it was ambiguous). */
  language: "az" | "en";
  usedPersonaFields: PersonaField[];
  /** Choices for the farmer's reply when the answer is one clarifying question (shown as buttons); [] otherwise. */
  quickReplies: string[];
  /** The tools' results (JSON) the answer was written from: what `npm run eval` traces each stated number to. */
  toolResults: string[];
  model: string;
  inputTokens: number | null;
  outputTokens: number | null;
}

export const DEFAULT_MODELS: Record<ProviderName, string> = {
  offline: "offline-advisor-1",
  openai: "gpt-4o-mini",
  ollama: "llama3.1",
};
export const DEFAULT_OLLAMA_BASE_URL = "http://127.0.0.1:11434";
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 2;
/** First retry waits this long, then doubling, capped at RETRY_MAX_DELAY_MS. */
export const RETRY_BASE_DELAY_MS = 250;
export const RETRY_MAX_DELAY_MS = 4_000;
/** How many past messages of the conversation the model sees (the new question included). */
export const HISTORY_LIMIT = 30;
/** Graph steps per run: each tool round is two steps (advisor, tools). */
export const RECURSION_LIMIT = 12;

export interface ResolvedAdvisorConfig {
  provider: ProviderName;
  model: string;
  openaiApiKey: string | undefined;
  openaiBaseUrl: string | undefined;
  ollamaBaseUrl: string;
  offlinePaceMs: number;
  timeoutMs: number;
  maxRetries: number;
}

export function resolveAdvisorConfig(config: AdvisorConfig): ResolvedAdvisorConfig {
  const provider = config.provider ?? "offline";
  if (!["offline", "openai", "ollama"].includes(provider)) throw new Error(`Unknown LLM provider "${String(provider)}"`);
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = config.maxRetries ?? DEFAULT_MAX_RETRIES;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new Error("timeoutMs must be a positive number");
  if (!(Number.isInteger(maxRetries) && maxRetries >= 0 && maxRetries <= 10)) throw new Error("maxRetries must be an integer from 0 to 10");
  if (!(Number.isFinite(config.offlinePaceMs) && config.offlinePaceMs >= 0)) throw new Error("offlinePaceMs must be 0 or more");
  return {
    provider,
    model: config.model?.trim() || DEFAULT_MODELS[provider],
    openaiApiKey: config.openaiApiKey || undefined,
    openaiBaseUrl: config.openaiBaseUrl || undefined,
    ollamaBaseUrl: (config.ollamaBaseUrl || DEFAULT_OLLAMA_BASE_URL).replace(/\/+$/, ""),
    offlinePaceMs: config.offlinePaceMs,
    timeoutMs,
    maxRetries,
  };
}

/** What one run shares with the graph's nodes and tools. */
export interface RunContext {
  persona: Persona;
  readonly userId?: string;
  readonly language: "az" | "en";
  readonly signal: AbortSignal;
  readonly onTool: (name: string, status: "start" | "end") => void;
  /** Hands a piece of answer text to the farmer at once (the node emits while it reads the model stream). */
  readonly emitText: (delta: string) => void;
  /** Every piece of text emitted so far in this run, joined. */
  streamedText: string;
  readonly proposePersonaChange: (patch: PersonaPatch) => Promise<ProfileProposalOutcome>;
  /** Persona fields the tools filled in or changed. */
  readonly usedFields: Set<PersonaField>;
  /** Source ids of the figures the tools gave (named at the end of the answer). */
  readonly sources: Set<string>;
  /** Every tool result of this run, as the model read it (JSON). */
  readonly toolResults?: string[];
  /** Quick-reply choices a tool offered (a clarifying question); the last tool's win. */
  quickReplies?: string[];
  /** The contributed forecast (./extension.ts, "advisor:weather"); undefined: the climate normals answer. */
  readonly weather?: ForecastProvider;
  readonly now: () => Date;
  readonly usage: { inputTokens: number | null; outputTokens: number | null };
  /** A model call is under way (its request built and sent meanwhile): the run's turn of CPU ends (./start-gate.ts). */
  modelCallStarted?: () => void;
  /**
   * The model's stream ended: resolves when the run may go on (its next turn of CPU, ./start-gate.ts).
   * `answered`: no tool calls, what is left is the run's end.
   */
  modelCallEnded?: (answered: boolean) => Promise<void>;
  /** The first model call, started before the graph ran; the advisor node's first step adopts it (./graph.ts, startFirstCall). */
  firstCall?: Promise<AIMessage>;
}

export const RUN_CONTEXT_KEY = "yoncaAdvisorRun";

export function createRunContext(input: AdvisorRunInput, now: () => Date = () => new Date()): RunContext {
  const context: RunContext = {
    persona: input.persona,
    userId: input.userId,
    language: input.language,
    signal: input.signal,
    onTool: (name, status) => input.onTool(name, status),
    emitText: (delta) => {
      context.streamedText += delta;
      input.onToken(delta);
    },
    streamedText: "",
    proposePersonaChange: (patch) => input.proposePersonaChange(patch),
    usedFields: new Set(),
    sources: new Set(),
    toolResults: [],
    quickReplies: [],
    weather: input.weather,
    now,
    usage: { inputTokens: null, outputTokens: null },
  };
  return context;
}

export function runConfigurable(context: RunContext): Record<string, unknown> {
  return { [RUN_CONTEXT_KEY]: context };
}

/** The run context of a node or tool call; throws when the graph was started without one. */
export function ensureRunContext(config: RunnableConfig | undefined): RunContext {
  const context = config?.configurable?.[RUN_CONTEXT_KEY] as RunContext | undefined;
  if (!context) throw new Error("The advisor graph needs a run context in config.configurable");
  return context;
}
