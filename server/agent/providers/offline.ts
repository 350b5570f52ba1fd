/**
 * The offline advisor model: no network, deterministic. A chat model like any other to the graph
 * (tools are bound to it, it streams chunks, it reads the system prompt and the messages):
 * - on a fresh question it picks tool calls from keywords in Azerbaijani or English;
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
import type { ExperienceLevel } from "../../personas/types.js";
import { AdvisorAbortError, sleep } from "../errors.js";
import { catalogueCropNames, findAreaHa, findCrops, findDistrict, findMonth, fold, tokenize } from "../language.js";
import { readSystemPrompt } from "../prompts.js";
import { TOOL_NAMES, type ToolResult } from "../tools.js";
import { renderCapabilities, renderGreeting, renderToolAnswer } from "./offline-answers.js";

/* -------------------------------------------------------------- intents */

type Patterns = readonly RegExp[];

const INTENTS = {
  irrigation: [/^suvar/, /^su$/, /^suyu/, /^suya$/, /^irrigat/, /^water(ing)?$/],
  calendar: [
    /^ekin/, /^ekil/, /^ekme/, /^ekim$/, /^ekek/, /^sepin/, /^sepil/, /^sepme/, /^sepim$/, /^sepek/, /^bicin/, /^bicil/,
    /^bicme/, /^yigim/, /^yigil/, /^yigma/, /^teqvim/, /^calendar/, /^sow/, /^plant(ing)?$/, /^harvest/,
  ],
  fertilizer: [/^gubre/, /^azot/, /^fosfor/, /^kalium/, /^npk$/, /^fertili[sz]/, /^nitrogen/, /^phosph/, /^potash/, /^potassium/, /^nutrients?$/],
  climate: [/^hava/, /^iqlim/, /^temperatur/, /^yagis/, /^yaginti/, /^isti$/, /^soyuq/, /^weather/, /^climat/, /^rain/, /^precipitation/, /^frost/],
  weakCalendar: [/^when$/, /^vaxt/],
  greeting: [/^salam/, /^hello$/, /^hi$/, /^hey$/, /^sabahiniz$/, /^axsaminiz$/, /^greetings$/],
} satisfies Record<string, Patterns>;

/** First-person statements of fact about the farm ("I grow 12 ha of cotton", "Mən 12 hektar pambıq əkirəm"). */
const STATEMENT_EN = /(?<!\b(?:should|can|do|shall|could|would|must|will|when|how|if|what|where|why|which)\s)\bi (?:grow|farm|cultivate|plant|have|own)\b|\bi'?m (?:a |an )?(?:beginner|novice|new to farming|experienced|expert)\b|\bmy farm is\b|\bi live in\b/;
const STATEMENT_AZ_VERBS = /^(ekirem|ekirik|ekmisem|becerirem|beceririk|yetisdirirem|yetisdiririk|yasayiram|yasayiriq|isleyirem|mesgulam|tezeyem|yeniyem|tecrubeliyem)$/;
const NOVICE = /\b(beginner|novice|new to farming|just started)\b|tecrubesiz|tecrubem yoxdur|yeni baslay|tezeyem|yeniyem/;
const EXPERT = /\b(experienced|expert|professional)\b|\b\d+ years\b|tecrubeliyem|mutexessis|\b\d+ ildir\b/;

function matches(tokens: readonly string[], patterns: Patterns): boolean {
  return tokens.some((t) => patterns.some((p) => p.test(t)));
}

interface PlannedCall {
  name: string;
  args: Record<string, unknown>;
}

function isStatement(clause: string): boolean {
  const folded = fold(clause);
  if (STATEMENT_EN.test(folded)) return true;
  const tokens = tokenize(clause).map((t) => t.folded);
  if (tokens.some((t) => STATEMENT_AZ_VERBS.test(t))) return true;
  // "Qubadayam", "Şəkidəyəm": I am (farming) in …
  if (tokens.some((t) => /(dayam|deyem)$/.test(t) && findDistrict(t) !== undefined)) return true;
  return (tokens.includes("menim") || tokens.includes("bizim")) && tokens.includes("var");
}

function profilePatch(statements: string[]): Record<string, unknown> {
  const text = statements.join(". ");
  const folded = fold(text);
  const patch: Record<string, unknown> = {};
  const crop = findCrops(text).find((c) => catalogueCropNames.includes(c));
  if (crop) patch.cropType = crop;
  const area = findAreaHa(text);
  if (area !== undefined) patch.totalAreaHa = area;
  const region = findDistrict(text);
  if (region) patch.region = region === "Bakı" ? "Abşeron" : region;
  const experience: ExperienceLevel | undefined = NOVICE.test(folded) ? "novice" : EXPERT.test(folded) ? "expert" : undefined;
  if (experience) patch.experienceLevel = experience;
  return patch;
}

/** The tool calls for a question, in a fixed order; arguments only as far as the question gives them. */
export function planToolCalls(question: string): PlannedCall[] {
  const clauses = question.split(/[.!?;,\n]+/).map((c) => c.trim()).filter(Boolean);
  const statements = clauses.filter(isStatement);
  const rest = clauses.filter((c) => !statements.includes(c));
  const tokens = tokenize(rest.join(" ")).map((t) => t.folded);

  const crop = findCrops(question)[0];
  const region = findDistrict(question);
  const month = findMonth(question);
  const areaHa = findAreaHa(question);
  const defined = (args: Record<string, unknown>) => Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));

  const calls: PlannedCall[] = [];
  if (statements.length) {
    const patch = profilePatch(statements);
    if (Object.keys(patch).length) calls.push({ name: TOOL_NAMES.profile, args: patch });
  }
  const irrigation = matches(tokens, INTENTS.irrigation);
  const fertilizer = matches(tokens, INTENTS.fertilizer);
  const climate = matches(tokens, INTENTS.climate);
  const calendar = matches(tokens, INTENTS.calendar) || (!irrigation && !fertilizer && !climate && matches(tokens, INTENTS.weakCalendar));
  if (calendar) calls.push({ name: TOOL_NAMES.calendar, args: defined({ crop, region }) });
  if (irrigation) calls.push({ name: TOOL_NAMES.irrigation, args: defined({ crop, areaHa, month, region }) });
  if (fertilizer) calls.push({ name: TOOL_NAMES.fertilizer, args: defined({ crop, areaHa }) });
  if (climate) calls.push({ name: TOOL_NAMES.climate, args: defined({ region, month }) });
  return calls;
}

export function isGreeting(question: string): boolean {
  const tokens = tokenize(question).map((t) => t.folded);
  return tokens.length > 0 && tokens.length <= 6 && matches(tokens, INTENTS.greeting);
}

/* --------------------------------------------------------------- model */

export interface OfflineChatModelFields extends BaseChatModelParams {
  paceMs: number;
  modelName?: string;
  /** Names of the tools bound with bindTools; the model only calls these. */
  toolNames?: string[];
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

function parseToolResult(message: ToolMessage): ToolResult | null {
  const content = typeof message.content === "string" ? message.content : message.text;
  try {
    const parsed = JSON.parse(content) as ToolResult;
    return parsed && typeof parsed === "object" && "tool" in parsed ? parsed : null;
  } catch {
    return null;
  }
}

export class OfflineChatModel extends BaseChatModel<BaseChatModelCallOptions, AIMessageChunk> {
  readonly paceMs: number;
  readonly modelName: string;
  readonly toolNames: readonly string[];

  static override lc_name() {
    return "OfflineChatModel";
  }

  constructor(fields: OfflineChatModelFields) {
    super(fields);
    this.paceMs = fields.paceMs;
    this.modelName = fields.modelName ?? "offline-advisor-1";
    this.toolNames = fields.toolNames ?? [];
  }

  _llmType(): string {
    return "yonca-offline";
  }

  override bindTools(
    tools: BindToolsInput[],
    _kwargs?: Partial<BaseChatModelCallOptions>,
  ): Runnable<BaseLanguageModelInput, AIMessageChunk, BaseChatModelCallOptions> {
    const names = tools.map(toolName).filter((n): n is string => n !== undefined);
    return new OfflineChatModel({ paceMs: this.paceMs, modelName: this.modelName, toolNames: [...this.toolNames, ...names] });
  }

  /** The whole reply for these messages (deterministic: a pure function of the messages and the bound tools). */
  reply(messages: BaseMessage[]): Reply {
    const system = messages.find((m) => m.getType() === "system");
    const profile = readSystemPrompt(system ? system.text : "");
    const last = messages[messages.length - 1];

    if (last?.getType() === "tool") {
      const results: (ToolResult | null)[] = [];
      for (let i = messages.length - 1; i >= 0 && messages[i]!.getType() === "tool"; i -= 1) {
        results.unshift(parseToolResult(messages[i] as ToolMessage));
      }
      return { text: renderToolAnswer(results, profile.language), toolCalls: [] };
    }

    const question = last?.getType() === "human" ? last.text : "";
    const bound = new Set(this.toolNames);
    const planned = planToolCalls(question).filter((c) => bound.has(c.name));
    if (planned.length) {
      const turn = messages.filter((m) => m.getType() === "ai").length;
      return {
        text: "",
        toolCalls: planned.map((c, i) => ({ id: `call_offline_${turn}_${i}_${c.name}`, name: c.name, args: c.args, type: "tool_call" })),
      };
    }
    return { text: isGreeting(question) ? renderGreeting(profile) : renderCapabilities(profile), toolCalls: [] };
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
