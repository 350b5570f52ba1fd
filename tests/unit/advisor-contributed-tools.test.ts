import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAdvisor, type AdvisorRunInput } from "../../server/agent/index.js";
import type { AdvisorToolContribution } from "../../server/agent/extension.js";
import type { Persona } from "../../server/personas/types.js";

/**
 * Tools other plugins contribute at "advisor:tools" (server/agent/extension.ts): bound in the graph next to
 * the advisor's own, called by the offline model when their offlineMatch says so, worded by their offlineRender.
 */
const persona: Persona = {
  id: "p", userId: "u", email: "e@example.com", fullName: "Aysel Məmmədova", finCode: "5KX2P9A", phone: "+994 50 123 45 67",
  region: "Sabirabad", cropType: "Pambıq", totalAreaHa: 12, experienceLevel: "novice", ektisVerified: false, dataSource: "synthetic",
  createdAt: "", updatedAt: "", lastLoginAt: "",
};

const calls: { args: { word: string }; userId: string; language: string }[] = [];
const counter: AdvisorToolContribution<{ word: string }, { word: string; count: number }> = {
  name: "word_counter",
  description: "How often the farmer wrote a word.",
  schema: z.object({ word: z.string() }),
  async run(args, ctx) {
    calls.push({ args, userId: ctx.userId, language: ctx.language });
    return { word: args.word, count: 3 };
  },
  offlineMatch: (question) => (/how often did i write (\w+)/i.exec(question)?.[1] ? { word: /how often did i write (\w+)/i.exec(question)![1]! } : undefined),
  offlineRender: (result, language) => (language === "az" ? `"${result.word}": ${result.count} dəfə.` : `You wrote "${result.word}" ${result.count} times.`),
};

const advisor = createAdvisor({ provider: "offline", offlinePaceMs: 0 });

async function ask(question: string, extraTools: AdvisorToolContribution[]) {
  const tools: string[] = [];
  let streamed = "";
  const input: AdvisorRunInput = {
    persona, language: "en", history: [{ role: "user", content: question }], signal: new AbortController().signal,
    onToken: (delta) => (streamed += delta), onTool: (name, status) => status === "start" && tools.push(name),
    proposePersonaChange: async () => ({ status: "nothing_to_update" }), userId: "farmer-1", extraTools,
  };
  return { ...(await advisor.run(input)), tools, streamed };
}

describe("contributed advisor tools", () => {
  it("the offline model calls a contributed tool its offlineMatch recognises and answers with its offlineRender", async () => {
    const result = await ask("How often did I write irrigation?", [counter]);
    expect(result.tools).toEqual(["word_counter"]);
    expect(calls).toEqual([{ args: { word: "irrigation" }, userId: "farmer-1", language: "en" }]);
    expect(result.text).toBe('You wrote "irrigation" 3 times.');
    expect(result.streamed).toBe(result.text);
  });

  it("other questions go to the advisor's own tools, and without contributions the advisor is as before", async () => {
    const withTool = await ask("How much water does cotton need in July?", [counter]);
    const without = await ask("How much water does cotton need in July?", []);
    expect(withTool.tools).toEqual(["irrigation_need"]);
    expect(withTool.text).toBe(without.text);
  });
});
