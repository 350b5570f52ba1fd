/**
 * Reading one streamed model call: its pieces (text, tool-call chunks, usage, finish reason) in order,
 * on the lean path when nobody listens to LangChain callbacks, with each piece of answer text handed to
 * the farmer as it is read.
 */
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AIMessageChunk, BaseMessage, UsageMetadata } from "@langchain/core/messages";
import type { ToolCallChunk } from "@langchain/core/messages/tool";
import { RunnableBinding, type RunnableConfig } from "@langchain/core/runnables";
import type { RunContext } from "./configuration.js";
import { openAiStream, type ModelPiece } from "./providers/openai-stream.js";

/** A chat model with the advisor's tools bound. */
export type ModelWithTools = ReturnType<NonNullable<BaseChatModel["bindTools"]>>;

/** What one model call produced, accumulated as text (never by re-merging message chunks per token). */
export interface ModelTurn {
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
export async function readModelStream(
  model: ModelWithTools,
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
export function leanSource(model: unknown, config: RunnableConfig): { chat: BaseChatModel; callOptions: Record<string, unknown> } | undefined {
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
  model: ModelWithTools,
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
