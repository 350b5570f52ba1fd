/**
 * One model call of the advisor: an idle timeout reset by every streamed chunk, bounded retries with
 * exponential backoff, and the errors the run reports (model_timeout, model_error, incomplete_stream).
 */
import { AIMessage, AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import { RETRY_BASE_DELAY_MS, RETRY_MAX_DELAY_MS, type RunContext } from "./configuration.js";
import { AdvisorAbortError, AdvisorError, sleep } from "./errors.js";
import { readModelStream, type ModelWithTools } from "./model-stream.js";

/** The idle timeout of one attempt and how many more attempts a failed call gets. */
export interface ModelCallOptions {
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

/** Told when a model call's request is on its way, and when its stream ended (the run's turns, ./start-gate.ts). */
export interface ModelCallHooks {
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
export async function callModelWithRetries(
  model: ModelWithTools,
  messages: BaseMessage[],
  config: RunnableConfig,
  ctx: RunContext,
  options: ModelCallOptions,
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
