import { randomUUID } from "node:crypto";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOURNAL_MAX_ENTRIES } from "../../server/journal/kinds.js";
import { devLogin, once, readySocket, startTestApp, type ClientSocket, type TestApp } from "../helpers/app.js";

/**
 * Every write a farmer can repeat has a per-user limit (journal, renames,
 * feedback; persona writes in proxy-limits.test.ts), the journal a total cap with a clear error; and one
 * set of text rules — no control characters, no bidi overrides — for every user text.
 */
let t: TestApp;
const sockets: ClientSocket[] = [];
beforeAll(async () => {
  t = await startTestApp({ oidc: false, env: { LOG_LEVEL: "warn" } });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
});

type Ack = { status: "OK"; data: unknown } | { status: "ERROR"; error: { code: string; message: string } };
const emit = (socket: ClientSocket, event: string, payload: unknown) => (socket as unknown as Socket).emitWithAck(event, payload) as Promise<Ack>;
const codeOf = (ack: Ack) => (ack.status === "OK" ? "OK" : ack.error.code);

async function tab(email: string, name?: string) {
  const r = await readySocket(t.url, await devLogin(t.url, email, name));
  sockets.push(r.socket);
  return r;
}

async function answered(socket: ClientSocket, conversationId: string) {
  const sent = await socket.emitWithAck("chat:send", { conversationId, text: "Pambığı nə vaxt suvarım?", clientMessageId: randomUUID() });
  if (sent.status !== "OK") throw new Error(`chat:send ${sent.error.code}`);
  return (await once(socket, "chat:done", (p) => p.runId === sent.data.runId, 30_000)).message;
}

describe("per-user limits of repeated writes", () => {
  it("journal:add: 30 a minute, then rate_limited; another farmer is not affected", async () => {
    const { socket } = await tab("journal.flood@example.az");
    const codes: string[] = [];
    for (let i = 0; i < 32; i++) codes.push(codeOf(await emit(socket, "journal:add", { kind: "note", text: `qeyd ${i}` })));
    expect(codes).toEqual([...Array(30).fill("OK"), "rate_limited", "rate_limited"]);
    const { socket: other } = await tab("journal.calm@example.az");
    expect(codeOf(await emit(other, "journal:add", { kind: "note", text: "bir qeyd" }))).toBe("OK");
  });

  it(`journal: at most ${JOURNAL_MAX_ENTRIES.toLocaleString("en")} entries, journal_full with a clear message, room again after a delete`, async () => {
    const { socket, ready } = await tab("journal.full@example.az");
    await t.app.database.sql`
      INSERT INTO journal_entries (user_id, kind, text) SELECT ${ready.user.id}, 'note', 'köhnə qeyd ' || g FROM generate_series(1, ${JOURNAL_MAX_ENTRIES - 1}) g`;
    const last = await emit(socket, "journal:add", { kind: "irrigation", text: "son qeyd" });
    expect(codeOf(last)).toBe("OK");
    const full = await emit(socket, "journal:add", { kind: "irrigation", text: "bir qeyd də" });
    expect(full).toEqual({ status: "ERROR", error: { code: "journal_full", message: expect.stringMatching(/at most 10,000 entries.*Delete/) } });
    const [{ n } = { n: 0 }] = await t.app.database.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM journal_entries WHERE user_id = ${ready.user.id}`;
    expect(n).toBe(JOURNAL_MAX_ENTRIES);
    const entryId = (last as { data: { entry: { id: string } } }).data.entry.id;
    expect(codeOf(await emit(socket, "journal:delete", { entryId }))).toBe("OK");
    expect(codeOf(await emit(socket, "journal:add", { kind: "irrigation", text: "yer açıldı" }))).toBe("OK");
  });

  it("conversation:rename: 30 a minute, then rate_limited", async () => {
    const { socket, ready } = await tab("rename.flood@example.az");
    await answered(socket, ready.conversation.id);
    const codes: string[] = [];
    for (let i = 0; i < 32; i++) codes.push(codeOf(await emit(socket, "conversation:rename", { conversationId: ready.conversation.id, title: `Ad ${i}` })));
    expect(codes).toEqual([...Array(30).fill("OK"), "rate_limited", "rate_limited"]);
  });

  it("message:feedback: 60 a minute, then rate_limited", async () => {
    const { socket, ready } = await tab("feedback.flood@example.az");
    const answer = await answered(socket, ready.conversation.id);
    const codes: string[] = [];
    for (let i = 0; i < 62; i++) codes.push(codeOf(await emit(socket, "message:feedback", { messageId: answer.id, rating: i % 2 ? "up" : "down", comment: `şərh ${i}` })));
    expect(codes).toEqual([...Array(60).fill("OK"), "rate_limited", "rate_limited"]);
  });
});

describe("one set of text rules for every user text", () => {
  const bidi = "Pambıq \u202Eqəbul\u202C";
  const bell = "Pambıq \u0007";

  it("the journal refuses bidi overrides and control characters, and stores nothing", async () => {
    const { socket, ready } = await tab("journal.bidi@example.az");
    for (const text of [bidi, bell, "a\u2066b"]) expect(codeOf(await emit(socket, "journal:add", { kind: "note", text }))).toBe("bad_request");
    expect(await t.app.database.sql`SELECT id FROM journal_entries WHERE user_id = ${ready.user.id}`).toEqual([]);
  });

  it("a dev-login name with a bidi override is refused", async () => {
    const res = await fetch(`${t.url}/auth/dev-login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "bidi.name@example.az", name: "Fərid \u202Ezedlid" }),
    });
    expect(res.status).toBe(400);
  });

  it("titles, feedback comments and questions refuse them too", async () => {
    const { socket, ready } = await tab("text.rules@example.az");
    const answer = await answered(socket, ready.conversation.id);
    expect(codeOf(await emit(socket, "conversation:rename", { conversationId: ready.conversation.id, title: bidi }))).toBe("bad_request");
    expect(codeOf(await emit(socket, "message:feedback", { messageId: answer.id, rating: "up", comment: bidi }))).toBe("bad_request");
    expect(codeOf(await emit(socket, "chat:send", { conversationId: ready.conversation.id, text: bidi, clientMessageId: randomUUID() }))).toBe("bad_request");
    // Line breaks and tabs stay allowed in multi-line text.
    expect(codeOf(await emit(socket, "journal:add", { kind: "note", text: "birinci sətir\n\tikinci sətir" }))).toBe("OK");
  });
});
