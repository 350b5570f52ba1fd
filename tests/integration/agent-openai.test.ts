/**
 * The real `openai` provider (the real @langchain/openai client) against a local OpenAI-compatible
 * server on 127.0.0.1 that streams server-sent events: tool call, tool run, streamed answer; and the
 * failure paths: a server that never answers (model_timeout) and one that answers 500 (model_error).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createAdvisor, type AdvisorRunInput } from "../../server/agent/index.js";
import type { Persona } from "../../server/personas/types.js";

const persona: Persona = {
  id: "3f0e2d5c-0000-4000-8000-000000000011",
  userId: "3f0e2d5c-0000-4000-8000-000000000012",
  email: "farid@example.com",
  fullName: "Fərid Həsənov",
  finCode: "7QW3E5R",
  phone: "+994 55 765 43 21",
  region: "Sabirabad",
  cropType: "Pambıq",
  totalAreaHa: 14,
  experienceLevel: "intermediate",
  ektisVerified: false,
  dataSource: "synthetic",
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-01T00:00:00.000Z",
  lastLoginAt: "2025-01-01T00:00:00.000Z",
};

interface ChatRequest {
  model: string;
  stream?: boolean;
  messages: { role: string; content: unknown; tool_calls?: unknown[]; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; parameters: unknown } }[];
}

interface FakeServer {
  baseUrl: string;
  requests: ChatRequest[];
  /** Resolves when the n-th request (1-based) has arrived. */
  requestArrived(n: number): Promise<void>;
  close(): Promise<void>;
}

type Handler = (req: ChatRequest, index: number, res: http.ServerResponse) => void;

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function startServer(handler: Handler): Promise<FakeServer> {
  const requests: ChatRequest[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
        res.writeHead(404).end();
        return;
      }
      const parsed = JSON.parse(body) as ChatRequest;
      requests.push(parsed);
      for (const w of waiters.filter((w) => w.n <= requests.length)) w.resolve();
      handler(parsed, requests.length - 1, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeServer = {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    requestArrived: (n) =>
      new Promise((resolve) => {
        if (requests.length >= n) resolve();
        else waiters.push({ n, resolve });
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(fake);
  return fake;
}

function sse(res: http.ServerResponse, events: unknown[]): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  for (const event of events) res.write(`data: ${JSON.stringify(event)}\n\n`);
  res.write("data: [DONE]\n\n");
  res.end();
}

function chunk(id: string, delta: Record<string, unknown>, finish: string | null = null) {
  return { id, object: "chat.completion.chunk", created: 1_700_000_000, model: "gpt-4o-mini", choices: [{ index: 0, delta, finish_reason: finish }] };
}

function usage(id: string, prompt: number, completion: number) {
  return {
    id, object: "chat.completion.chunk", created: 1_700_000_000, model: "gpt-4o-mini", choices: [],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  };
}

const ANSWER_CHUNKS = ["Sow your ", "cotton in ", "Sabirabad in April–May; ", "harvest runs September–December ", "(S12, S13, S11)."];

function input(overrides: Partial<AdvisorRunInput> & { tokens?: string[]; tools?: string[] } = {}): AdvisorRunInput {
  const tokens = overrides.tokens ?? [];
  const tools = overrides.tools ?? [];
  return {
    persona,
    language: "en",
    history: [{ role: "user", content: "When should I sow my cotton?" }],
    signal: new AbortController().signal,
    onToken: (delta) => tokens.push(delta),
    onTool: (name, status) => tools.push(`${name}:${status}`),
    proposePersonaChange: async () => ({ status: "nothing_to_update" }),
    ...overrides,
  };
}

describe("openai provider against a local OpenAI-compatible server", () => {
  it("calls the tool the model asks for, then streams the answer in order", async () => {
    const server = await startServer((req, index, res) => {
      if (index === 0) {
        sse(res, [
          chunk("chatcmpl-1", { role: "assistant", content: null, tool_calls: [{ index: 0, id: "call_cal_1", type: "function", function: { name: "crop_calendar", arguments: "" } }] }),
          chunk("chatcmpl-1", { tool_calls: [{ index: 0, function: { arguments: '{"crop":' } }] }),
          chunk("chatcmpl-1", { tool_calls: [{ index: 0, function: { arguments: '"cotton"}' } }] }),
          chunk("chatcmpl-1", {}, "tool_calls"),
          usage("chatcmpl-1", 410, 18),
        ]);
      } else {
        sse(res, [
          chunk("chatcmpl-2", { role: "assistant", content: "" }),
          ...ANSWER_CHUNKS.map((text) => chunk("chatcmpl-2", { content: text })),
          chunk("chatcmpl-2", {}, "stop"),
          usage("chatcmpl-2", 620, 31),
        ]);
      }
    });
    const advisor = createAdvisor({ provider: "openai", openaiBaseUrl: server.baseUrl, openaiApiKey: "sk-test", offlinePaceMs: 0, timeoutMs: 5_000, maxRetries: 1 });
    expect(advisor.model).toBe("gpt-4o-mini");

    const tokens: string[] = [];
    const tools: string[] = [];
    const result = await advisor.run(input({ tokens, tools }));

    // The tool ran, once, between the two model calls.
    expect(tools).toEqual(["crop_calendar:start", "crop_calendar:end"]);
    expect(server.requests).toHaveLength(2);
    // Tokens arrived in order and make up the result.
    // The model's words, then the sources of the tool's figures by name (appended by the run, whatever the provider).
    expect(tokens.join("")).toBe(result.text);
    expect(tokens.filter(Boolean)).toEqual([...ANSWER_CHUNKS, expect.stringMatching(/^\n\n(Sources|Mənbələr): .*YarnsAndFibers.*\.$/)]);
    expect(result.text.startsWith(ANSWER_CHUNKS.join(""))).toBe(true);
    expect(result.sources.map((s) => s.id)).toEqual(expect.arrayContaining(["S12"]));
    expect(result.model).toBe("gpt-4o-mini");
    expect(result.inputTokens).toBe(410 + 620);
    expect(result.outputTokens).toBe(18 + 31);
    expect(result.usedPersonaFields).toEqual(expect.arrayContaining(["region", "cropType"]));

    // The first request carried the tools, the system prompt and streaming.
    const first = server.requests[0]!;
    expect(first.model).toBe("gpt-4o-mini");
    expect(first.stream).toBe(true);
    expect(first.tools?.map((t) => t.function.name).sort()).toEqual(
      ["climate_normals", "crop_calendar", "crop_coefficients", "fertilizer_plan", "irrigation_need", "irrigation_this_week", "pests_diseases", "propose_profile_change"],
    );
    const system = first.messages[0]!;
    expect(system.role).toBe("system");
    expect(String(system.content)).toContain("You are Yonca");
    expect(String(system.content)).toContain("Region: Sabirabad");
    expect(String(system.content)).toContain("Main crop: Pambıq (Cotton)");
    expect(String(system.content)).not.toContain(persona.finCode);
    expect(String(system.content)).not.toContain(persona.phone);
    expect(first.messages.at(-1)).toMatchObject({ role: "user", content: "When should I sow my cotton?" });

    // The second request carried the tool call and the tool's sourced result.
    const second = server.requests[1]!;
    const assistant = second.messages.find((m) => m.role === "assistant");
    expect(assistant?.tool_calls).toEqual([expect.objectContaining({ id: "call_cal_1", function: expect.objectContaining({ name: "crop_calendar" }) })]);
    const toolMessage = second.messages.find((m) => m.role === "tool");
    expect(toolMessage?.tool_call_id).toBe("call_cal_1");
    const toolResult = JSON.parse(String(toolMessage?.content)) as Record<string, unknown>;
    expect(toolResult).toMatchObject({ tool: "crop_calendar", status: "ok", crop: "Pambıq", region: "Sabirabad", sowingMonths: [4, 5], harvestMonths: [9, 10, 11, 12] });
    expect(Object.keys(toolResult.sources as object)).toEqual(["S12", "S13", "S11"]);
  });

  it("a server that never answers → model_timeout after the bounded retries", async () => {
    const server = await startServer(() => {
      // Never respond: the connection stays open until the test closes the server.
    });
    const timeoutMs = 300;
    const advisor = createAdvisor({ provider: "openai", openaiBaseUrl: server.baseUrl, offlinePaceMs: 0, timeoutMs, maxRetries: 1 });
    const tokens: string[] = [];
    const error = await advisor.run(input({ tokens })).then(
      () => null,
      (e: unknown) => e as Error & { code?: string; attempts?: number },
    );
    // Two attempts, each given up after timeoutMs without a byte.
    expect(error).toMatchObject({ name: "AdvisorError", code: "model_timeout", attempts: 2 });
    expect(server.requests).toHaveLength(2);
    expect(tokens).toEqual([]);
  });

  it("a 500 is retried, then fails with model_error", async () => {
    const server = await startServer((_req, _index, res) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "upstream exploded", type: "server_error" } }));
    });
    const advisor = createAdvisor({ provider: "openai", openaiBaseUrl: server.baseUrl, offlinePaceMs: 0, timeoutMs: 5_000, maxRetries: 1 });
    await expect(advisor.run(input())).rejects.toMatchObject({ name: "AdvisorError", code: "model_error", attempts: 2 });
    expect(server.requests).toHaveLength(2);
  });

  it("a 400 is not retried", async () => {
    const server = await startServer((_req, _index, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "bad request", type: "invalid_request_error" } }));
    });
    const advisor = createAdvisor({ provider: "openai", openaiBaseUrl: server.baseUrl, offlinePaceMs: 0, timeoutMs: 5_000, maxRetries: 2 });
    await expect(advisor.run(input())).rejects.toMatchObject({ code: "model_error" });
    expect(server.requests).toHaveLength(1);
  });

  it("stop while the model is thinking rejects with AbortError", async () => {
    const server = await startServer(() => {
      // Never respond.
    });
    const advisor = createAdvisor({ provider: "openai", openaiBaseUrl: server.baseUrl, offlinePaceMs: 0, timeoutMs: 30_000, maxRetries: 2 });
    const controller = new AbortController();
    const running = advisor.run(input({ signal: controller.signal }));
    await server.requestArrived(1);
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: "AbortError" });
    expect(server.requests).toHaveLength(1);
  });

  it("ollama uses the OpenAI-compatible API under /v1 with its default model", async () => {
    const server = await startServer((_req, _index, res) => {
      sse(res, [chunk("c-3", { role: "assistant", content: "Salam" }), chunk("c-3", { content: "!" }), chunk("c-3", {}, "stop")]);
    });
    const advisor = createAdvisor({ provider: "ollama", ollamaBaseUrl: server.baseUrl.replace(/\/v1$/, ""), offlinePaceMs: 0 });
    expect(advisor.model).toBe("llama3.1");
    const tokens: string[] = [];
    const result = await advisor.run(input({ tokens, language: "az", history: [{ role: "user", content: "Pambığı nə vaxt səpim?" }] }));
    expect(result.text).toBe("Salam!");
    expect(tokens.join("")).toBe("Salam!");
    expect(server.requests[0]?.model).toBe("llama3.1");
    expect(String(server.requests[0]?.messages[0]?.content)).toContain("Answer in Azerbaijani");
  });
});
