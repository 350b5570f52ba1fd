import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage } from "../../server/chat/events.js";
import {
  devLogin, once, signInFarmer, socketFor, startTestApp, type ClientSocket, type TestApp,
} from "../helpers/app.js";

let t: TestApp;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  // A measured pace, so that "mid-reply" is a real moment; the default rate limit.
  t = await startTestApp({ env: { OFFLINE_PACE_MS: "25", CHAT_RATE_LIMIT_PER_MIN: "20" } });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
});

const farmer = (email: string) => signInFarmer(t, email, sockets);

function ask(socket: ClientSocket, conversationId: string, text: string, clientMessageId = randomUUID()) {
  return socket.emitWithAck("chat:send", { conversationId, text, clientMessageId });
}

/** Collects a run's tokens on a socket until its chat:done. */
function collectRun(socket: ClientSocket, runId?: string) {
  const tokens: { seq: number; delta: string }[] = [];
  const onToken = (p: { runId: string; seq: number; delta: string }) => {
    if (!runId || p.runId === runId) tokens.push({ seq: p.seq, delta: p.delta });
  };
  socket.on("chat:token", onToken);
  const done = once(socket, "chat:done", (p) => !runId || p.runId === runId, 30_000).finally(() => socket.off("chat:token", onToken));
  return { tokens, done, setRunId: (id: string) => (runId = id) };
}

describe("connecting", () => {
  it("sends session:ready with the stored persona, the same in two tabs, and what SQL changed on the next connect", async () => {
    const f = await farmer("ready@example.az");
    const [a, b] = await Promise.all([f.tab(), f.tab()]);
    const [row] = await t.app.database.sql`SELECT alem_persona_id, fin_code, region FROM alem_personas WHERE email = 'ready@example.az'`;
    expect(a.ready.persona.id).toBe(row!.alem_persona_id);
    expect(a.ready.persona.finCode).toBe(row!.fin_code);
    expect(b.ready.persona).toMatchObject({ id: a.ready.persona.id, finCode: a.ready.persona.finCode, region: row!.region });
    expect(a.ready.conversation.id).toBe(b.ready.conversation.id);
    expect(a.ready.user.email).toBe("ready@example.az");
    for (const time of [a.ready.persona.createdAt, a.ready.persona.updatedAt, a.ready.persona.lastLoginAt]) {
      expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    expect(a.ready.panels).toEqual([{ kind: "persona", data: { persona: a.ready.persona } }, { kind: "weather", data: {} }, { kind: "journal", data: { entries: [] } }]);
    await t.app.database.sql`UPDATE alem_personas SET region = 'Quba', crop_type = 'Alma' WHERE email = 'ready@example.az'`;
    const c = await f.tab();
    expect(c.ready.persona).toMatchObject({ region: "Quba", cropType: "Alma" });
  });

  it("says persona_unavailable when the persona cannot be saved, shows no unsaved persona, and recovers on retry", async () => {
    await t.app.database.sql`ALTER TABLE alem_personas ADD CONSTRAINT refuse_everything CHECK (false) NOT VALID`;
    try {
      const cookie = await devLogin(t.url, "unsaved@example.az");
      const socket = socketFor(t.url, cookie, { autoConnect: false });
      sockets.push(socket);
      let readyEarly = false;
      socket.on("session:ready", () => (readyEarly = true));
      const error = once(socket, "session:error");
      socket.connect();
      expect(await error).toMatchObject({ code: "persona_unavailable", retryable: true });
      expect(readyEarly).toBe(false);
      const refused = await ask(socket, randomUUID(), "salam");
      expect(refused).toMatchObject({ status: "ERROR", error: { code: "unavailable" } });
      socket.off("session:ready");
      await t.app.database.sql`ALTER TABLE alem_personas DROP CONSTRAINT refuse_everything`;
      const ready = once(socket, "session:ready");
      await socket.emitWithAck("session:retry", {});
      const persona = (await ready).persona;
      const [row] = await t.app.database.sql`SELECT alem_persona_id FROM alem_personas WHERE email = 'unsaved@example.az'`;
      expect(persona.id).toBe(row!.alem_persona_id);
    } finally {
      await t.app.database.sql`ALTER TABLE alem_personas DROP CONSTRAINT IF EXISTS refuse_everything`;
    }
  });

  it("reopens a conversation named in auth, and refuses to open another farmer's", async () => {
    const f = await farmer("reopen@example.az");
    const first = await f.tab();
    const created = await first.socket.emitWithAck("conversation:new", {});
    expect(created.status).toBe("OK");
    const newId = created.status === "OK" ? created.data.conversation.id : "";
    const again = await f.tab({ conversationId: first.ready.conversation.id });
    expect(again.ready.conversation.id).toBe(first.ready.conversation.id);
    const latest = await f.tab();
    expect(latest.ready.conversation.id).toBe(newId);
    const other = await (await farmer("someone.else@example.az")).tab({ conversationId: newId });
    expect(other.ready.conversation.id).not.toBe(newId);
    const open = await other.socket.emitWithAck("conversation:open", { conversationId: newId });
    expect(open).toMatchObject({ status: "ERROR", error: { code: "not_found" } });
  });
});

describe("asking and streaming", () => {
  it("streams tokens in seq order to every tab; chat:done's stored text is the tokens joined", async () => {
    const f = await farmer("stream@example.az");
    const [a, b] = await Promise.all([f.tab(), f.tab()]);
    const conversationId = a.ready.conversation.id;
    const runA = collectRun(a.socket);
    const runB = collectRun(b.socket);
    const [ackA, questionOnB] = await Promise.all([
      ask(a.socket, conversationId, "Pambıq üçün suvarma nə vaxt lazımdır?"),
      once(b.socket, "chat:message", (p) => p.message.role === "user"),
    ]);
    expect(ackA.status).toBe("OK");
    if (ackA.status !== "OK") return;
    expect(questionOnB.message).toMatchObject({ id: ackA.data.messageId, content: "Pambıq üçün suvarma nə vaxt lazımdır?", role: "user" });
    const [doneA, doneB] = await Promise.all([runA.done, runB.done]);
    expect(doneA.runId).toBe(ackA.data.runId);
    expect(runA.tokens.map((x) => x.seq)).toEqual(runA.tokens.map((_, i) => i + 1));
    expect(runA.tokens.length).toBeGreaterThan(3);
    expect(doneA.message.content).toBe(runA.tokens.map((x) => x.delta).join(""));
    expect(doneA.message).toMatchObject({ status: "complete", role: "assistant", seq: runA.tokens.length });
    expect(doneA.message.usedPersonaFields.length).toBeGreaterThan(0);
    expect(runB.tokens).toEqual(runA.tokens);
    expect(doneB).toEqual(doneA);
    const [stored] = await t.app.database.sql`SELECT content, status FROM messages WHERE run_id = ${ackA.data.runId}`;
    expect(stored).toEqual({ content: doneA.message.content, status: "complete" });
    const [run] = await t.app.database.sql`SELECT status, trace_id, first_token_ms, total_ms FROM agent_runs WHERE id = ${ackA.data.runId}`;
    expect(run).toMatchObject({ status: "complete" });
    expect(run!.trace_id).toMatch(/^[0-9a-f]{32}$/);
    // The stored times are the ones the run measured and logged as it finished.
    const finished = t.logs
      .filter((l) => l.includes('"msg":"reply finished"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.runId === ackA.data.runId);
    expect(finished).toMatchObject({ status: "complete", tokens: runA.tokens.length });
    expect(run).toMatchObject({ first_token_ms: finished!.firstTokenMs, total_ms: finished!.totalMs });
    expect(run!.first_token_ms).toBeLessThanOrEqual(run!.total_ms);
  });

  it("finishes and stores a reply whose browser went away", async () => {
    const f = await farmer("gone@example.az");
    const a = await f.tab();
    const firstToken = once(a.socket, "chat:token");
    const ack = await ask(a.socket, a.ready.conversation.id, "Buğda nə vaxt səpilir?");
    if (ack.status !== "OK") throw new Error("send failed");
    await firstToken;
    a.socket.disconnect();
    const watcher = await f.tab();
    const done = await once(watcher.socket, "chat:done", (p) => p.runId === ack.data.runId, 30_000);
    expect(done.message.status).toBe("complete");
    const [stored] = await t.app.database.sql`SELECT status, content FROM messages WHERE run_id = ${ack.data.runId}`;
    expect(stored).toMatchObject({ status: "complete", content: done.message.content });
  });

  it("gives a page reloaded mid-reply the partial text and then the rest: no gap, no repeat", async () => {
    const f = await farmer("reload@example.az");
    const a = await f.tab();
    const conversationId = a.ready.conversation.id;
    const full = collectRun(a.socket);
    const third = once(a.socket, "chat:token", (p) => p.seq >= 3);
    const ack = await ask(a.socket, conversationId, "Gübrə planı lazımdır");
    if (ack.status !== "OK") throw new Error("send failed");
    await third;
    a.socket.disconnect(); // the reload
    const reloaded = socketFor(t.url, f.cookie, { conversationId, autoConnect: false });
    sockets.push(reloaded);
    const after = collectRun(reloaded, ack.data.runId);
    const ready = once(reloaded, "session:ready");
    reloaded.connect();
    const partial = (await ready).messages.find((m: ChatMessage) => m.runId === ack.data.runId)!;
    expect(partial).toMatchObject({ status: "streaming", runId: ack.data.runId, role: "assistant" });
    expect(partial.seq).toBeGreaterThanOrEqual(3);
    const done = await after.done;
    const rest = after.tokens.filter((x) => x.seq > partial.seq);
    expect(after.tokens.every((x) => x.seq > partial.seq)).toBe(true); // no repeat
    expect(rest.map((x) => x.seq)).toEqual(rest.map((_, i) => partial.seq + i + 1)); // no gap
    expect(partial.content + rest.map((x) => x.delta).join("")).toBe(done.message.content);
    void full;
  });

  it("stops a reply on chat:stop and keeps the partial text as stopped", async () => {
    const f = await farmer("stop@example.az");
    const a = await f.tab();
    const run = collectRun(a.socket);
    const second = once(a.socket, "chat:token", (p) => p.seq >= 2);
    const ack = await ask(a.socket, a.ready.conversation.id, "İqlim necədir?");
    if (ack.status !== "OK") throw new Error("send failed");
    await second;
    const stop = await a.socket.emitWithAck("chat:stop", { runId: ack.data.runId });
    expect(stop).toEqual({ status: "OK", data: { runId: ack.data.runId } });
    const done = await run.done;
    expect(done.message.status).toBe("stopped");
    expect(done.message.content.length).toBeGreaterThan(0);
    expect(done.message.content).toBe(run.tokens.map((x) => x.delta).join(""));
    const [stored] = await t.app.database.sql`SELECT m.status, m.content, r.status AS run_status FROM messages m
                                              JOIN agent_runs r ON r.id = m.run_id WHERE m.run_id = ${ack.data.runId}`;
    expect(stored).toEqual({ status: "stopped", content: done.message.content, run_status: "stopped" });
  });
});

describe("refusals", () => {
  it("stores a resent clientMessageId once", async () => {
    const f = await farmer("resend@example.az");
    const a = await f.tab();
    const id = randomUUID();
    const done = collectRun(a.socket).done;
    const first = await ask(a.socket, a.ready.conversation.id, "Salam", id);
    await done;
    const again = await ask(a.socket, a.ready.conversation.id, "Salam", id);
    expect(again).toEqual(first);
    const rows = await t.app.database.sql`SELECT 1 FROM messages WHERE client_message_id = ${id}`;
    expect(rows).toHaveLength(1);
  });

  it("refuses a message over CHAT_MAX_MESSAGE_CHARS with too_long, storing nothing", async () => {
    const f = await farmer("long@example.az");
    const a = await f.tab();
    const res = await ask(a.socket, a.ready.conversation.id, "ə".repeat(4001));
    expect(res).toMatchObject({ status: "ERROR", error: { code: "too_long" } });
    const rows = await t.app.database.sql`SELECT 1 FROM messages WHERE conversation_id = ${a.ready.conversation.id}`;
    expect(rows).toHaveLength(0);
  });

  it("answers busy while a reply streams in the conversation, from any tab", async () => {
    const f = await farmer("busy@example.az");
    const [a, b] = await Promise.all([f.tab(), f.tab()]);
    const done = collectRun(a.socket).done;
    const first = await ask(a.socket, a.ready.conversation.id, "Suvarma?");
    expect(first.status).toBe("OK");
    const second = await ask(b.socket, a.ready.conversation.id, "Və gübrə?");
    expect(second).toMatchObject({ status: "ERROR", error: { code: "busy" } });
    await done;
    const after = await ask(b.socket, a.ready.conversation.id, "Və gübrə?");
    expect(after.status).toBe("OK");
    await collectRun(b.socket).done;
  });

  it("answers not_found for another farmer's conversation", async () => {
    const owner = await (await farmer("owner@example.az")).tab();
    const intruder = await (await farmer("intruder@example.az")).tab();
    const res = await ask(intruder.socket, owner.ready.conversation.id, "salam");
    expect(res).toMatchObject({ status: "ERROR", error: { code: "not_found" } });
    const stop = await intruder.socket.emitWithAck("chat:stop", { runId: randomUUID() });
    expect(stop).toMatchObject({ status: "ERROR", error: { code: "not_found" } });
  });

  it("answers rate_limited beyond CHAT_RATE_LIMIT_PER_MIN across tabs, with no model call", async () => {
    const f = await farmer("limit@example.az");
    const [a, b] = await Promise.all([f.tab(), f.tab()]);
    // 20 questions in 20 conversations (so none is busy), alternating tabs
    const results = [];
    for (let i = 0; i < 21; i++) {
      const tab = i % 2 === 0 ? a : b;
      const conv = await tab.socket.emitWithAck("conversation:new", {});
      if (conv.status !== "OK") throw new Error("conversation:new failed");
      results.push(await ask(tab.socket, conv.data.conversation.id, `sual ${i}`));
    }
    expect(results.slice(0, 20).every((r) => r.status === "OK")).toBe(true);
    expect(results[20]).toMatchObject({ status: "ERROR", error: { code: "rate_limited" } });
    const [{ runs }] = (await t.app.database.sql`
      SELECT count(*)::int AS runs FROM agent_runs r JOIN conversations c ON c.id = r.conversation_id
       JOIN users u ON u.id = c.user_id WHERE u.email = 'limit@example.az'`) as unknown as [{ runs: number }];
    expect(runs).toBe(20);
  });
});

describe("the rate limit under concurrent sends", () => {
  it("accepts exactly CHAT_RATE_LIMIT_PER_MIN of 26 questions sent at once from two tabs, in 26 conversations", async () => {
    const f = await farmer("limit.burst@example.az");
    const [a, b] = await Promise.all([f.tab(), f.tab()]);
    // 26 empty conversations of this farmer (conversation:new would reuse the empty one).
    const rows = (await t.app.database.sql`
      INSERT INTO conversations (user_id) SELECT u.id FROM users u, generate_series(1, 26) WHERE u.email = 'limit.burst@example.az'
      RETURNING id`) as unknown as { id: string }[];
    expect(rows).toHaveLength(26);
    const results = await Promise.all(rows.map((row, i) => ask(i % 2 === 0 ? a.socket : b.socket, row.id, `sual ${i}`)));
    const codes = results.map((r) => (r.status === "OK" ? "OK" : r.error.code)).sort();
    expect(codes.filter((c) => c === "OK")).toHaveLength(20);
    expect(codes.filter((c) => c === "rate_limited")).toHaveLength(6);
    const [{ questions }] = (await t.app.database.sql`
      SELECT count(*)::int AS questions FROM messages m JOIN conversations c ON c.id = m.conversation_id
       JOIN users u ON u.id = c.user_id WHERE u.email = 'limit.burst@example.az' AND m.role = 'user'`) as unknown as [{ questions: number }];
    expect(questions).toBe(20);
  });
});

describe("malformed payloads", () => {
  it("answers bad_request or ignores them, and the socket and the process stay usable", async () => {
    const f = await farmer("fuzz@example.az");
    const a = await f.tab();
    const conversationId = a.ready.conversation.id;
    const bad: unknown[] = [
      undefined, null, 42, "text", [], [conversationId, "hi"], {},
      { conversationId }, { conversationId, text: 5, clientMessageId: "x" }, { conversationId: "not-a-uuid", text: "hi", clientMessageId: "x" },
      { conversationId, text: "hi", clientMessageId: "" }, { conversationId, text: "hi", clientMessageId: { $gt: "" } },
      { conversationId, text: "x".repeat(50_000), clientMessageId: "big" }, { conversationId, text: ["hi"], clientMessageId: "arr" },
      { conversationId, text: "   ", clientMessageId: "blank" }, { conversationId, text: "hi", clientMessageId: "x", language: "fr" },
    ];
    for (const payload of bad) {
      const res = await a.socket.timeout(5000).emitWithAck("chat:send", payload as never);
      expect(res.status, JSON.stringify(payload)?.slice(0, 80)).toBe("ERROR");
      if (res.status === "ERROR") expect(["bad_request", "too_long"]).toContain(res.error.code);
    }
    for (const payload of [null, 1, "x", [], { runId: 5 }, { runId: "nope" }]) {
      const res = await a.socket.timeout(5000).emitWithAck("chat:stop", payload as never);
      expect(res).toMatchObject({ status: "ERROR", error: { code: "bad_request" } });
    }
    for (const payload of [null, 5, { conversationId: 1 }]) {
      const res = await a.socket.timeout(5000).emitWithAck("conversation:open", payload as never);
      expect(res).toMatchObject({ status: "ERROR", error: { code: "bad_request" } });
    }
    // no ack, unknown events: ignored
    const raw = a.socket as unknown as { emit(event: string, ...args: unknown[]): void };
    raw.emit("chat:send", { conversationId, text: "no ack", clientMessageId: "noack" });
    raw.emit("does:not:exist", { x: 1 });
    raw.emit("chat:send");
    // still usable
    const ok = await ask(a.socket, conversationId, "İndi işləyir?");
    expect(ok.status).toBe("OK");
    await collectRun(a.socket).done;
    expect(a.socket.connected).toBe(true);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const stored = await t.app.database.sql`SELECT content FROM messages WHERE conversation_id = ${conversationId} AND role = 'user'`;
    expect(stored.map((r) => r.content)).toEqual(["İndi işləyir?"]);
  });
});
