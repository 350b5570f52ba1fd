import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisNamespaceFor } from "../../server/chat/adapter.js";
import type { ChatMessage } from "../../server/chat/events.js";
import { connectError, devLogin, once, readySocket, socketFor, startTestApp, type ClientSocket, type TestApp } from "../helpers/app.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { freePort } from "../helpers/ports.js";
import { until } from "../helpers/until.js";

/**
 * Two instances on one PostgreSQL, Socket.IO events crossing between them through each adapter: PostgreSQL
 * LISTEN/NOTIFY, and Redis streams (the machine's Redis at REDIS_URL, default 127.0.0.1:6379). Each run's
 * stream is named after its fresh database, so parallel runs on one Redis do not hear each other.
 */
const sockets: ClientSocket[] = [];
afterAll(() => {
  for (const s of sockets) s.close();
});

async function tab(app: TestApp, cookie: string, options: Parameters<typeof readySocket>[2] = {}) {
  const r = await readySocket(app.url, cookie, options);
  sockets.push(r.socket);
  return r;
}

function tokensOf(socket: ClientSocket, runId: () => string | undefined) {
  const tokens: { seq: number; delta: string }[] = [];
  socket.on("chat:token", (p) => {
    if (p.runId === runId()) tokens.push({ seq: p.seq, delta: p.delta });
  });
  return tokens;
}

describe.each(["postgres", "redis"] as const)("two instances through the %s adapter", (adapter) => {
  const shared = {
    SOCKET_ADAPTER: adapter,
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    SESSION_SECRET: "scale-out-secret-long-enough-to-sign-cookies",
    INSTANCE_HEARTBEAT_MS: "300",
    OFFLINE_PACE_MS: "30",
    CHAT_MAX_SOCKETS_PER_USER: "12",
    // every connection here comes from 127.0.0.1: the per-address handshake limit is not under test
    HANDSHAKES_PER_IP_PER_MIN: "100000",
    LOG_LEVEL: "warn",
  };
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let redisStream: string | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await startTestApp({ db, env: shared, oidc: false });
    b = await startTestApp({ db, env: shared, oidc: false });
    if (adapter === "redis") redisStream = `${await redisNamespaceFor(a.app.database)}:socket.io`;
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    if (redisStream) {
      const redis = await createClient({ url: a.config.redisUrl }).connect();
      await redis.del(redisStream);
      await redis.close();
    }
    await db?.drop();
  });

  describe("on one PostgreSQL", () => {
    it("a tab on A and a tab on B of one conversation both get the message, every token and chat:done", async () => {
      const cookie = await devLogin(a.url, "two.tabs@example.az");
      const onA = await tab(a, cookie);
      const onB = await tab(b, cookie, { conversationId: onA.ready.conversation.id });
      expect(onB.ready.conversation.id).toBe(onA.ready.conversation.id);
      expect(onB.ready.persona.id).toBe(onA.ready.persona.id);
      let runId: string | undefined;
      const tokensA = tokensOf(onA.socket, () => runId);
      const tokensB = tokensOf(onB.socket, () => runId);
      const messageOnB = once(onB.socket, "chat:message", (p) => p.message.role === "user");
      const doneA = once(onA.socket, "chat:done", () => true, 30_000);
      const doneB = once(onB.socket, "chat:done", () => true, 30_000);
      const ack = await onA.socket.emitWithAck("chat:send", {
        conversationId: onA.ready.conversation.id,
        text: "Pambıq üçün suvarma nə vaxt lazımdır?",
        clientMessageId: randomUUID(),
      });
      if (ack.status !== "OK") throw new Error("send failed");
      runId = ack.data.runId;
      expect((await messageOnB).message.id).toBe(ack.data.messageId);
      const [dA, dB] = await Promise.all([doneA, doneB]);
      expect(dB).toEqual(dA);
      expect(tokensB.map((x) => x.seq)).toEqual(tokensA.map((x) => x.seq));
      expect(tokensB.map((x) => x.seq)).toEqual(tokensB.map((_, i) => i + 1));
      expect(tokensB.map((x) => x.delta).join("")).toBe(dA.message.content);
      if (redisStream) {
        // the user-room events crossed through this run's own stream (a conversation's go by its own channel:
        // room-channels.test.ts)
        const redis = await createClient({ url: a.config.redisUrl }).connect();
        expect(await redis.xLen(redisStream)).toBeGreaterThan(0);
        await redis.close();
      }
    });

    it("counts CHAT_MAX_SOCKETS_PER_USER over both instances", async () => {
      const cookie = await devLogin(a.url, "capped@example.az");
      const open: ClientSocket[] = [];
      let userId = "";
      for (let i = 0; i < 12; i++) {
        const r = await tab(i % 2 ? a : b, cookie);
        open.push(r.socket);
        userId = r.ready.user.id;
      }
      for (const app of [a, b]) {
        const refused = socketFor(app.url, cookie);
        sockets.push(refused);
        expect((await connectError(refused)).message).toBe("too_many_connections");
      }
      // one tab on A closes: B may open one more
      open[1]!.close();
      await until(async () => (await b.app.chat.io.in(`user:${userId}`).fetchSockets()).length === 11, { what: "B to count eleven sockets" });
      const again = await tab(b, cookie);
      expect(again.ready.user.email).toBe("capped@example.az");
    });

    it("stops from B a reply running on A, and a page reloaded onto B gets A's partial text and the rest", async () => {
      const cookie = await devLogin(a.url, "cross.stop@example.az");
      const onA = await tab(a, cookie);
      const conversationId = onA.ready.conversation.id;
      const third = once(onA.socket, "chat:token", (p) => p.seq >= 3);
      const ack = await onA.socket.emitWithAck("chat:send", { conversationId, text: "Buğda üçün gübrə planı", clientMessageId: randomUUID() });
      if (ack.status !== "OK") throw new Error("send failed");
      await third;
      const reloaded = socketFor(b.url, cookie, { conversationId, autoConnect: false });
      sockets.push(reloaded);
      const after = tokensOf(reloaded, () => ack.data.runId);
      const ready = once(reloaded, "session:ready");
      reloaded.connect();
      const partial = (await ready).messages.find((m: ChatMessage) => m.runId === ack.data.runId)!;
      expect(partial.status).toBe("streaming");
      expect(partial.seq).toBeGreaterThanOrEqual(3);
      expect(partial.content.length).toBeGreaterThan(0);
      const stopped = once(reloaded, "chat:done", (p) => p.runId === ack.data.runId, 30_000);
      const stop = await reloaded.emitWithAck("chat:stop", { runId: ack.data.runId });
      expect(stop.status).toBe("OK");
      const done = await stopped;
      expect(done.message.status).toBe("stopped");
      // what B's tab saw: the snapshot, then every later token (ones it already had are dropped by seq)
      const rest = after.filter((x) => x.seq > partial.seq);
      expect(rest.map((x) => x.seq)).toEqual(rest.map((_, i) => partial.seq + i + 1));
      expect(partial.content + rest.map((x) => x.delta).join("")).toBe(done.message.content);
    });

    it("logout on A disconnects the session's socket on B; a persona edit on B reaches A", async () => {
      const cookie = await devLogin(a.url, "cross.logout@example.az");
      const onA = await tab(a, cookie);
      const onB = await tab(b, cookie);
      const updated = once(onA.socket, "persona:updated");
      const res = await fetch(`${b.url}/api/me/persona`, {
        method: "PATCH",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify({ region: "Göyçay", cropType: "Nar" }),
      });
      expect(res.status).toBe(200);
      expect((await updated).persona).toMatchObject({ region: "Göyçay", cropType: "Nar" });
      const gone = new Promise<string>((resolve) => onB.socket.once("disconnect", (reason) => resolve(reason)));
      expect((await fetch(`${a.url}/auth/logout`, { method: "POST", headers: { cookie } })).status).toBe(204);
      expect(await gone).toBe("io server disconnect");
    });

    it("gives 200 concurrent first connections for 20 new emails, spread over A and B, 20 rows and 0 errors", async () => {
      const emails = Array.from({ length: 20 }, (_, i) => `burst.${i}@example.az`);
      const cookies = await Promise.all(emails.map((e, i) => devLogin(i % 2 ? a.url : b.url, e)));
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, async (_, i) => {
          const app = i % 2 ? a : b;
          const { socket, ready } = await readySocket(app.url, cookies[i % 20]!);
          socket.close();
          return { email: ready.user.email, personaId: ready.persona.id };
        }),
      );
      const failed = results.filter((r) => r.status === "rejected");
      expect(failed).toHaveLength(0);
      const byEmail = new Map<string, Set<string>>();
      for (const r of results) {
        if (r.status !== "fulfilled") continue;
        byEmail.set(r.value.email, (byEmail.get(r.value.email) ?? new Set()).add(r.value.personaId));
      }
      expect(byEmail.size).toBe(20);
      for (const ids of byEmail.values()) expect(ids.size).toBe(1);
      const [{ n }] = (await a.app.database.sql`SELECT count(*)::int AS n FROM alem_personas WHERE email LIKE 'burst.%'`) as unknown as [{ n: number }];
      expect(n).toBe(20);
    }, 60_000);
  });

  describe("an instance killed mid-reply", () => {
    let child: ChildProcess | undefined;
    afterAll(() => {
      child?.kill("SIGKILL");
    });

    it("the client moves to B with every acknowledged message; the lost reply is marked error; asking again works", async () => {
      const port = await freePort();
      const url = `http://localhost:${port}`;
      child = spawn(process.execPath, ["--import", "tsx", "server/cli/start.ts"], {
        cwd: path.resolve(import.meta.dirname, "../.."),
        env: { ...process.env, ...shared, OFFLINE_PACE_MS: "200", PORT: String(port), DATABASE_URL: db.url, DEV_LOGIN: "1", YONCA_SKIP_WEB_BUILD: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout!.on("data", (c) => (output += c));
      child.stderr!.on("data", (c) => (output += c));
      await until(() => {
        if (child!.exitCode !== null) throw new Error(`instance A exited:\n${output}`);
        return output.includes("Stop with Ctrl-C");
      }, { timeout: 60_000, what: "instance A's banner" });

      const cookie = await devLogin(url, "killed@example.az");
      const onA = await readySocket(url, cookie);
      sockets.push(onA.socket);
      const conversationId = onA.ready.conversation.id;
      const first = await onA.socket.emitWithAck("chat:send", { conversationId, text: "Salam", clientMessageId: randomUUID() });
      if (first.status !== "OK") throw new Error("send failed");
      await once(onA.socket, "chat:done", (p) => p.runId === first.data.runId, 60_000);
      const secondToken = once(onA.socket, "chat:token", (p) => p.seq >= 2);
      const second = await onA.socket.emitWithAck("chat:send", { conversationId, text: "Suvarma nə vaxt?", clientMessageId: randomUUID() });
      if (second.status !== "OK") throw new Error("send failed");
      await secondToken;

      child.kill("SIGKILL");
      await new Promise<void>((resolve) => onA.socket.once("disconnect", () => resolve()));

      // the browser reconnects — to B — with the same session cookie; the lost reply is marked `error`
      // once A has missed its heartbeats, either before this connect or by a chat:done that follows it
      const reconnect = socketFor(b.url, cookie, { conversationId, autoConnect: false });
      sockets.push(reconnect);
      const lostDone = once(reconnect, "chat:done", (p) => p.runId === second.data.runId, 15_000);
      const readyOnB = once(reconnect, "session:ready");
      reconnect.connect();
      const onB = { socket: reconnect, ready: await readyOnB };
      let lost = onB.ready.messages.find((m) => m.runId === second.data.runId);
      if (lost?.status === "streaming") lost = (await lostDone).message;
      else lostDone.catch(() => {});
      expect(lost?.status).toBe("error");
      const ids = onB.ready.messages.map((m) => m.id);
      expect(ids).toContain(first.data.messageId);
      expect(ids).toContain(second.data.messageId);
      expect(new Set(ids).size).toBe(ids.length);

      const again = await onB.socket.emitWithAck("chat:send", { conversationId, text: "Suvarma nə vaxt?", clientMessageId: randomUUID() });
      expect(again.status).toBe("OK");
      if (again.status !== "OK") return;
      const done = await once(onB.socket, "chat:done", (p) => p.runId === again.data.runId, 60_000);
      expect(done.message.status).toBe("complete");
      const rows = await b.app.database.sql`SELECT role, status FROM messages WHERE conversation_id = ${conversationId} ORDER BY created_at`;
      expect(rows.map((r) => `${r.role}:${r.status}`)).toEqual([
        "user:complete", "assistant:complete", "user:complete", "assistant:error", "user:complete", "assistant:complete",
      ]);
      const running = await b.app.database.sql`SELECT 1 FROM agent_runs WHERE conversation_id = ${conversationId} AND status = 'running'`;
      expect(running).toHaveLength(0);
    }, 120_000);
  });
});
