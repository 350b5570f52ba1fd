import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transaction } from "../../server/db/client.js";
import { devLogin, once, readySocket, startTestApp, type ClientSocket, type TestApp } from "../helpers/app.js";
import { until } from "../helpers/until.js";

/** The value of one sample in Prometheus text (`name{labels} value`), 0 when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3]);
  }
  return 0;
}

describe("metrics (METRICS_PORT)", () => {
  let t: TestApp;
  const sockets: ClientSocket[] = [];
  let metricsUrl: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_PORT: "0" }, oidc: false });
    metricsUrl = `http://127.0.0.1:${t.app.metricsPort}/metrics`;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it("serves Prometheus text whose counters move with a chat round trip, without user identifiers", async () => {
    const before = await (await fetch(metricsUrl)).text();
    expect(sample(before, "yonca_chat_sends_total")).toBe(0);

    const cookie = await devLogin(t.url, "metrics.farmer@example.az");
    const { socket, ready } = await readySocket(t.url, cookie);
    sockets.push(socket);
    let runId = "";
    let tokens = 0;
    socket.on("chat:token", (p) => {
      if (p.runId === runId) tokens += 1;
    });
    const done = once(socket, "chat:done", (p) => p.runId === runId, 30_000);
    const ack = await socket.emitWithAck("chat:send", {
      conversationId: ready.conversation.id,
      text: "Pambıq üçün suvarma nə vaxt lazımdır?",
      clientMessageId: randomUUID(),
    });
    if (ack.status !== "OK") throw new Error("send failed");
    runId = ack.data.runId;
    expect((await done).message.status).toBe("complete");
    const refused = await socket.emitWithAck("chat:send", { conversationId: ready.conversation.id, text: "", clientMessageId: randomUUID() });
    expect(refused.status).toBe("ERROR");

    // The connect and send paths run no transaction of their own now: one through the app's transaction() is timed.
    await transaction(t.app.database.sql, (tx) => tx`select 1`);
    const res = await fetch(metricsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(sample(text, "yonca_socket_connects_total", { outcome: "accepted" })).toBe(1);
    expect(sample(text, "yonca_session_ready_seconds_count", { outcome: "ready" })).toBe(1);
    expect(sample(text, "yonca_sockets_active")).toBe(1);
    expect(sample(text, "yonca_plugin_chat_start_seconds_count", { outcome: "ok" })).toBe(1);
    expect(sample(text, "yonca_chat_sends_total")).toBe(2);
    expect(sample(text, "yonca_chat_send_ack_seconds_count", { status: "OK" })).toBe(1);
    expect(sample(text, "yonca_chat_send_ack_seconds_count", { status: "bad_request" })).toBe(1);
    expect(sample(text, "yonca_reply_first_token_seconds_count", { provider: "offline" })).toBe(1);
    expect(tokens).toBeGreaterThan(0);
    expect(sample(text, "yonca_reply_tokens_total", { provider: "offline" })).toBeGreaterThanOrEqual(tokens);
    expect(sample(text, "yonca_reply_duration_seconds_count", { provider: "offline", outcome: "complete" })).toBe(1);
    expect(sample(text, "yonca_db_pool_wait_seconds_count", { kind: "transaction" })).toBeGreaterThan(0);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \S+$/m);

    for (const identifier of ["metrics.farmer", ready.user.id, ready.conversation.id, ready.persona.id, runId]) {
      expect(text).not.toContain(identifier);
    }

    socket.close();
    // The server counts the socket out a moment after the client closes it.
    await until(async () => sample(await (await fetch(metricsUrl)).text(), "yonca_sockets_active") === 0, { what: "yonca_sockets_active to be 0" });
  });

  it("listens on 127.0.0.1 by default, apart from the app's port", async () => {
    expect(t.config.metrics).toEqual({ port: 0, host: "127.0.0.1" });
    expect(t.logs.some((l) => l.includes('"msg":"metrics listening"') && l.includes('"host":"127.0.0.1"'))).toBe(true);
    await expectNoMetricsAt(`${t.url}/metrics`);
    const other = await fetch(`http://127.0.0.1:${t.app.metricsPort}/elsewhere`);
    expect(other.status).toBe(404);
    expect((await other.json()).error.code).toBe("not_found");
  });
});

describe("metrics without METRICS_PORT", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ oidc: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("opens no metrics listener and serves none on the app's port", async () => {
    expect(t.config.metrics).toBeUndefined();
    expect(t.app.metricsPort).toBeUndefined();
    expect(t.logs.some((l) => l.includes('"msg":"metrics listening"'))).toBe(false);
    await expectNoMetricsAt(`${t.url}/metrics`);
  });
});

/** The app's own port never serves the Prometheus text (it answers 404, or the web app's page when web/dist is built). */
async function expectNoMetricsAt(url: string) {
  const res = await fetch(url);
  const body = await res.text();
  expect(res.headers.get("content-type") ?? "").not.toMatch(/version=0\.0\.4|openmetrics/);
  expect(body).not.toMatch(/^# (HELP|TYPE) /m);
  expect(body).not.toContain("yonca_");
}
