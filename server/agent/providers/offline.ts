/**
 * The offline advisor model: no network, deterministic. A chat model like any other to the graph
 * (tools are bound to it, it streams chunks, it reads the system prompt and the messages):
 * - on a fresh question it picks tool calls from what the question names and asks (./offline-plan.ts,
 *   read with the knowledge index of ../understanding/), in Azerbaijani or English;
 * - once tool results follow its tool calls, it writes a grounded answer from them;
 * - greetings and other questions get a short persona-aware answer without tools.
 * Answers stream word by word with `paceMs` between words; the pause ends early on abort.
 */
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BaseChatModelParams,
  type BindToolsInput,
} from "@langchain/core/language_models/chat_models";
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import { AIMessage, AIMessageChunk, type BaseMessage, type ToolMessage } from "@langchain/core/messages";
import type { ToolCall } from "@langchain/core/messages/tool";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import type { Runnable } from "@langchain/core/runnables";
import { AdvisorAbortError, sleep } from "../errors.js";
import { isFarmQuestion, isGreeting, planToolCalls } from "./offline-plan.js";
import { readSystemPrompt } from "../prompts.js";
import { clarifyingQuestion } from "../statements.js";
import { TOOL_NAMES } from "../tools.js";
import type { ToolResult } from "../tool-results.js";
import { renderCapabilities, renderGreeting, renderToolAnswer } from "./offline-answers.js";
import { renderDecline } from "./offline-knowledge.js";
import { KNOWLEDGE_TOOL_NAMES, type KnowledgeResult } from "../knowledge.js";
import { contributionOf, isContributedResult, type ContributedResult } from "../contributed.js";
import type { AdvisorToolContribution } from "../extension.js";

/* -------------------------------------------------------- understanding */

// What a question names and asks is read with the knowledge index (./offline-plan.ts, ../understanding/).
export { isFarmQuestion, isGreeting, planToolCalls, unknownCropWord, type PlannedCall } from "./offline-plan.js";

/* --------------------------------------------------------------- model */

export interface OfflineChatModelFields extends BaseChatModelParams {
  paceMs: number;
  modelName?: string;
  /** Names of the tools bound with bindTools; the model only calls these. */
  toolNames?: string[];
  /** Tools other plugins contributed (bound like the rest): their offlineMatch / offlineRender. */
  contributions?: AdvisorToolContribution[];
}

interface Reply {
  text: string;
  toolCalls: ToolCall[];
}

function toolName(t: BindToolsInput): string | undefined {
  const anyTool = t as { name?: unknown; function?: { name?: unknown } };
  if (typeof anyTool.name === "string") return anyTool.name;
  if (typeof anyTool.function?.name === "string") return anyTool.function.name;
  return undefined;
}

function parseToolResult(message: ToolMessage): ToolResult | KnowledgeResult | ContributedResult | null {
  const content = typeof message.content === "string" ? message.content : message.text;
  try {
    const parsed = JSON.parse(content) as ToolResult | KnowledgeResult | ContributedResult;
    return parsed && typeof parsed === "object" && "tool" in parsed ? parsed : null;
  } catch {
    return null;
  }
}

export class OfflineChatModel extends BaseChatModel<BaseChatModelCallOptions, AIMessageChunk> {
  readonly paceMs: number;
  readonly modelName: string;
  readonly toolNames: readonly string[];
  readonly contributions: readonly AdvisorToolContribution[];

  static override lc_name() {
    return "OfflineChatModel";
  }

  constructor(fields: OfflineChatModelFields) {
    super(fields);
    this.paceMs = fields.paceMs;
    this.modelName = fields.modelName ?? "offline-advisor-1";
    this.toolNames = fields.toolNames ?? [];
    this.contributions = fields.contributions ?? [];
  }

  _llmType(): string {
    return "yonca-offline";
  }

  override bindTools(
    tools: BindToolsInput[],
    _kwargs?: Partial<BaseChatModelCallOptions>,
  ): Runnable<BaseLanguageModelInput, AIMessageChunk, BaseChatModelCallOptions> {
    const names = tools.map(toolName).filter((n): n is string => n !== undefined);
    const contributions = tools.map(contributionOf).filter((c): c is AdvisorToolContribution => c !== undefined);
    return new OfflineChatModel({
      paceMs: this.paceMs,
      modelName: this.modelName,
      toolNames: [...this.toolNames, ...names],
      contributions: [...this.contributions, ...contributions],
    });
  }

  /** The whole reply for these messages (deterministic: a pure function of the messages and the bound tools). */
  reply(messages: BaseMessage[]): Reply {
    const system = messages.find((m) => m.getType() === "system");
    const profile = readSystemPrompt(system ? system.text : "");
    const last = messages[messages.length - 1];

    if (last?.getType() === "tool") {
      const results: (ToolResult | KnowledgeResult | ContributedResult | null)[] = [];
      for (let i = messages.length - 1; i >= 0 && messages[i]!.getType() === "tool"; i -= 1) {
        results.unshift(parseToolResult(messages[i] as ToolMessage));
      }
      // Contributed tools' results are worded by their own offlineRender; the advisor's as before.
      const parts = results.map((r) => {
        if (!isContributedResult(r)) return renderToolAnswer([r], profile.language);
        const render = this.contributions.find((c) => c.name === r.tool)?.offlineRender;
        return render ? render(r.result, profile.language) : renderToolAnswer([null], profile.language);
      });
      return { text: parts.join("\n\n"), toolCalls: [] };
    }

    const question = last?.getType() === "human" ? last.text : "";
    const bound = new Set(this.toolNames);
    // A contributed tool that recognises the question is more specific than the keyword intents: it answers alone.
    const contributed = this.contributions.flatMap((c) => {
      const args = c.offlineMatch?.(question, profile.language);
      return args === undefined ? [] : [{ name: c.name, args: args as Record<string, unknown> }];
    });
    // The question before this one, for a follow-up ("bəs buğda üçün?") or a quick reply to a clarifying question.
    const humans = messages.filter((m) => m.getType() === "human");
    const previous = humans.length >= 2 ? humans[humans.length - 2]!.text : undefined;
    const planned = contributed.length ? contributed : planToolCalls(question, { previous, farmCrop: profile.cropType, farmRegion: profile.region }).filter((c) => bound.has(c.name));
    if (planned.length) {
      const turn = messages.filter((m) => m.getType() === "ai").length;
      return {
        text: "",
        toolCalls: planned.map((c, i) => ({ id: `call_offline_${turn}_${i}_${c.name}`, name: c.name, args: c.args, type: "tool_call" })),
      };
    }
    const ask = clarifyingQuestion(question, profile.language); // unsure what to record: ask, propose nothing
    const text = isGreeting(question)
      ? renderGreeting(profile)
      : ask ?? (isFarmQuestion(question) ? renderCapabilities(profile) : renderDecline(profile));
    return { text, toolCalls: [] };
  }

  async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    if (options.signal?.aborted) throw new AdvisorAbortError();
    const reply = this.reply(messages);
    return {
      generations: [{ text: reply.text, message: new AIMessage({ content: reply.text, tool_calls: reply.toolCalls }) }],
    };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const signal = options.signal;
    if (signal?.aborted) throw new AdvisorAbortError();
    const reply = this.reply(messages);
    if (reply.toolCalls.length) {
      const chunk = new ChatGenerationChunk({
        text: "",
        generationInfo: { finish_reason: "tool_calls" },
        message: new AIMessageChunk({
          content: "",
          tool_call_chunks: reply.toolCalls.map((c, index) => ({
            type: "tool_call_chunk" as const,
            id: c.id,
            name: c.name,
            args: JSON.stringify(c.args),
            index,
          })),
        }),
      });
      yield chunk;
      await runManager?.handleLLMNewToken("", undefined, undefined, undefined, undefined, { chunk });
      return;
    }
    // Words with their following whitespace: joined back they give exactly the reply.
    const words = reply.text.match(/\s*\S+\s*/g) ?? [];
    for (let i = 0; i < words.length; i += 1) {
      if (i > 0 && this.paceMs > 0) await sleep(this.paceMs, signal);
      if (signal?.aborted) throw new AdvisorAbortError();
      const word = words[i]!;
      // The last word says the answer ended normally, as an OpenAI-compatible stream's finish_reason does.
      const generationInfo = i === words.length - 1 ? { finish_reason: "stop" } : undefined;
      const chunk = new ChatGenerationChunk({ text: word, message: new AIMessageChunk({ content: word }), generationInfo });
      yield chunk;
      await runManager?.handleLLMNewToken(word, undefined, undefined, undefined, undefined, { chunk });
    }
  }
}
