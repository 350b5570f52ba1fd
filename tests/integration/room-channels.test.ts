import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisNamespaceFor } from "../../server/chat/adapter.js";
import { devLogin, once, readySocket, type ClientSocket, startTestApp, type TestApp } from "../helpers/app.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

/**
 * With SOCKET_ADAPTER=redis, a conversation's events (question, tokens, end) travel on a Redis channel of its
 * own, which an instance listens to only while one of its sockets is in the conversation (server/chat/room-channels.ts,
 * RoomChannels): a reply's tokens are not written to the stream that every instance reads. The machine's
 * Redis at REDIS_URL (default 127.0.0.1:6379); the stream and channels are named after this test's database.
 */
describe("a conversation's events under SOCKET_ADAPTER=redis", () => {
  const env = {
    SOCKET_ADAPTER: "redis",
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    SESSION_SECRET: "room-channels-secret-long-enough-to-sign",
    OFFLINE_PACE_MS: "5",
    LOG_LEVEL: "warn",
  };
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let redis: ReturnType<typeof createClient>;
  let stream: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await startTestApp({ db, env, oidc: false });
    b = await startTestApp({ db, env, oidc: false });
    stream = `${await redisNamespaceFor(a.app.database)}:socket.io`;
    redis = createClient({ url: a.config.redisUrl });
    await redis.connect();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await a?.close();
    await b?.close();
    if (redis?.isOpen) {
      await redis.del(stream);
      await redis.close();
    }
    await db?.drop();
  });

  /** How many connections listen to the conversation's channel: one per instance with a socket in it. */
  async function listeners(conversationId: string): Promise<number> {
    const reply = (await redis.sendCommand(["PUBSUB", "NUMSUB", `${stream}#conversation:${conversationId}`])) as [string, number];
    return Number(reply[1]);
  }

  async function ask(socket: ClientSocket, conversationId: string) {
    const tokens: number[] = [];
    socket.on("chat:token", (p) => p.conversationId === conversationId && tokens.push(p.seq));
    const done = once(socket, "chat:done", (p) => p.message.conversationId === conversationId, 30_000);
    const ack = await socket.emitWithAck("chat:send", { conversationId, text: "Buğda üçün gübrə nə vaxt verilir?", clientMessageId: randomUUID() });
    if (ack.status !== "OK") throw new Error(`chat:send ${ack.error.code}`);
    return { runId: ack.data.runId, done: await done, tokens };
  }

  it("a reply with its only tab on A sends its tokens to no other instance, and leaves the stream alone", async () => {
    const cookie = await devLogin(a.url, "one.tab@example.az");
    const onA = await readySocket(a.url, cookie);
    sockets.push(onA.socket);
    const conversationId = onA.ready.conversation.id;
    expect(await listeners(conversationId)).toBe(1);

    const before = await redis.xLen(stream);
    const reply = await ask(onA.socket, conversationId);
    const after = await redis.xLen(stream);

    expect(reply.done.message.status).toBe("complete");
    expect(reply.tokens.length).toBeGreaterThan(5);
    expect(reply.tokens).toEqual(reply.tokens.map((_, i) => i + 1));
    // Through the stream, every frame of the reply, the question and the end were entries every instance read.
    expect(after - before).toBeLessThan(reply.tokens.length);
  });

  it("B listens while a tab of its own is in the conversation: it gets every event in order, then stops listening", async () => {
    const cookie = await devLogin(a.url, "two.instances@example.az");
    const onA = await readySocket(a.url, cookie);
    sockets.push(onA.socket);
    const conversationId = onA.ready.conversation.id;
    // A first reply with nobody on B: A stops publishing the room (it went to no other instance).
    expect((await ask(onA.socket, conversationId)).done.message.status).toBe("complete");
    const onB = await readySocket(b.url, cookie, { conversationId });
    expect(await listeners(conversationId)).toBe(2);

    const question = once(onB.socket, "chat:message", (p) => p.message.role === "user" && p.message.conversationId === conversationId);
    const onBTokens: number[] = [];
    let finishedOnB = false;
    onB.socket.on("chat:token", (p) => {
      expect(finishedOnB).toBe(false); // never a token after its chat:done
      if (p.conversationId === conversationId) onBTokens.push(p.seq);
    });
    const doneOnB = once(onB.socket, "chat:done", (p) => p.message.conversationId === conversationId, 30_000).then((d) => {
      finishedOnB = true;
      return d;
    });
    const reply = await ask(onA.socket, conversationId);
    expect((await question).message.conversationId).toBe(conversationId);
    expect((await doneOnB).message).toEqual(reply.done.message);
    expect(onBTokens).toEqual(reply.tokens);

    // The last tab on B leaves: B's subscription goes with it (A keeps its own).
    onB.socket.close();
    await expect.poll(() => listeners(conversationId), { timeout: 10_000 }).toBe(1);
  });
});
