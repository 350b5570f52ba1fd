import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devLogin, once, readySocket, startTestApp, type TestApp } from "../helpers/app.js";

/**
 * A model provider's error text can quote the request (here, as some servers do, the
 * question itself); the app logs a failed reply by the error's kind and HTTP status, never its text.
 */
const MARKER = "secret-question-7f3a";
let t: TestApp;
let model: http.Server;

beforeAll(async () => {
  model = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const last = (JSON.parse(body) as { messages: { content: unknown }[] }).messages.at(-1)?.content;
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `Your message "${String(last)}" was refused`, type: "invalid_request_error" } }));
    });
  });
  await new Promise<void>((resolve) => model.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(model.address() as AddressInfo).port}/v1`;
  t = await startTestApp({ oidc: false, env: { LLM_PROVIDER: "openai", OPENAI_BASE_URL: baseUrl, LLM_MODEL: "stand-in", LOG_LEVEL: "info" } });
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => model?.close(resolve));
});

describe("a failed reply's log line", () => {
  it("names the error's kind and status, and not a word of its text", async () => {
    const { socket, ready } = await readySocket(t.url, await devLogin(t.url, "quoted@example.az"));
    const sent = await socket.emitWithAck("chat:send", { conversationId: ready.conversation.id, text: `Pambıq ${MARKER}?`, clientMessageId: randomUUID() });
    if (sent.status !== "OK") throw new Error(`chat:send ${sent.error.code}`);
    await once(socket, "chat:done", (p) => p.runId === sent.data.runId, 30_000);
    socket.close();
    const failed = t.logs.filter((l) => l.includes('"msg":"reply failed"'));
    expect(failed).toHaveLength(1);
    const line = JSON.parse(failed[0]!) as { err: { status?: number; kind?: string; message?: unknown; stack?: unknown }; code: string };
    expect(line.code).toBe("model_error");
    expect(line.err.status).toBe(400);
    expect(line.err.kind).toMatch(/^AdvisorError/);
    expect(line.err.message).toBeUndefined();
    expect(line.err.stack).toBeUndefined();
    expect(t.logs.filter((l) => l.includes(MARKER))).toEqual([]);
  });
});
