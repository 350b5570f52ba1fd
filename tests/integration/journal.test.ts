import { randomUUID } from "node:crypto";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { once, signInFarmer, startTestApp, type ClientSocket, type TestApp } from "../helpers/app.js";
import type { JournalEntry } from "../../server/journal/queries.js";

// The farm journal plugin, over the real socket, database and offline advisor.
let t: TestApp;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
});

type Ack<T> = { status: "OK"; data: T } | { status: "ERROR"; error: { code: string; message: string } };

/** Plugin events are not in the core's typed event map: the journal's are reached untyped, as the web's PluginClient does. */
const raw = (socket: ClientSocket) => socket as unknown as Socket;
const add = (socket: ClientSocket, payload: unknown) => raw(socket).emitWithAck("journal:add", payload) as Promise<Ack<{ entry: JournalEntry }>>;
const remove = (socket: ClientSocket, payload: unknown) => raw(socket).emitWithAck("journal:delete", payload) as Promise<Ack<{ entryId: string }>>;

function next<T>(socket: ClientSocket, event: string, predicate: (payload: T) => boolean = () => true, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      raw(socket).off(event, listener);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      raw(socket).off(event, listener);
      resolve(payload);
    };
    raw(socket).on(event, listener);
  });
}

const farmer = (email: string) => signInFarmer(t, email, sockets);

function journalPanel(ready: { panels: { kind: string; data: unknown }[] }) {
  return ready.panels.find((p) => p.kind === "journal")?.data as { entries: JournalEntry[] } | undefined;
}

async function storedEntries(userEmail: string) {
  return t.app.database.sql<{ id: string; kind: string; text: string; date: string }[]>`
    SELECT j.id, j.kind, j.text, j.date::text AS date FROM journal_entries j JOIN users u ON u.id = j.user_id WHERE u.email = ${userEmail}`;
}

async function ask(socket: ClientSocket, conversationId: string, text: string, language: "az" | "en") {
  const sent = await socket.emitWithAck("chat:send", { conversationId, text, clientMessageId: randomUUID(), language });
  if (sent.status !== "OK") throw new Error(`chat:send ${sent.error.code}`);
  const done = await once(socket, "chat:done", (p) => p.runId === sent.data.runId, 30_000);
  return done.message;
}

describe("journal:add and journal:delete", () => {
  it("adds an entry, answers it, and every tab of the farmer gets it; delete removes it everywhere", async () => {
    const f = await farmer("journal-tabs@example.az");
    const a = await f.tab();
    const b = await f.tab();
    expect(journalPanel(a.ready)).toEqual({ entries: [] });

    const seenA = next<{ entry: JournalEntry }>(a.socket, "journal:added");
    const seenB = next<{ entry: JournalEntry }>(b.socket, "journal:added");
    const res = await add(a.socket, { date: "2026-05-12", kind: "irrigation", text: "  Drip, 3 hours\non the east field " });
    if (res.status !== "OK") throw new Error(`journal:add ${res.error.code}`);
    const { entry } = res.data;
    expect(entry).toMatchObject({ date: "2026-05-12", kind: "irrigation", text: "Drip, 3 hours\non the east field" });
    expect(entry.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(entry.createdAt).toString()).not.toBe("Invalid Date");
    expect((await seenA).entry).toEqual(entry);
    expect((await seenB).entry).toEqual(entry);
    expect(await storedEntries("journal-tabs@example.az")).toEqual([{ id: entry.id, kind: "irrigation", text: entry.text, date: "2026-05-12" }]);

    const goneA = next<{ entryId: string }>(a.socket, "journal:deleted");
    const goneB = next<{ entryId: string }>(b.socket, "journal:deleted");
    expect(await remove(b.socket, { entryId: entry.id })).toEqual({ status: "OK", data: { entryId: entry.id } });
    expect(await goneA).toEqual({ entryId: entry.id });
    expect(await goneB).toEqual({ entryId: entry.id });
    expect(await storedEntries("journal-tabs@example.az")).toEqual([]);
    expect(await remove(a.socket, { entryId: entry.id })).toMatchObject({ status: "ERROR", error: { code: "not_found" } });
  });

  it("dates an entry without a date today in Baku", async () => {
    const f = await farmer("journal-today@example.az");
    const { socket } = await f.tab();
    const res = await add(socket, { kind: "note", text: "Rain overnight" });
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Baku", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
    expect(res).toMatchObject({ status: "OK", data: { entry: { kind: "note", text: "Rain overnight", date: today } } });
  });

  it("answers not_found for another farmer's entry and does nothing", async () => {
    const owner = await farmer("journal-owner@example.az");
    const other = await farmer("journal-other@example.az");
    const o = await owner.tab();
    const x = await other.tab();
    const res = await add(o.socket, { date: "2026-04-01", kind: "sowing", text: "Wheat, 2 ha" });
    if (res.status !== "OK") throw new Error("journal:add failed");
    expect(await remove(x.socket, { entryId: res.data.entry.id })).toMatchObject({ status: "ERROR", error: { code: "not_found" } });
    expect(await remove(x.socket, { entryId: randomUUID() })).toMatchObject({ status: "ERROR", error: { code: "not_found" } });
    expect(await storedEntries("journal-owner@example.az")).toHaveLength(1);
    // Nor does the other farmer see it.
    const again = await other.tab();
    expect(journalPanel(again.ready)).toEqual({ entries: [] });
  });

  it("refuses bad input with bad_request and stores nothing", async () => {
    const f = await farmer("journal-bad@example.az");
    const { socket } = await f.tab();
    const bad: unknown[] = [
      null,
      "irrigation",
      {},
      { kind: "dancing", text: "x" },
      { kind: "note" },
      { kind: "note", text: "   " },
      { kind: "note", text: "x".repeat(1001) },
      { kind: "note", text: "a\u0000b" },
      { kind: "note", text: "a\u001b[31mred" },
      { kind: "note", text: 42 },
      { kind: "note", text: "x", date: "2026-02-30" },
      { kind: "note", text: "x", date: "12/05/2026" },
      { kind: "note", text: "x", date: "0202-05-01" },
      { kind: "note", text: "x", date: "2999-01-01" },
    ];
    for (const payload of bad) {
      expect(await add(socket, payload), JSON.stringify(payload)).toMatchObject({ status: "ERROR", error: { code: "bad_request" } });
    }
    for (const payload of [{}, { entryId: "not-a-uuid" }, { entryId: 7 }, null]) {
      expect(await remove(socket, payload), JSON.stringify(payload)).toMatchObject({ status: "ERROR", error: { code: "bad_request" } });
    }
    expect(await storedEntries("journal-bad@example.az")).toEqual([]);
    // The longest allowed text goes in whole.
    const longest = "ə".repeat(1000);
    expect(await add(socket, { kind: "note", text: longest })).toMatchObject({ status: "OK", data: { entry: { text: longest } } });
  });
});

describe("the journal panel in session:ready", () => {
  it("carries the farmer's newest 20 entries, newest day first", async () => {
    const f = await farmer("journal-panel@example.az");
    const { socket } = await f.tab();
    // 22 entries over 22 days, added out of order.
    const days = Array.from({ length: 22 }, (_, i) => `2026-03-${String(i + 1).padStart(2, "0")}`);
    for (const day of [...days].reverse().filter((_, i) => i % 2 === 0).concat(days.filter((_, i) => i % 2 === 0))) {
      const res = await add(socket, { date: day, kind: "note", text: `Day ${day}` });
      if (res.status !== "OK") throw new Error("journal:add failed");
    }
    const { ready } = await f.tab();
    const panel = journalPanel(ready);
    expect(panel?.entries).toHaveLength(20);
    expect(panel!.entries.map((e) => e.date)).toEqual([...days].reverse().slice(0, 20));
    expect(panel!.entries[0]).toMatchObject({ kind: "note", text: "Day 2026-03-22" });
  });
});

describe("the advisor reads the journal", () => {
  it("answers “When did I last irrigate?” and “Son dəfə nə vaxt suvardım?” with the latest irrigation's date", async () => {
    const f = await farmer("journal-advisor@example.az");
    const { socket, ready } = await f.tab();
    for (const [date, kind, text] of [
      ["2026-05-02", "irrigation", "Furrow, 40 mm"],
      ["2026-05-12", "irrigation", "Drip, 3 hours"],
      ["2026-05-14", "spraying", "Copper on the vines"],
    ] as const) {
      expect((await add(socket, { date, kind, text })).status).toBe("OK");
    }
    const en = await ask(socket, ready.conversation.id, "When did I last irrigate?", "en");
    expect(en.status).toBe("complete");
    expect(en.content).toContain("12 May 2026");
    expect(en.content).toContain("Drip, 3 hours".replace(",", "\\,"));
    const az = await ask(socket, ready.conversation.id, "Son dəfə nə vaxt suvardım?", "az");
    expect(az.status).toBe("complete");
    expect(az.content).toContain("12 may 2026");
    expect(az.content).toContain("son suvarma");
  });

  it("says so when the journal has no such entry", async () => {
    const f = await farmer("journal-advisor-empty@example.az");
    const { socket, ready } = await f.tab();
    const answer = await ask(socket, ready.conversation.id, "When did I last harvest?", "en");
    expect(answer.content).toMatch(/no harvest entry yet/);
  });
});

describe("an optional plugin", () => {
  it("leaves the session usable, without its panel, when it fails at chat start", async () => {
    const f = await farmer("journal-broken@example.az");
    await t.app.database.sql`ALTER TABLE journal_entries RENAME TO journal_entries_away`;
    try {
      const { socket, ready } = await f.tab();
      expect(journalPanel(ready)).toBeUndefined();
      expect(ready.conversation.id).toBeTruthy();
      const answer = await ask(socket, ready.conversation.id, "Salam", "az");
      expect(answer.status).toBe("complete");
    } finally {
      await t.app.database.sql`ALTER TABLE journal_entries_away RENAME TO journal_entries`;
    }
  });
});
