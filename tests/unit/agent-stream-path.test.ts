/**
 * The advisor node reads the model's chunks itself and emits the text as it reads (server/agent/graph.ts):
 * lean (the provider's chunk generator, no LangChain callback run per token) when no callback handler is
 * configured, and through `model.stream` when one is (tracing): the same text either way, and the handler
 * then sees every token.
 */
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import { HumanMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { createRunContext, runConfigurable } from "../../server/agent/configuration.js";
import { buildAdvisorGraph } from "../../server/agent/graph.js";
import { OfflineChatModel } from "../../server/agent/providers/offline.js";
import type { Persona } from "../../server/personas/types.js";

const persona: Persona = {
  id: "p", userId: "u", email: "e@example.com", fullName: "Fərid Həsənov", finCode: "7QW3E5R", phone: "+994 55 765 43 21",
  region: "Sabirabad", cropType: "Pambıq", totalAreaHa: 14, experienceLevel: "intermediate", ektisVerified: false,
  dataSource: "synthetic", createdAt: "", updatedAt: "", lastLoginAt: "",
};

class TokenCounter extends BaseCallbackHandler {
  name = "TokenCounter";
  tokens: string[] = [];
  override awaitHandlers = true;
  override handleLLMNewToken(token: string) {
    this.tokens.push(token);
  }
}

async function answer(callbacks?: BaseCallbackHandler[]) {
  const graph = buildAdvisorGraph(new OfflineChatModel({ paceMs: 0 }), { timeoutMs: 5_000, maxRetries: 0 });
  const emitted: string[] = [];
  const ctx = createRunContext({
    persona, language: "az", history: [], signal: new AbortController().signal,
    onToken: (d) => emitted.push(d), onTool: () => {}, proposePersonaChange: async () => ({ status: "nothing_to_update" }),
  });
  await graph.invoke(
    { messages: [new HumanMessage("Pambıq üçün suvarma nə vaxt lazımdır?")] },
    { configurable: runConfigurable(ctx), callbacks },
  );
  return { emitted, text: ctx.streamedText };
}

describe("the advisor node's stream path", () => {
  it("emits the same whole answer with and without a callback handler, and a handler sees every token", async () => {
    const lean = await answer();
    expect(lean.text.length).toBeGreaterThan(100);
    expect(lean.emitted.join("")).toBe(lean.text);

    const counter = new TokenCounter();
    const traced = await answer([counter]);
    expect(traced.text).toBe(lean.text);
    expect(traced.emitted).toEqual(lean.emitted);
    expect(counter.tokens.join("")).toBe(lean.text);
  });
});
