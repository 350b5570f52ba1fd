/**
 * The advisor graph: START → advisor ⇄ tools, ending when the advisor answers without tool calls.
 *
 *   advisor  (callAdvisor)      the model with the tools bound, system prompt from the persona and
 *                               language; streams, with an idle timeout and bounded retries
 *   routeAfterAdvisor           "tools" when the last AI message has tool calls, else END
 *   tools    (ToolNode)         runs the tool calls; tools read the run context from config
 */
import { CallbackManager } from "@langchain/core/callbacks/manager";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, AIMessageChunk, SystemMessage, type BaseMessage, type UsageMetadata } from "@langchain/core/messages";
import type { ToolCallChunk } from "@langchain/core/messages/tool";
import { RunnableBinding, type RunnableConfig } from "@langchain/core/runnables";
import { END, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { ensureRunContext, RETRY_BASE_DELAY_MS, RETRY_MAX_DELAY_MS, type RunContext } from "./configuration.js";
import { AdvisorAbortError, AdvisorError, sleep } from "./errors.js";
import { buildSystemPrompt } from "./prompts.js";
import { openAiStream } from "./providers/openai-stream.js";
import { advisorTools } from "./tools.js";
import { knowledgeTools } from "./knowledge.js";
import { contributedTool } from "./contributed.js";
import type { AdvisorToolContribution } from "./extension.js";

export const ADVISOR_NODE = "advisor";
export const TOOLS_NODE = "tools";

export interface GraphOptions {
  timeoutMs: number;
  maxRetries: number;
}

/** HTTP statuses worth another attempt: timeouts, rate limits, server errors. */
function isRetryableStatus(status: number | undefined): boolean {
  return status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;
}

function looksLikeTimeout(error: unknown): boolean {
  const e = error as { name?: string; message?: string; constructor?: { name?: string } } | null;
  return (
    e?.name === "TimeoutError" ||
    e?.constructor?.name === "APIConnectionTimeoutError" ||
    /timed? ?out/i.test(e?.message ?? "")
  );
}

class IdleTimeout extends Error {
  constructor(ms: number) {
    super(`No response from the model for ${ms} ms`);
    this.name = "TimeoutError";
  }
}

/** What one model call produced, accumulated as text (never by re-merging message chunks per token). */
interface ModelTurn {
  id: string | undefined;
  text: string;
  toolCallChunks: Map<number, ToolCallChunk>;
  usage: UsageMetadata | undefined;
  finishReason: string | undefined;
}

/**
 * Reads one streamed model call to its end, handing each piece of answer text to `ctx.emitText` as it
 * is read. The text leaves the node before the node returns: nothing depends on the graph's message
 * stream mode, whose callbacks LangChain runs in a shared background queue that the end of the run does
 * not wait for (replies were cut short under load and stored as complete).
 */
async function readModelStream(
  model: ReturnType<NonNullable<BaseChatModel["bindTools"]>>,
  messages: BaseMessage[],
  options: RunnableConfig,
  ctx: RunContext,
  onChunk: () => void,
): Promise<ModelTurn> {
  const turn: ModelTurn = { id: undefined, text: "", toolCallChunks: new Map(), usage: undefined, finishReason: undefined };
  await forEachPiece(model, messages, options, (piece) => {
    onChunk();
    turn.id ??= piece.id;
    if (piece.text) {
      turn.text += piece.text;
      ctx.emitText(piece.text);
    }
    for (const [i, part] of (piece.toolCallChunks ?? []).entries()) {
      const index = part.index ?? i;
      const seen = turn.toolCallChunks.get(index);
      if (!seen) turn.toolCallChunks.set(index, { ...part, args: part.args ?? "", index });
      else {
        seen.args = (seen.args ?? "") + (part.args ?? "");
        seen.id ??= part.id;
        seen.name ??= part.name;
      }
    }
    if (piece.usage) turn.usage = piece.usage;
    if (piece.finishReason !== undefined) turn.finishReason = piece.finishReason;
  });
  return turn;
}

/** Keys of a RunnableConfig: what is left of a binding's config are the model's call options (tools …). */
const RUNNABLE_CONFIG_KEYS = ["callbacks", "tags", "metadata", "runName", "configurable", "recursionLimit", "maxConcurrency", "runId", "timeout", "signal"];

function hasCallbackHandlers(config: RunnableConfig): boolean {
  const callbacks = config.callbacks as { handlers?: unknown[] } | unknown[] | undefined;
  if (!callbacks) return false;
  return Array.isArray(callbacks) ? callbacks.length > 0 : (callbacks.handlers?.length ?? 0) > 0;
}

/**
 * The provider's own chunk generator and the call options it needs, when the lean path applies: a
 * chat model that streams (bare, or bound to tools) and no callback handler (tracing) configured.
 */
function leanSource(model: unknown, config: RunnableConfig): { chat: BaseChatModel; callOptions: Record<string, unknown> } | undefined {
  if (hasCallbackHandlers(config)) return undefined;
  let chat: unknown = model;
  let callOptions: Record<string, unknown> = {};
  if (RunnableBinding.isRunnableBinding(model)) {
    if (Object.keys(model.kwargs ?? {}).length > 0 || (model as { configFactories?: unknown[] }).configFactories?.length) return undefined;
    chat = model.bound;
    callOptions = Object.fromEntries(Object.entries(model.config ?? {}).filter(([k]) => !RUNNABLE_CONFIG_KEYS.includes(k)));
  }
  if (!(chat instanceof BaseChatModel)) return undefined;
  if (chat._streamResponseChunks === BaseChatModel.prototype._streamResponseChunks || (chat as { disableStreaming?: boolean }).disableStreaming) return undefined;
  return { chat, callOptions };
}

// Declared next to its producer so that graph → openai-stream is the only direction (no import circle).
import type { ModelPiece } from "./providers/openai-stream.js";
export type { ModelPiece };

function pieceOf(message: AIMessageChunk, finish: unknown): ModelPiece {
  return {
    id: message.id,
    text: typeof message.content === "string" ? message.content : message.text,
    toolCallChunks: message.tool_call_chunks,
    usage: message.usage_metadata,
    finishReason: typeof finish === "string" ? finish : undefined,
  };
}

/**
 * A model call's pieces, handed to `onPiece` in order. Lean paths when nobody listens to callbacks: for an
 * OpenAI-compatible model, the server's events as plain objects, read by a callback and not by an async
 * iterator per token (./providers/openai-stream.ts); for another chat model, its own
 * `_streamResponseChunks`, skipping what `model.stream` adds per token (a callback run with its fan-out,
 * and `concat` of every chunk into the whole reply). With tracing configured, `model.stream` as usual.
 */
async function forEachPiece(
  model: ReturnType<NonNullable<BaseChatModel["bindTools"]>>,
  messages: BaseMessage[],
  options: RunnableConfig,
  onPiece: (piece: ModelPiece) => void,
): Promise<void> {
  const lean = leanSource(model, options);
  if (lean) {
    const callOptions = { ...lean.callOptions, signal: options.signal };
    const direct = openAiStream(lean.chat, messages, callOptions, onPiece);
    if (direct) return direct;
    for await (const chunk of lean.chat._streamResponseChunks(messages, callOptions as Parameters<BaseChatModel["_streamResponseChunks"]>[1])) {
      options.signal?.throwIfAborted();
      onPiece(pieceOf(chunk.message as AIMessageChunk, (chunk.generationInfo as { finish_reason?: unknown } | undefined)?.finish_reason));
    }
    return;
  }
  for await (const chunk of await model.stream(messages, options)) {
    onPiece(pieceOf(chunk, (chunk.response_metadata as { finish_reason?: unknown } | undefined)?.finish_reason));
  }
}

/** Told when a model call's request is on its way, and when its stream ended (the run's turns, ./start-gate.ts). */
interface ModelCallHooks {
  started?: () => void;
  /** `answered`: the model answered without asking for tools (what is left of the run is its end). */
  ended?: (answered: boolean) => Promise<void>;
}

/**
 * One model call with an idle timeout (reset by every streamed chunk) and bounded retries with
 * exponential backoff. An attempt that already streamed text is not retried (the farmer has seen
 * it); it fails instead. A stream that ends without the model saying why it stopped (no finish
 * reason: a cut connection that closed cleanly) is an `incomplete_stream` error, never an answer.
 * Aborting the run rejects with an AbortError at once.
 */
async function callModelWithRetries(
  model: ReturnType<NonNullable<BaseChatModel["bindTools"]>>,
  messages: BaseMessage[],
  config: RunnableConfig,
  ctx: RunContext,
  options: GraphOptions,
  hooks: ModelCallHooks = { started: ctx.modelCallStarted, ended: ctx.modelCallEnded },
  runSignal: AbortSignal = ctx.signal,
): Promise<AIMessage> {
  let lastError: unknown;
  let timedOut = false;
  let attempts = 0;
  for (let attempt = 0; attempt <= options.maxRetries; attempt += 1) {
    if (runSignal.aborted) throw new AdvisorAbortError();
    attempts = attempt + 1;
    const attemptController = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    timedOut = false;
    // The idle deadline moves with every chunk, but the timer is not re-armed per chunk (a timer per
    // token is measurable at national load): when it fires early, it waits out the rest.
    let lastChunkAt = performance.now();
    const check = () => {
      const idle = performance.now() - lastChunkAt;
      if (idle < options.timeoutMs) {
        timer = setTimeout(check, options.timeoutMs - idle);
        return;
      }
      timedOut = true;
      attemptController.abort(new IdleTimeout(options.timeoutMs));
    };
    const arm = () => {
      lastChunkAt = performance.now();
    };
    const textBefore = ctx.streamedText.length;
    try {
      timer = setTimeout(check, options.timeoutMs);
      const signal = AbortSignal.any([runSignal, attemptController.signal]);
      const reading = readModelStream(model, messages, { ...config, signal }, ctx, arm);
      hooks.started?.();
      const turn = await reading;
      await hooks.ended?.(turn.toolCallChunks.size === 0);
      // Some clients (ChatOpenAI) end their stream quietly on abort instead of throwing.
      if (runSignal.aborted) throw new AdvisorAbortError();
      signal.throwIfAborted();
      if (turn.text === "" && turn.toolCallChunks.size === 0) throw new Error("The model returned an empty response");
      if (turn.finishReason === undefined) {
        throw new AdvisorError("incomplete_stream", "The model's stream ended without a finish reason", { attempts });
      }
      const merged = new AIMessageChunk({ id: turn.id, content: turn.text, tool_call_chunks: [...turn.toolCallChunks.values()] });
      return new AIMessage({
        id: turn.id,
        content: turn.text,
        tool_calls: merged.tool_calls,
        invalid_tool_calls: merged.invalid_tool_calls,
        usage_metadata: turn.usage,
        response_metadata: { finish_reason: turn.finishReason },
      });
    } catch (error) {
      if (runSignal.aborted) throw new AdvisorAbortError();
      if (error instanceof AdvisorError) throw error;
      lastError = error;
      timedOut ||= looksLikeTimeout(error);
      const status = (error as { status?: number } | null)?.status;
      const streamedText = ctx.streamedText.length > textBefore;
      const retryable = !streamedText && (timedOut || isRetryableStatus(status));
      if (!retryable || attempt === options.maxRetries) break;
      await sleep(Math.min(RETRY_BASE_DELAY_MS * 2 ** attempt, RETRY_MAX_DELAY_MS), runSignal);
    } finally {
      clearTimeout(timer);
    }
  }
  const detail = lastError instanceof Error ? lastError.message : String(lastError);
  throw timedOut
    ? new AdvisorError("model_timeout", `The model did not answer in time (${detail})`, { cause: lastError, attempts })
    : new AdvisorError("model_error", `The model call failed (${detail})`, { cause: lastError, attempts });
}

export function routeAfterAdvisor(state: typeof MessagesAnnotation.State): typeof TOOLS_NODE | typeof END {
  const last = state.messages[state.messages.length - 1];
  return last && last.getType() === "ai" && ((last as AIMessage).tool_calls?.length ?? 0) > 0 ? TOOLS_NODE : END;
}

/** What the advisor node sends the model: the system prompt from the persona and language, then the conversation. */
function modelMessages(ctx: RunContext, messages: BaseMessage[]): BaseMessage[] {
  return [new SystemMessage(buildSystemPrompt(ctx.persona, ctx.language)), ...messages];
}

/** The advisor's first model call, started before the graph runs (AdvisorEngine.startFirstCall). */
export interface FirstCall {
  /** The advisor node's first step adopts the call: this is its answer (or its error). */
  readonly result: Promise<AIMessage>;
  /** Stops the call if no node adopted it (the run ended before its first step). */
  cancel(): void;
}

export interface AdvisorEngine {
  graph: ReturnType<typeof compileAdvisorGraph>;
  /**
   * Sends the advisor node's first model request now, before LangGraph sets the run up, so the answer's
   * first words do not wait for that set-up (a few milliseconds of CPU per run, hundreds at once at peak).
   * The call streams its text to the farmer as it is read, exactly as inside the node, and the node's
   * first step adopts it (`ctx.firstCall`) instead of calling the model: same messages, same retries and
   * timeout, same answer; LangGraph still decides what follows (tools, or the end). Not when a callback
   * handler or tracing is configured (the tracer would miss the call): undefined, and the node calls.
   * `sent` is called once the request is on its way.
   */
  startFirstCall(ctx: RunContext, messages: BaseMessage[], sent: () => void): FirstCall | undefined;
}

/** Callback handlers LangChain would attach to a run from the environment (tracing, verbose, hooks). */
function environmentHandlers(): boolean {
  return (CallbackManager.configure()?.handlers.length ?? 0) > 0;
}

export function createAdvisorEngine(model: BaseChatModel, options: GraphOptions, extraTools: AdvisorToolContribution[] = []): AdvisorEngine {
  if (!model.bindTools) throw new Error(`The ${model._llmType()} model cannot call tools`);
  const tools = [...advisorTools, ...knowledgeTools, ...extraTools.map(contributedTool)];
  const modelWithTools = model.bindTools(tools);
  return {
    graph: compileAdvisorGraph(modelWithTools, tools, options),
    startFirstCall(ctx, messages, sent) {
      if (!leanSource(modelWithTools, {}) || environmentHandlers()) return undefined;
      const controller = new AbortController();
      const signal = AbortSignal.any([ctx.signal, controller.signal]);
      const result = callModelWithRetries(modelWithTools, modelMessages(ctx, messages), { signal }, ctx, options, { started: sent }, signal);
      result.catch(() => {}); // awaited by the node that adopts it; a run that ends before its first step cancels it
      ctx.firstCall = result;
      return {
        result,
        cancel: () => {
          if (ctx.firstCall !== result) return; // adopted: the node saw it to its end
          ctx.firstCall = undefined;
          controller.abort();
        },
      };
    },
  };
}

export function buildAdvisorGraph(model: BaseChatModel, options: GraphOptions, extraTools: AdvisorToolContribution[] = []) {
  return createAdvisorEngine(model, options, extraTools).graph;
}

function compileAdvisorGraph(
  modelWithTools: ReturnType<NonNullable<BaseChatModel["bindTools"]>>,
  tools: ConstructorParameters<typeof ToolNode>[0],
  options: GraphOptions,
) {
  /** The first step's call may already be under way (AdvisorEngine.startFirstCall): the node adopts it. */
  async function modelCall(state: typeof MessagesAnnotation.State, config: RunnableConfig, ctx: RunContext): Promise<AIMessage> {
    const first = ctx.firstCall;
    if (!first) return callModelWithRetries(modelWithTools, modelMessages(ctx, state.messages), config, ctx, options);
    ctx.firstCall = undefined;
    ctx.modelCallStarted?.();
    const response = await first;
    await ctx.modelCallEnded?.(!response.tool_calls?.length);
    return response;
  }

  async function callAdvisor(state: typeof MessagesAnnotation.State, config: RunnableConfig) {
    const ctx = ensureRunContext(config);
    const response = await modelCall(state, config, ctx);
    const usage = response.usage_metadata;
    if (usage) {
      ctx.usage.inputTokens = (ctx.usage.inputTokens ?? 0) + usage.input_tokens;
      ctx.usage.outputTokens = (ctx.usage.outputTokens ?? 0) + usage.output_tokens;
    }
    return { messages: [response] };
  }

  return new StateGraph(MessagesAnnotation)
    .addNode(ADVISOR_NODE, callAdvisor)
    .addNode(TOOLS_NODE, new ToolNode(tools))
    .addEdge(START, ADVISOR_NODE)
    .addConditionalEdges(ADVISOR_NODE, routeAfterAdvisor, [TOOLS_NODE, END])
    .addEdge(TOOLS_NODE, ADVISOR_NODE)
    .compile();
}

export type AdvisorGraph = ReturnType<typeof compileAdvisorGraph>;
