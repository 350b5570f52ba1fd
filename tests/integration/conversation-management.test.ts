import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MODELS } from "../../server/agent/configuration.js";
import { once, signInFarmer, startTestApp, type ClientSocket, type TestApp } from "../helpers/app.js";

// Conversations: rename, delete, new (no pile of empty chats), search, regenerate, edit, feedback.
let t: TestApp;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  // A measured pace, so that "mid-reply" is a real moment.
  t = await startTestApp({ env: { OFFLINE_PACE_MS: "20" } });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
});

const farmer = (email: string) => signInFarmer(t, email, sockets);

/** Asks a question and waits for its answer to be stored. */
async function askAndWait(socket: ClientSocket, conversationId: string, text: string) {
  const sent = await socket.emitWithAck("chat:send", { conversationId, text, clientMessageId: randomUUID() });
  if (sent.status !== "OK") throw new Error(`chat:send ${sent.error.code}`);
  const done = await once(socket, "chat:done", (p) => p.runId === sent.data.runId, 30_000);
  return { questionId: sent.data.messageId, answer: done.message };
}

async function count(query: Promise<unknown>): Promise<number> {
  const [row] = (await query) as [{ n: number }];
  return row.n;
}

describe("conversation:new", () => {
  it("returns the latest conversation while it has no messages, and empty conversations are not listed", async () => {
    const f = await farmer("new@example.az");
    const a = await f.tab();
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await a.socket.emitWithAck("conversation:new", {});
      if (res.status !== "OK") throw new Error("conversation:new failed");
      ids.add(res.data.conversation.id);
    }
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    const list = await a.socket.emitWithAck("conversation:list", {});
    expect(list).toMatchObject({ status: "OK", data: { conversations: [] } });
    await askAndWait(a.socket, id!, "Salam");
    const after = await a.socket.emitWithAck("conversation:list", {});
    expect(after.status === "OK" && after.data.conversations.map((c) => c.id)).toEqual([id]);
    const next = await a.socket.emitWithAck("conversation:new", {});
    expect(next.status === "OK" && next.data.conversation.id).not.toBe(id);
  });

  it("cuts a long first question into a title at a word, with an ellipsis", async () => {
    const f = await farmer("title@example.az");
    const a = await f.tab();
    const question = "Pambıq sahəsində suvarma cədvəlini necə qurmalıyam ki, avqustda su çatışmazlığı olmasın və məhsul itməsin";
    const updated = once(a.socket, "conversation:updated");
    await askAndWait(a.socket, a.ready.conversation.id, question);
    const { conversation } = await updated;
    expect(conversation.title.endsWith("…")).toBe(true);
    const head = conversation.title.slice(0, -1);
    expect(question.startsWith(head)).toBe(true);
    expect(question[head.length]).toMatch(/[\s,.;:!?]/);
    expect([...conversation.title].length).toBeLessThanOrEqual(60);
  });
});

describe("conversation:rename", () => {
  it("renames, trims, and every tab of the farmer gets conversation:updated", async () => {
    const f = await farmer("rename@example.az");
    const [a, b] = await Promise.all([f.tab(), f.tab()]);
    const id = a.ready.conversation.id;
    const seen = once(b.socket, "conversation:updated", (p) => p.conversation.id === id);
    const res = await a.socket.emitWithAck("conversation:rename", { conversationId: id, title: "  Buğda planı  " });
    expect(res).toMatchObject({ status: "OK", data: { conversation: { id, title: "Buğda planı" } } });
    expect((await seen).conversation.title).toBe("Buğda planı");
    const [row] = await t.app.database.sql`SELECT title FROM conversations WHERE id = ${id}`;
    expect(row!.title).toBe("Buğda planı");
  });

  it("refuses empty, blank, control-character and over-long titles, and another farmer's conversation", async () => {
    const f = await farmer("rename.bad@example.az");
    const a = await f.tab();
    const id = a.ready.conversation.id;
    await a.socket.emitWithAck("conversation:rename", { conversationId: id, title: "Köhnə" });
    for (const title of ["", "   ", "\t\n", "a\u0000b", "x\u0007", "\u202Eevil", "x".repeat(121)]) {
      const res = await a.socket.emitWithAck("conversation:rename", { conversationId: id, title });
      expect(res, JSON.stringify(title)).toMatchObject({ status: "ERROR", error: { code: "bad_request" } });
    }
    for (const payload of [null, {}, { conversationId: "nope", title: "x" }, { conversationId: id, title: 5 }]) {
      const res = await a.socket.emitWithAck("conversation:rename", payload as never);
      expect(res).toMatchObject({ status: "ERROR", error: { code: "bad_request" } });
    }
    const ok = await a.socket.emitWithAck("conversation:rename", { conversationId: id, title: "x".repeat(120) });
    expect(ok.status).toBe("OK");
    const intruder = await (await farmer("rename.intruder@example.az")).tab();
    const res = await intruder.socket.emitWithAck("conversation:rename", { conversationId: id, title: "Mənimdir" });
    expect(res).toMatchObject({ status: "ERROR", error: { code: "not_found" } });
    const [row] = await t.app.database.sql`SELECT title FROM conversations WHERE id = ${id}`;
    expect(row!.title).toBe("x".repeat(120));
  });
});

describe("conversation:delete", () => {
  it("deletes messages, runs and feedback; every tab gets conversation:deleted; a repeat is not_found", async () => {
    const f = await farmer("delete@example.az");
    const [a, b] = await Promise.all([f.tab(), f.tab()]);
    const id = a.ready.conversation.id;
    const { answer } = await askAndWait(a.socket, id, "Alma üçün gübrə");
    expect((await a.socket.emitWithAck("message:feedback", { messageId: answer.id, rating: "up" })).status).toBe("OK");
    // Another conversation of the same farmer is left alone.
    const other = await a.socket.emitWithAck("conversation:new", {});
    const otherId = other.status === "OK" ? other.data.conversation.id : "";
    await askAndWait(a.socket, otherId, "Nar");
    const seen = once(b.socket, "conversation:deleted", (p) => p.conversationId === id);
    const res = await a.socket.emitWithAck("conversation:delete", { conversationId: id });
    expect(res).toEqual({ status: "OK", data: { conversationId: id } });
    expect(await seen).toEqual({ conversationId: id });
    const sql = t.app.database.sql;
    expect(await count(sql`SELECT count(*)::int AS n FROM messages WHERE conversation_id = ${id}`)).toBe(0);
    expect(await count(sql`SELECT count(*)::int AS n FROM agent_runs WHERE conversation_id = ${id}`)).toBe(0);
    expect(await count(sql`SELECT count(*)::int AS n FROM message_feedback WHERE message_id = ${answer.id}`)).toBe(0);
    expect(await count(sql`SELECT count(*)::int AS n FROM conversations WHERE id = ${id}`)).toBe(0);
    const again = await a.socket.emitWithAck("conversation:delete", { conversationId: id });
    expect(again).toMatchObject({ status: "ERROR", error: { code: "not_found" } });
    expect(await count(sql`SELECT count(*)::int AS n FROM messages WHERE conversation_id = ${otherId}`)).toBe(2);
  });

  it("stops a streaming reply first; nothing of the conversation is left afterwards", async () => {
    const f = await farmer("delete.stream@example.az");
    const [a, b] = await Promise.all([f.tab(), f.tab()]);
    const id = a.ready.conversation.id;
    const firstToken = once(b.socket, "chat:token", (p) => p.conversationId === id);
    const sent = await a.socket.emitWithAck("chat:send", {
      conversationId: id, text: "Pambıq üçün suvarma və gübrə planı, ətraflı", clientMessageId: randomUUID(),
    });
    if (sent.status !== "OK") throw new Error("chat:send failed");
    await firstToken;
    const deleted = once(b.socket, "conversation:deleted");
    const res = await a.socket.emitWithAck("conversation:delete", { conversationId: id });
    expect(res.status).toBe("OK");
    await deleted;
    const sql = t.app.database.sql;
    expect(await count(sql`SELECT count(*)::int AS n FROM messages WHERE conversation_id = ${id}`)).toBe(0);
    expect(await count(sql`SELECT count(*)::int AS n FROM agent_runs WHERE id = ${sent.data.runId}`)).toBe(0);
    expect(t.app.chat.runs.snapshot(sent.data.runId)).toBeUndefined();
  });

  it("refuses another farmer's conversation with not_found and deletes nothing", async () => {
    const owner = await (await farmer("delete.owner@example.az")).tab();
    const id = owner.ready.conversation.id;
    await askAndWait(owner.socket, id, "Salam");
    const intruder = await (await farmer("delete.intruder@example.az")).tab();
    const res = await intruder.socket.emitWithAck("conversation:delete", { conversationId: id });
    expect(res).toMatchObject({ status: "ERROR", error: { code: "not_found" } });
    expect(await count(t.app.database.sql`SELECT count(*)::int AS n FROM messages WHERE conversation_id = ${id}`)).toBe(2);
    const bad = await intruder.socket.emitWithAck("conversation:delete", { conversationId: "x" });
    expect(bad).toMatchObject({ status: "ERROR", error: { code: "bad_request" } });
  });
});

describe("conversation:search", () => {
  it("finds Buğda for bugda and BUĞDA, in titles and text, newest first, with a snippet; % and _ are literal", async () => {
    const f = await farmer("search@example.az");
    const a = await f.tab();
    const first = a.ready.conversation.id;
    await askAndWait(a.socket, first, "Buğda səpini nə vaxt olmalıdır?");
    const second = await a.socket.emitWithAck("conversation:new", {});
    const secondId = second.status === "OK" ? second.data.conversation.id : "";
    await askAndWait(a.socket, secondId, "Pambıq");
    await a.socket.emitWithAck("conversation:rename", { conversationId: secondId, title: "Şəki: buğda və 100% nəmlik_test" });
    for (const q of ["bugda", "BUĞDA", "BUGDA", "buğda"]) {
      const res = await a.socket.emitWithAck("conversation:search", { q });
      if (res.status !== "OK") throw new Error("search failed");
      expect(res.data.results.map((r) => r.conversation.id), q).toEqual([secondId, first]);
      const hit = res.data.results.find((r) => r.conversation.id === first)!;
      expect(hit.messageId).not.toBeNull();
      expect(hit.snippet).toMatch(/buğda/i);
    }
    const sheki = await a.socket.emitWithAck("conversation:search", { q: "SEKI" });
    expect(sheki.status === "OK" && sheki.data.results.map((r) => r.conversation.id)).toEqual([secondId]);
    const percent = await a.socket.emitWithAck("conversation:search", { q: "100%" });
    expect(percent.status === "OK" && percent.data.results.map((r) => r.conversation.id)).toEqual([secondId]);
    for (const q of ["%", "_", "%%", "b_gda"]) {
      const res = await a.socket.emitWithAck("conversation:search", { q });
      const ids = res.status === "OK" ? res.data.results.map((r) => r.conversation.id) : ["error"];
      expect(ids, q).toEqual(q === "%" || q === "_" ? [secondId] : []);
    }
    const intruder = await (await farmer("search.intruder@example.az")).tab();
    const none = await intruder.socket.emitWithAck("conversation:search", { q: "bugda" });
    expect(none).toEqual({ status: "OK", data: { results: [] } });
    for (const q of ["", "   ", "x".repeat(101), "a\u0000"]) {
      const res = await a.socket.emitWithAck("conversation:search", { q });
      expect(res, JSON.stringify(q)).toMatchObject({ status: "ERROR", error: { code: "bad_request" } });
    }
  });

  it("answers at most 20 results", async () => {
    const f = await farmer("search.many@example.az");
    const a = await f.tab();
    const userId = a.ready.user.id;
    await t.app.database.sql`INSERT INTO conversations (user_id, title) SELECT ${userId}, 'Nar ' || g FROM generate_series(1, 25) g`;
    const res = await a.socket.emitWithAck("conversation:search", { q: "nar" });
    expect(res.status === "OK" && res.data.results.length).toBe(20);
  });
});

describe("chat:regenerate and chat:edit", () => {
  it("regenerates the latest answer: a new one streams to every tab, the old one is kept and linked", async () => {
    const f = await farmer("regen@example.az");
    const [a, b] = await Promise.all([f.tab(), f.tab()]);
    const id = a.ready.conversation.id;
    const { questionId, answer } = await askAndWait(a.socket, id, "Alma üçün suvarma");
    const announced = once(b.socket, "chat:message", (p) => p.message.role === "assistant" && p.message.replaces === answer.id);
    const res = await a.socket.emitWithAck("chat:regenerate", { messageId: answer.id });
    if (res.status !== "OK") throw new Error(`chat:regenerate ${res.error.code}`);
    expect((await announced).message.id).toBe(res.data.messageId);
    const done = await once(b.socket, "chat:done", (p) => p.runId === res.data.runId, 30_000);
    expect(done.message.status).toBe("complete");
    const open = await b.socket.emitWithAck("conversation:open", { conversationId: id });
    expect(open.status === "OK" && open.data.messages.map((m) => m.id)).toEqual([questionId, res.data.messageId]);
    const [old] = await t.app.database.sql`SELECT replaced_by, content FROM messages WHERE id = ${answer.id}`;
    expect(old!.replaced_by).toBe(res.data.messageId);
    expect(old!.content).toBe(answer.content);
    const [run] = await t.app.database.sql`SELECT user_message_id FROM agent_runs WHERE id = ${res.data.runId}`;
    expect(run!.user_message_id).toBe(questionId);
    // The replaced answer is no longer the latest.
    const stale = await a.socket.emitWithAck("chat:regenerate", { messageId: answer.id });
    expect(stale).toMatchObject({ status: "ERROR", error: { code: "bad_request" } });
  });

  it("edits the latest question: the question and its answer are replaced, a new answer streams", async () => {
    const f = await farmer("edit@example.az");
    const [a, b] = await Promise.all([f.tab(), f.tab()]);
    const id = a.ready.conversation.id;
    const first = await askAndWait(a.socket, id, "Nar nə vaxt yığılır?");
    const second = await askAndWait(a.socket, id, "Üzüm nə vaxt yığılır?");
    const userEcho = once(b.socket, "chat:message", (p) => p.message.role === "user" && p.message.replaces === second.questionId);
    const res = await a.socket.emitWithAck("chat:edit", { messageId: second.questionId, text: "  Fındıq nə vaxt yığılır?  " });
    if (res.status !== "OK") throw new Error(`chat:edit ${res.error.code}`);
    const echoed = (await userEcho).message;
    expect(echoed.content).toBe("Fındıq nə vaxt yığılır?");
    expect(res.data.messageId).toBe(echoed.id);
    const done = await once(b.socket, "chat:done", (p) => p.runId === res.data.runId, 30_000);
    const open = await a.socket.emitWithAck("conversation:open", { conversationId: id });
    expect(open.status === "OK" && open.data.messages.map((m) => m.id)).toEqual([
      first.questionId, first.answer.id, echoed.id, done.message.id,
    ]);
    const rows = await t.app.database.sql`SELECT id, replaced_by FROM messages WHERE id IN ${t.app.database.sql([second.questionId, second.answer.id])}`;
    const linked = Object.fromEntries(rows.map((r) => [r.id, r.replaced_by]));
    expect(linked).toEqual({ [second.questionId]: echoed.id, [second.answer.id]: done.message.id });
    // The first question is not the latest.
    const stale = await a.socket.emitWithAck("chat:edit", { messageId: first.questionId, text: "x" });
    expect(stale).toMatchObject({ status: "ERROR", error: { code: "bad_request" } });
  });

  it("answers bad_request for the wrong role or bad text, busy while a reply streams, not_found for another farmer", async () => {
    const f = await farmer("replace.bad@example.az");
    const a = await f.tab();
    const id = a.ready.conversation.id;
    const { questionId, answer } = await askAndWait(a.socket, id, "Çay");
    const cases: [string, unknown][] = [
      ["chat:regenerate", { messageId: questionId }],
      ["chat:edit", { messageId: answer.id, text: "x" }],
      ["chat:edit", { messageId: questionId, text: "   " }],
      ["chat:edit", { messageId: questionId, text: "a\u0000b" }],
      ["chat:edit", { messageId: questionId }],
      ["chat:regenerate", { messageId: "nope" }],
      ["chat:regenerate", null],
    ];
    for (const [event, payload] of cases) {
      const res = await a.socket.emitWithAck(event as "chat:edit", payload as never);
      expect(res, `${event} ${JSON.stringify(payload)}`).toMatchObject({ status: "ERROR", error: { code: "bad_request" } });
    }
    const long = await a.socket.emitWithAck("chat:edit", { messageId: questionId, text: "x".repeat(t.config.chat.maxMessageChars + 1) });
    expect(long).toMatchObject({ status: "ERROR", error: { code: "too_long" } });

    const intruder = await (await farmer("replace.intruder@example.az")).tab();
    for (const [event, payload] of [
      ["chat:regenerate", { messageId: answer.id }],
      ["chat:edit", { messageId: questionId, text: "mənim" }],
      ["message:feedback", { messageId: answer.id, rating: "down" }],
    ] as const) {
      const res = await intruder.socket.emitWithAck(event as "chat:edit", payload as never);
      expect(res, event).toMatchObject({ status: "ERROR", error: { code: "not_found" } });
    }

    const sent = await a.socket.emitWithAck("chat:send", { conversationId: id, text: "Pambıq üçün ətraflı suvarma planı", clientMessageId: randomUUID() });
    if (sent.status !== "OK") throw new Error("chat:send failed");
    const busyRegen = await a.socket.emitWithAck("chat:regenerate", { messageId: answer.id });
    expect(busyRegen).toMatchObject({ status: "ERROR", error: { code: "busy" } });
    const busyEdit = await a.socket.emitWithAck("chat:edit", { messageId: sent.data.messageId, text: "dəyişdim" });
    expect(busyEdit).toMatchObject({ status: "ERROR", error: { code: "busy" } });
    await once(a.socket, "chat:done", (p) => p.runId === sent.data.runId, 30_000);
    const [{ n }] = (await t.app.database.sql`SELECT count(*)::int AS n FROM messages WHERE conversation_id = ${id} AND replaced_by IS NOT NULL`) as unknown as [{ n: number }];
    expect(n).toBe(0);
  });
});

describe("message:feedback", () => {
  it("stores one rating per user and message, updates and clears it; the operator view shows it without emails", async () => {
    const f = await farmer("feedback@example.az");
    const a = await f.tab();
    const { questionId, answer } = await askAndWait(a.socket, a.ready.conversation.id, "Buğda üçün gübrə");
    const up = await a.socket.emitWithAck("message:feedback", { messageId: answer.id, rating: "up" });
    expect(up).toEqual({ status: "OK", data: {} });
    const down = await a.socket.emitWithAck("message:feedback", { messageId: answer.id, rating: "down", comment: " Çox ümumidir " });
    expect(down.status).toBe("OK");
    const rows = await t.app.database.sql`SELECT * FROM advisor_feedback WHERE message_id = ${answer.id}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rating: "down", comment: "Çox ümumidir", answer: answer.content, question: "Buğda üçün gübrə", provider: "offline" });
    expect(rows[0]!.model).toBe(DEFAULT_MODELS.offline);
    expect(JSON.stringify(rows[0])).not.toContain("feedback@example.az");
    // Reopened, the answer carries the farmer's rating (thumbs stay pressed after a reload).
    const open = await a.socket.emitWithAck("conversation:open", { conversationId: a.ready.conversation.id });
    const shown = open.status === "OK" ? open.data.messages.find((m) => m.id === answer.id) : undefined;
    expect(shown?.feedback).toEqual({ rating: "down", comment: "Çox ümumidir" });
    for (const payload of [
      { messageId: questionId, rating: "up" },
      { messageId: answer.id, rating: "meh" },
      { messageId: answer.id, rating: "up", comment: "x".repeat(501) },
      { messageId: answer.id },
      { messageId: "x", rating: "up" },
    ]) {
      const res = await a.socket.emitWithAck("message:feedback", payload as never);
      expect(res, JSON.stringify(payload).slice(0, 80)).toMatchObject({ status: "ERROR", error: { code: "bad_request" } });
    }
    const max = await a.socket.emitWithAck("message:feedback", { messageId: answer.id, rating: "up", comment: "ə".repeat(500) });
    expect(max.status).toBe("OK");
    const cleared = await a.socket.emitWithAck("message:feedback", { messageId: answer.id, rating: null });
    expect(cleared.status).toBe("OK");
    const [{ n }] = (await t.app.database.sql`SELECT count(*)::int AS n FROM message_feedback WHERE message_id = ${answer.id}`) as unknown as [{ n: number }];
    expect(n).toBe(0);
  });
});

describe("malformed payloads for the new events", () => {
  it("answers bad_request or not_found, changes nothing, and the socket stays usable", async () => {
    const f = await farmer("fuzz.essentials@example.az");
    const a = await f.tab();
    const id = a.ready.conversation.id;
    const { answer } = await askAndWait(a.socket, id, "Salam");
    const unknownId = randomUUID();
    const values: unknown[] = [
      undefined, null, 0, "x", [], {}, [id], { conversationId: { $ne: null } }, { conversationId: id, title: ["a"] },
      { conversationId: `${id}' OR '1'='1` }, { q: { toString: "x" } }, { q: "%".repeat(101) }, { messageId: unknownId, rating: "UP" },
      { messageId: unknownId, text: 42 }, { messageId: unknownId, rating: "up", comment: 5 }, { __proto__: { conversationId: id } },
      { conversationId: id, title: "x".repeat(5000) },
    ];
    const events = ["conversation:rename", "conversation:delete", "conversation:search", "chat:regenerate", "chat:edit", "message:feedback"] as const;
    for (const event of events) {
      for (const value of values) {
        // A valid id with extra keys is a valid delete: not malformed.
        if (event === "conversation:delete" && (value as { conversationId?: unknown } | null)?.conversationId === id) continue;
        const res = (await (a.socket as unknown as { emitWithAck(e: string, p: unknown): Promise<{ status: string; error?: { code: string } }> })
          .emitWithAck(event, value));
        expect(res.status, `${event} ${JSON.stringify(value)}`).toBe("ERROR");
        expect(["bad_request", "not_found", "too_long"]).toContain(res.error?.code);
      }
    }
    const open = await a.socket.emitWithAck("conversation:open", { conversationId: id });
    expect(open.status === "OK" && open.data.messages.map((m) => m.id)).toEqual([expect.any(String), answer.id]);
    const [row] = await t.app.database.sql`SELECT title FROM conversations WHERE id = ${id}`;
    expect(row!.title).toBe("Salam");
  });
});
