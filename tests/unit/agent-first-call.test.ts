/**
 * The advisor's first model request leaves before LangGraph sets the run up (server/agent/graph.ts,
 * startFirstCall), and the advisor node's first step adopts that call instead of calling the model: the
 * answer streams while the graph is still being set up, the model is asked once, the text reaches the
 * farmer once, and the graph still decides what follows (tools, or the end). Against the local
 * OpenAI-compatible stand-in (tests/helpers/openai-standin.ts) and the offline model.
 */
import { HumanMessage } from "@langchain/core/messages";
import { afterEach, describe, expect, it } from "vitest";
import { createAdvisor } from "../../server/agent/index.js";
import { createRunContext, resolveAdvisorConfig, runConfigurable } from "../../server/agent/configuration.js";
import { AdvisorAbortError } from "../../server/agent/errors.js";
import { createAdvisorEngine } from "../../server/agent/graph.js";
import { createChatModel, OfflineChatModel } from "../../server/agent/providers/index.js";
import type { Persona } from "../../server/personas/types.js";
import { startOpenAiStandIn, type OpenAiStandIn } from "../helpers/openai-standin.js";

const persona: Persona = {
  id: "p", userId: "u", email: "e@example.com", fullName: "Fərid Həsənov", finCode: "7QW3E5R", phone: "+994 55 765 43 21",
  region: "Sabirabad", cropType: "Pambıq", totalAreaHa: 14, experienceLevel: "intermediate", ektisVerified: false,
  dataSource: "synthetic", createdAt: "", updatedAt: "", lastLoginAt: "",
};
const options = { timeoutMs: 5_000, maxRetries: 0 };

let standIn: OpenAiStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

function openAiModel(baseUrl: string) {
  return createChatModel(resolveAdvisorConfig({ provider: "openai", openaiBaseUrl: baseUrl, offlinePaceMs: 0 }));
}

function runContext(onToken: (delta: string) => void, onTool: (name: string) => void = () => {}) {
  return createRunContext({
    persona, language: "az", history: [], signal: new AbortController().signal,
    onToken, onTool, proposePersonaChange: async () => ({ status: "nothing_to_update" }),
  });
}

describe("the advisor's first model call, sent before the graph runs", () => {
  it("streams the answer before the graph runs, and the node adopts the call: one request, the text once", async () => {
    standIn = await startOpenAiStandIn({ tokens: 20, paceMs: 0, ttftMs: 0 });
    const engine = createAdvisorEngine(openAiModel(standIn.baseUrl), options);
    const emitted: string[] = [];
    const ctx = runContext((delta) => emitted.push(delta));
    const messages = [new HumanMessage("Pambıq üçün suvarma nə vaxt lazımdır?")];
    let sent = 0;
    const first = engine.startFirstCall(ctx, messages, () => (sent += 1));
    expect(first).toBeDefined();
    const response = await first!.result;
    // The whole answer reached the farmer before the graph was even invoked.
    expect(sent).toBe(1);
    expect(standIn.requests()).toBe(1);
    expect(emitted.join("")).toBe(standIn.answer);
    expect(response.content).toBe(standIn.answer);

    const state = await engine.graph.invoke({ messages }, { configurable: runConfigurable(ctx) });
    expect(standIn.requests()).toBe(1); // adopted, not asked again
    expect(emitted.join("")).toBe(standIn.answer); // not streamed twice
    expect(ctx.streamedText).toBe(standIn.answer);
    expect(state.messages.at(-1)!.content).toBe(standIn.answer);
    expect(ctx.usage.outputTokens).toBe(20); // the node counted the adopted call's usage
    first!.cancel(); // after adoption: nothing to stop
    expect(ctx.firstCall).toBeUndefined();
  });

  it("leaves what follows to the graph: a first answer that asks for tools runs them and asks the model again", async () => {
    const engine = createAdvisorEngine(new OfflineChatModel({ paceMs: 0 }), options);
    const tools: string[] = [];
    const emitted: string[] = [];
    const ctx = runContext((delta) => emitted.push(delta), (name) => tools.push(name));
    const messages = [new HumanMessage("Pambıq üçün suvarma nə vaxt lazımdır?")];
    const first = engine.startFirstCall(ctx, messages, () => {});
    const asked = await first!.result;
    expect(asked.tool_calls?.length).toBeGreaterThan(0);
    expect(emitted).toEqual([]);
    const state = await engine.graph.invoke({ messages }, { configurable: runConfigurable(ctx) });
    expect(tools.length).toBeGreaterThan(0);
    expect(state.messages.map((m) => m.getType())).toEqual(["human", "ai", ...asked.tool_calls!.map(() => "tool"), "ai"]);
    expect(emitted.join("")).toBe(state.messages.at(-1)!.content);
    expect(emitted.join("").length).toBeGreaterThan(0);
  });

  it("is stopped when the run ends before its first step: no more text", async () => {
    standIn = await startOpenAiStandIn({ tokens: 200, paceMs: 20, ttftMs: 0 });
    const engine = createAdvisorEngine(openAiModel(standIn.baseUrl), options);
    const emitted: string[] = [];
    let firstToken!: () => void;
    const tokenSeen = new Promise<void>((resolve) => (firstToken = resolve));
    const ctx = runContext((delta) => {
      emitted.push(delta);
      firstToken();
    });
    const first = engine.startFirstCall(ctx, [new HumanMessage("Pambıq?")], () => {});
    await tokenSeen;
    first!.cancel();
    await expect(first!.result).rejects.toBeInstanceOf(AdvisorAbortError);
    const text = emitted.join("");
    expect(standIn.answer.startsWith(text)).toBe(true);
    expect(text.length).toBeLessThan(standIn.answer.length);
    expect(ctx.firstCall).toBeUndefined();
  });

  it("is not sent early when a tracer or callback handler would watch the run (the node calls, inside the trace)", async () => {
    const engine = createAdvisorEngine(new OfflineChatModel({ paceMs: 0 }), options);
    const before = process.env.LANGCHAIN_VERBOSE;
    process.env.LANGCHAIN_VERBOSE = "true";
    try {
      expect(engine.startFirstCall(runContext(() => {}), [new HumanMessage("Salam")], () => {})).toBeUndefined();
    } finally {
      if (before === undefined) delete process.env.LANGCHAIN_VERBOSE;
      else process.env.LANGCHAIN_VERBOSE = before;
    }
    expect(engine.startFirstCall(runContext(() => {}), [new HumanMessage("Salam")], () => {})).toBeDefined();
  });

  it("answers many runs at once with one request each (advisor.run)", async () => {
    standIn = await startOpenAiStandIn({ tokens: 30, paceMs: 1, ttftMs: 5 });
    const advisor = createAdvisor({ provider: "openai", openaiBaseUrl: standIn.baseUrl, offlinePaceMs: 0, maxRetries: 0 });
    const results = await Promise.all(
      Array.from({ length: 25 }, async () => {
        const emitted: string[] = [];
        const result = await advisor.run({
          persona, language: "az", history: [{ role: "user", content: "Pambıq üçün suvarma nə vaxt lazımdır?" }],
          signal: new AbortController().signal, onToken: (d) => emitted.push(d), onTool: () => {},
          proposePersonaChange: async () => ({ status: "nothing_to_update" }),
        });
        return { result, emitted: emitted.join("") };
      }),
    );
    expect(standIn.requests()).toBe(25);
    for (const { result, emitted } of results) {
      expect(result.text).toBe(standIn.answer);
      expect(emitted).toBe(standIn.answer);
      expect(result.outputTokens).toBe(30);
    }
  });
});
