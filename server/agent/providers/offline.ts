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
import { AdvisorAbortError, sleep } from "../errors.js";
import { findAreaHa, findCrops, findDistrict, findMonth, fold, tokenize } from "../language.js";
import { readSystemPrompt } from "../prompts.js";
import { clarifyingQuestion, readStatements } from "../../personas/statements.js";
import { TOOL_NAMES, type ToolResult } from "../tools.js";
import { renderCapabilities, renderGreeting, renderToolAnswer } from "./offline-answers.js";
import { renderDecline } from "./offline-knowledge.js";
import { KNOWLEDGE_TOOL_NAMES, type KnowledgeResult } from "../knowledge.js";
import { contributionOf, isContributedResult, type ContributedResult } from "../contributed.js";
import type { AdvisorToolContribution } from "../extension.js";

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
  pests: [/^zererverici/, /^xestelik/, /^pests?$/, /^disease/, /^insects?$/, /^fung/, /^mildew/, /^rust$/, /^moths?$/, /^bocek/, /^herasat/, /^parazit/, /^kuf/],
  coefficients: [/^kc$/, /^coefficients?$/, /^emsal/],
  thisWeek: [/^week(ly)?$/, /^hefte/, /^forecast$/, /^proqnoz/, /^today$/, /^bugun$/, /^tomorrow$/, /^sabah$/],
  farming: [/^ferm/, /^farm/, /^sahe/, /^crop/, /^bitki/, /^torpaq/, /^soil$/, /^harvest/, /^mehsul/, /^yield$/, /^aqronom/, /^agronom/],
  greeting: [/^salam/, /^hello$/, /^hi$/, /^hey$/, /^sabahiniz$/, /^axsaminiz$/, /^greetings$/],
} satisfies Record<string, Patterns>;

function matches(tokens: readonly string[], patterns: Patterns): boolean {
  return tokens.some((t) => patterns.some((p) => p.test(t)));
}

interface PlannedCall {
  name: string;
  args: Record<string, unknown>;
}

/** Words that follow "my", "does", "of" … without being a crop. */
const NOT_A_CROP = new Set([
  "crop", "crops", "field", "fields", "farm", "farms", "land", "plot", "plants", "plant", "garden", "orchard", "trees", "tree", "water",
  "fertilizer", "fertiliser", "area", "region", "district", "soil", "the", "this", "that", "these", "my", "your", "it", "them", "a", "an",
  "i", "we", "you", "they", "need", "needs", "irrigation", "month", "season", "year", "week", "hectare", "hectares", "ha", "seedlings",
  "sahe", "sahem", "sahemi", "bag", "bagim", "bagimi", "bitki", "bitkim", "bitkimi", "torpaq", "su", "gubre", "bu", "o", "men", "ne",
]);

/**
 * A crop named in the question that the data does not know ("quinoa", "Banan"): answered as unknown
 * rather than silently replaced by the farmer's own crop.
 */
export function unknownCropWord(question: string): string | undefined {
  const folded = fold(question);
  const en = /\b(?:my|does|do|grow|growing|plant|planting|sow|sowing|harvest|of)\s+([a-z]{3,})\b/.exec(folded);
  const az = /^\s*([\p{L}]{3,})\s+(?:ne vaxt|ucun|nece|neye)\b/u.exec(folded);
  for (const m of [en, az]) {
    const word = m?.[1];
    if (!word || NOT_A_CROP.has(word) || findDistrict(word) || findMonth(word) || /^(how|what|when|which|much|many)$/.test(word)) continue;
    return tokenize(question).find((t) => t.folded === word)?.raw ?? word;
  }
  return undefined;
}

/** The tool calls for a question, in a fixed order; arguments only as far as the question gives them. */
export function planToolCalls(question: string): PlannedCall[] {
  // Who each clause is about (server/personas/statements.ts): only the farmer's own-farm statements
  // become a profile proposal; the farmer's statements about themselves are left out of the intent keywords.
  const reading = readStatements(question);
  const rest = reading.clauses.filter((c) => !["own_farm", "side_crop", "residence"].includes(c.about)).map((c) => c.text);
  const tokens = tokenize(rest.join(" ")).map((t) => t.folded);

  const crop = findCrops(question)[0] ?? unknownCropWord(question);
  const region = findDistrict(question);
  const month = findMonth(question);
  const areaHa = findAreaHa(question);
  const defined = (args: Record<string, unknown>) => Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));

  const calls: PlannedCall[] = [];
  if (Object.keys(reading.patch).length) calls.push({ name: TOOL_NAMES.profile, args: reading.patch });
  const irrigation = matches(tokens, INTENTS.irrigation);
  const fertilizer = matches(tokens, INTENTS.fertilizer);
  const climate = matches(tokens, INTENTS.climate);
  const pests = matches(tokens, INTENTS.pests);
  const coefficients = matches(tokens, INTENTS.coefficients);
  const thisWeek = irrigation && matches(tokens, INTENTS.thisWeek) && month === undefined;
  const calendar = matches(tokens, INTENTS.calendar) || (!irrigation && !fertilizer && !climate && !pests && !coefficients && matches(tokens, INTENTS.weakCalendar));
  if (calendar) calls.push({ name: TOOL_NAMES.calendar, args: defined({ crop, region }) });
  if (thisWeek) calls.push({ name: KNOWLEDGE_TOOL_NAMES.week, args: defined({ crop, areaHa, region }) });
  else if (irrigation) calls.push({ name: TOOL_NAMES.irrigation, args: defined({ crop, areaHa, month, region }) });
  if (pests) calls.push({ name: KNOWLEDGE_TOOL_NAMES.pests, args: defined({ crop }) });
  if (coefficients) calls.push({ name: KNOWLEDGE_TOOL_NAMES.coefficients, args: defined({ crop }) });
  if (fertilizer) calls.push({ name: TOOL_NAMES.fertilizer, args: defined({ crop, areaHa }) });
  if (climate && !thisWeek) calls.push({ name: TOOL_NAMES.climate, args: defined({ region, month }) });
  return calls;
}

/** A question about farming that no tool answers (the advisor offers what it can) rather than an off-topic one (it declines). */
export function isFarmQuestion(question: string): boolean {
  const tokens = tokenize(question).map((t) => t.folded);
  return matches(tokens, INTENTS.farming) || findCrops(question).length > 0 && findDistrict(question) === undefined && tokens.length <= 4;
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
    const planned = contributed.length ? contributed : planToolCalls(question).filter((c) => bound.has(c.name));
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
