/**
 * The advisor graph: START → advisor ⇄ tools, ending when the advisor answers without tool calls.
 *
 *   advisor  (callAdvisor)      the model with the tools bound, system prompt from the persona and
 *                               language; streams, with an idle timeout and bounded retries
 *   routeAfterAdvisor           "tools" when the last AI message has tool calls, else END
 *   tools    (ToolNode)         runs the tool calls; tools read the run context from config
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, AIMessageChunk, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import { END, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { ensureRunContext, RETRY_BASE_DELAY_MS, RETRY_MAX_DELAY_MS, type RunContext } from "./configuration.js";
import { AdvisorAbortError, AdvisorError, sleep } from "./errors.js";
import { buildSystemPrompt } from "./prompts.js";
import { advisorTools } from "./tools.js";
import { knowledgeTools } from "./knowledge.js";

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

/**
 * One model call with an idle timeout (reset by every streamed chunk) and bounded retries with
 * exponential backoff. An attempt that already streamed text is not retried (the farmer has seen
 * it); it fails instead. Aborting the run rejects with an AbortError at once.
 */
async function callModelWithRetries(
  model: ReturnType<NonNullable<BaseChatModel["bindTools"]>>,
  messages: BaseMessage[],
  config: RunnableConfig,
  ctx: RunContext,
  options: GraphOptions,
): Promise<AIMessageChunk> {
  const runSignal = ctx.signal;
  let lastError: unknown;
  let timedOut = false;
  let attempts = 0;
  for (let attempt = 0; attempt <= options.maxRetries; attempt += 1) {
    if (runSignal.aborted) throw new AdvisorAbortError();
    attempts = attempt + 1;
    const attemptController = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    timedOut = false;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        attemptController.abort(new IdleTimeout(options.timeoutMs));
      }, options.timeoutMs);
    };
    let streamedText = false;
    try {
      arm();
      const signal = AbortSignal.any([runSignal, attemptController.signal]);
      let message: AIMessageChunk | undefined;
      for await (const chunk of await model.stream(messages, { ...config, signal })) {
        arm();
        if (chunk.text) streamedText = true;
        message = message ? message.concat(chunk) : chunk;
      }
      if (!message) throw new Error("The model returned an empty response");
      return message;
    } catch (error) {
      if (runSignal.aborted) throw new AdvisorAbortError();
      lastError = error;
      timedOut ||= looksLikeTimeout(error);
      const status = (error as { status?: number } | null)?.status;
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

function toAIMessage(chunk: AIMessageChunk): AIMessage {
  return new AIMessage({
    id: chunk.id,
    content: chunk.content,
    tool_calls: chunk.tool_calls,
    invalid_tool_calls: chunk.invalid_tool_calls,
    usage_metadata: chunk.usage_metadata,
    response_metadata: chunk.response_metadata,
    additional_kwargs: chunk.additional_kwargs,
  });
}

export function routeAfterAdvisor(state: typeof MessagesAnnotation.State): typeof TOOLS_NODE | typeof END {
  const last = state.messages[state.messages.length - 1];
  return last && last.getType() === "ai" && ((last as AIMessage).tool_calls?.length ?? 0) > 0 ? TOOLS_NODE : END;
}

export function buildAdvisorGraph(model: BaseChatModel, options: GraphOptions) {
  if (!model.bindTools) throw new Error(`The ${model._llmType()} model cannot call tools`);
  const tools = [...advisorTools, ...knowledgeTools];
  const modelWithTools = model.bindTools(tools);

  async function callAdvisor(state: typeof MessagesAnnotation.State, config: RunnableConfig) {
    const ctx = ensureRunContext(config);
    const system = new SystemMessage(buildSystemPrompt(ctx.persona, ctx.language));
    const response = await callModelWithRetries(modelWithTools, [system, ...state.messages], config, ctx, options);
    const usage = response.usage_metadata;
    if (usage) {
      ctx.usage.inputTokens = (ctx.usage.inputTokens ?? 0) + usage.input_tokens;
      ctx.usage.outputTokens = (ctx.usage.outputTokens ?? 0) + usage.output_tokens;
    }
    return { messages: [toAIMessage(response)] };
  }

  return new StateGraph(MessagesAnnotation)
    .addNode(ADVISOR_NODE, callAdvisor)
    .addNode(TOOLS_NODE, new ToolNode(tools))
    .addEdge(START, ADVISOR_NODE)
    .addConditionalEdges(ADVISOR_NODE, routeAfterAdvisor, [TOOLS_NODE, END])
    .addEdge(TOOLS_NODE, ADVISOR_NODE)
    .compile();
}

export type AdvisorGraph = ReturnType<typeof buildAdvisorGraph>;
