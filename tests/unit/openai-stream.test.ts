/**
 * The lean OpenAI-compatible stream reader (server/agent/providers/openai-stream.ts) against a local
 * server speaking server-sent events: every chunk in order however the bytes are cut, CRLF line ends,
 * an error event inside a 200 stream, HTTP errors with their status, and the models it leaves to LangChain.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { HumanMessage } from "@langchain/core/messages";
import { ChatOpenAI } from "@langchain/openai";
import { AzureChatOpenAI } from "@langchain/openai";
import { afterEach, describe, expect, it } from "vitest";
import { openAiStream, StreamedModelError, type ModelPiece } from "../../server/agent/providers/openai-stream.js";

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** Serves `body` as an event stream, written in pieces of `cut` bytes (one write each), or answers `status`. */
async function serve(body: string, opts: { cut?: number; status?: number } = {}): Promise<string> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", async () => {
      if (opts.status) {
        res.writeHead(opts.status, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "nope" } }));
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      const bytes = Buffer.from(body, "utf8");
      const cut = opts.cut ?? bytes.length;
      for (let i = 0; i < bytes.length; i += cut) {
        res.write(bytes.subarray(i, i + cut));
        await new Promise((r) => setImmediate(r));
      }
      res.end();
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: "c1", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

function model(baseURL: string) {
  return new ChatOpenAI({ model: "m", apiKey: "k", configuration: { baseURL }, streaming: true, maxRetries: 0, useResponsesApi: false });
}

async function read(baseURL: string): Promise<ModelPiece[]> {
  const pieces: ModelPiece[] = [];
  const reading = openAiStream(model(baseURL), [new HumanMessage("Salam")], {}, (p) => pieces.push(p));
  expect(reading).toBeDefined();
  await reading;
  return pieces;
}

describe("the lean OpenAI stream reader", () => {
  const words = ["Pambıq ", "üçün ", "suvarma ", "🌱 ", "vaxtı."];
  const body =
    chunk({ role: "assistant", content: "" }) +
    words.map((w) => chunk({ content: w })).join("") +
    chunk({}, "stop") +
    `data: ${JSON.stringify({ id: "c1", choices: [], usage: { prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 } })}\n\n` +
    "data: [DONE]\n\n";

  it("hands every chunk in order, with the finish reason and usage, whatever the byte cuts (multi-byte letters split)", async () => {
    for (const cut of [undefined, 1, 3, 17]) {
      const pieces = await read(await serve(body, { cut }));
      expect(pieces.map((p) => p.text).join("")).toBe(words.join(""));
      expect(pieces.find((p) => p.finishReason)?.finishReason).toBe("stop");
      expect(pieces.at(-1)?.usage).toEqual({ input_tokens: 7, output_tokens: 5, total_tokens: 12 });
    }
  });

  it("reads CRLF line ends and tool call chunks", async () => {
    const crlf =
      chunk({ tool_calls: [{ index: 0, id: "t1", function: { name: "crop_calendar", arguments: '{"crop":' } }] }).replace(/\n/g, "\r\n") +
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"Pambıq"}' } }] }).replace(/\n/g, "\r\n") +
      chunk({}, "tool_calls").replace(/\n/g, "\r\n");
    const pieces = await read(await serve(crlf, { cut: 5 }));
    const calls = pieces.flatMap((p) => p.toolCallChunks ?? []);
    expect(calls.map((c) => c.args).join("")).toBe('{"crop":"Pambıq"}');
    expect(calls[0]).toMatchObject({ id: "t1", name: "crop_calendar", index: 0 });
    expect(pieces.at(-1)?.finishReason).toBe("tool_calls");
  });

  it("an error event inside the stream fails the call; text before it was handed on", async () => {
    const pieces: ModelPiece[] = [];
    const url = await serve(chunk({ content: "Bir " }) + `data: ${JSON.stringify({ error: { message: "overloaded" } })}\n\n`);
    await expect(openAiStream(model(url), [new HumanMessage("x")], {}, (p) => pieces.push(p))).rejects.toThrow(StreamedModelError);
    expect(pieces.map((p) => p.text).join("")).toBe("Bir ");
  });

  it("an HTTP error keeps its status (the graph retries 5xx, not 4xx)", async () => {
    for (const status of [400, 503]) {
      const url = await serve("", { status });
      await expect(openAiStream(model(url), [new HumanMessage("x")], {}, () => {})).rejects.toMatchObject({ status });
    }
  });

  it("sends the SDK's request (path, key, JSON body) and reads a compressed body", async () => {
    let seen: { url?: string; auth?: string; type?: string; body?: { model: string; stream: boolean; messages: { content: string }[] } } = {};
    const server = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", () => {
        seen = { url: req.url, auth: req.headers.authorization, type: req.headers["content-type"], body: JSON.parse(raw) };
        res.writeHead(200, { "content-type": "text/event-stream", "content-encoding": "gzip" });
        res.end(zlib.gzipSync(body));
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const pieces = await read(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);
    expect(pieces.map((p) => p.text).join("")).toBe(words.join(""));
    expect(seen).toMatchObject({ url: "/v1/chat/completions", auth: "Bearer k", type: "application/json", body: { model: "m", stream: true } });
    expect(seen.body?.messages[0]?.content).toBe("Salam");
  });

  it("a connection cut before the stream's end fails the call (never a short answer)", async () => {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(chunk({ content: "Bir " }), () => setImmediate(() => res.socket?.destroy()));
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const pieces: ModelPiece[] = [];
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    await expect(openAiStream(model(url), [new HumanMessage("x")], {}, (p) => pieces.push(p))).rejects.toThrow(StreamedModelError);
    expect(pieces.map((p) => p.text).join("")).toBe("Bir ");
  });

  it("an abort mid-stream rejects with the signal's reason and lets go of the connection", async () => {
    let closed!: () => void;
    const serverSawClose = new Promise<void>((r) => (closed = r));
    const server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(chunk({ content: "Bir " }));
        res.on("close", closed);
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const controller = new AbortController();
    const reason = new Error("stopped by the farmer");
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    const reading = openAiStream(model(url), [new HumanMessage("x")], { signal: controller.signal }, () => controller.abort(reason));
    await expect(reading).rejects.toBe(reason);
    await serverSawClose;
  });

  it("leaves other models to LangChain's path", () => {
    const azure = new AzureChatOpenAI({ model: "m", azureOpenAIApiKey: "k", azureOpenAIApiInstanceName: "i", azureOpenAIApiDeploymentName: "d", azureOpenAIApiVersion: "2024-10-21" });
    expect(openAiStream(azure, [new HumanMessage("x")], {}, () => {})).toBeUndefined();
    expect(openAiStream({}, [new HumanMessage("x")], {}, () => {})).toBeUndefined();
  });
});
