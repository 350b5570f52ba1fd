/**
 * The advisor graph: START → advisor ⇄ tools, ending when the advisor answers without tool calls.
 *
 *   advisor  (callAdvisor)      the model with the tools bound, system prompt from the persona and
 *                               language; streams (./model-stream.ts), with an idle timeout and
 *                               bounded retries (./model-call.ts)
 *   routeAfterAdvisor           "tools" when the last AI message has tool calls, else END
 *   tools    (ToolNode)         runs the tool calls; tools read the run context from config
 */
import { CallbackManager } from "@langchain/core/callbacks/manager";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { SystemMessage, type AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import { END, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { ToolNode } from "@langchain/langgraph/prebuilt";
import { ensureRunContext, type RunContext } from "./configuration.js";
import { buildSystemPrompt } from "./prompts.js";
import { callModelWithRetries, type ModelCallOptions } from "./model-call.js";
import { leanSource, type ModelWithTools } from "./model-stream.js";
import { advisorTools } from "./tools.js";
import { knowledgeTools } from "./knowledge.js";
import { contributedTool } from "./contributed.js";
import type { AdvisorToolContribution } from "./extension.js";

export const ADVISOR_NODE = "advisor";
export const TOOLS_NODE = "tools";

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

export function createAdvisorEngine(model: BaseChatModel, options: ModelCallOptions, extraTools: AdvisorToolContribution[] = []): AdvisorEngine {
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

export function buildAdvisorGraph(model: BaseChatModel, options: ModelCallOptions, extraTools: AdvisorToolContribution[] = []) {
  return createAdvisorEngine(model, options, extraTools).graph;
}

function compileAdvisorGraph(
  modelWithTools: ModelWithTools,
  tools: ConstructorParameters<typeof ToolNode>[0],
  options: ModelCallOptions,
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
