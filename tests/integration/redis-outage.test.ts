import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StartupError } from "../../server/main.js";
import { devLogin, once, readySocket, type ClientSocket, startTestApp, type TestApp } from "../helpers/app.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { freePort } from "../helpers/ports.js";
import { until } from "../helpers/until.js";

/**
 * A Redis of this test's own (Debian's redis-server, as .ci/run installs it), so it can be killed and
 * restarted without touching the machine's Redis that other tests use.
 */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 15_000);
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", () => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited:\n${output}`));
    });
  });
  return child;
}


describe("a Redis outage under SOCKET_ADAPTER=redis", () => {
  let redisPort: number;
  let redis: ChildProcess | undefined;
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    db = await createTestDatabase();
    const env = {
      SOCKET_ADAPTER: "redis",
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      SESSION_SECRET: "redis-outage-secret-long-enough-to-sign",
      OFFLINE_PACE_MS: "5",
      LOG_LEVEL: "info",
    };
    a = await startTestApp({ db, env, oidc: false });
    b = await startTestApp({ db, env, oidc: false });
  }, 60_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await a?.close();
    await b?.close();
    redis?.kill("SIGKILL");
    await db?.drop();
  });

  it("keeps serving this instance's sockets while Redis is down, logs it, and crosses instances again once it is back", async () => {
    redis!.kill("SIGKILL");
    await new Promise((r) => redis!.once("exit", r));
    await until(() => a.logs.some((l) => l.includes("Redis unreachable; reconnecting")), { timeout: 20_000, what: "the outage to be logged" });
    const errorLine = a.logs.find((l) => l.includes("Redis unreachable; reconnecting"))!;
    expect(JSON.parse(errorLine).level).toBe(50);

    // during the outage: connect, ask and get the whole reply on A (the per-user socket count cannot reach B: A alone counts)
    const cookie = await devLogin(a.url, "outage.farmer@example.az");
    const onA = await readySocket(a.url, cookie);
    sockets.push(onA.socket);
    const conversationId = onA.ready.conversation.id;
    let runId = "";
    const tokens: number[] = [];
    onA.socket.on("chat:token", (p) => {
      if (p.runId === runId) tokens.push(p.seq);
    });
    const done = once(onA.socket, "chat:done", (p) => p.runId === runId, 30_000);
    const ack = await onA.socket.emitWithAck("chat:send", { conversationId, text: "Salam", clientMessageId: randomUUID() });
    if (ack.status !== "OK") throw new Error("send failed");
    runId = ack.data.runId;
    const reply = (await done).message;
    expect(reply.status).toBe("complete");
    expect(tokens).toEqual(tokens.map((_, i) => i + 1));
    expect((await fetch(`${b.url}/healthz`)).status).toBe(200);

    // Redis comes back on the same address: both instances reconnect by themselves
    redis = await startRedis(redisPort);
    await until(() => a.logs.some((l) => l.includes("Redis reachable again")), { timeout: 20_000, what: "A to reconnect" });
    await until(() => b.logs.some((l) => l.includes("Redis reachable again")), { timeout: 20_000, what: "B to reconnect" });
    const onB = await readySocket(b.url, cookie, { conversationId });
    sockets.push(onB.socket);
    expect(onB.ready.messages.map((m) => m.id)).toContain(reply.id);
    const crossed = once(onB.socket, "chat:done", () => true, 30_000);
    const second = await onA.socket.emitWithAck("chat:send", { conversationId, text: "Suvarma nə vaxt?", clientMessageId: randomUUID() });
    if (second.status !== "OK") throw new Error("send failed");
    expect((await crossed).runId).toBe(second.data.runId);
  }, 90_000);

  it("a stalled Redis holds no delivery up: A's own tab gets the whole reply in order at once, B's tab gets it in order when Redis runs again", async () => {
    const cookie = await devLogin(a.url, "stalled.farmer@example.az");
    const onA = await readySocket(a.url, cookie);
    const conversationId = onA.ready.conversation.id;
    const onB = await readySocket(b.url, cookie, { conversationId });
    sockets.push(onA.socket, onB.socket);
    let runId = "";
    const seen = { a: [] as number[], b: [] as number[] };
    onA.socket.on("chat:token", (p) => p.runId === runId && seen.a.push(p.seq));
    onB.socket.on("chat:token", (p) => p.runId === runId && seen.b.push(p.seq));
    const doneOnA = once(onA.socket, "chat:done", (p) => p.runId === runId, 30_000);
    const doneOnB = once(onB.socket, "chat:done", (p) => p.runId === runId, 60_000);

    // Redis stops answering but keeps its connections (a hung server, not a closed one): publishes wait.
    redis!.kill("SIGSTOP");
    try {
      const ack = await onA.socket.emitWithAck("chat:send", { conversationId, text: "Pambıq üçün suvarma normaları?", clientMessageId: randomUUID() });
      if (ack.status !== "OK") throw new Error("send failed");
      runId = ack.data.runId;
      const reply = (await doneOnA).message;
      expect(reply.status).toBe("complete");
      expect(seen.a.length).toBeGreaterThan(1);
      expect(seen.a).toEqual(seen.a.map((_, i) => i + 1));
      expect(seen.b).toEqual([]); // nothing crossed while Redis was stalled
    } finally {
      redis!.kill("SIGCONT");
    }
    const crossed = (await doneOnB).message;
    expect(crossed.status).toBe("complete");
    expect(seen.b).toEqual(seen.a);
  }, 90_000);

  it("refuses to start, naming REDIS_URL without its password, when Redis does not answer", async () => {
    const port = await freePort();
    const failure = await startTestApp({
      db,
      oidc: false,
      env: { SOCKET_ADAPTER: "redis", REDIS_URL: `redis://yonca:hunter2@127.0.0.1:${port}` },
    }).then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(StartupError);
    expect((failure as Error).message).toMatch(new RegExp(`^REDIS_URL: Redis at redis://127\\.0\\.0\\.1:${port}/? did not answer within 5 s$`));
    expect((failure as Error).message).not.toContain("hunter2");
  }, 30_000);
});
