import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devLogin, readySocket, startTestApp, type TestApp } from "../helpers/app.js";

/**
 * Statements the app sends to PostgreSQL per connect, counted on the app's own pool (postgres.js calls
 * `options.debug` for every statement it writes): a returning farmer's connect, a new farmer's first
 * visit (dev login + connect + session:ready) and a dev login alone. Work that is not per connect is
 * left out (BACKGROUND). "No row written" is read off the rows themselves (their xmin, the row counts):
 * a statement may write only when something changed.
 */
// The instance heartbeat (and the orphaned replies it fails), session pruning, the limiters' batched counts,
// and the type look-up postgres.js makes once on each new connection of its pool.
const BACKGROUND = /app_instances|WITH orphaned|"sessions"\."expires_at" <=|rate_limits|pg_notify|LISTEN|pg_catalog\.pg_type/i;

let t: TestApp;
let recording: string[] | undefined;
/** The pool connection each recorded statement was written on (postgres.js numbers them). */
let connections: number[] = [];

/** Records the statements of the app's pool (again after a restart, which makes a new pool). */
function instrument() {
  const options = t.app.database.sql.options as unknown as { debug?: (connection: number, text: string) => void };
  options.debug = (connection, text) => {
    if (recording && !BACKGROUND.test(text)) {
      recording.push(text);
      connections.push(connection);
    }
  };
}

beforeAll(async () => {
  t = await startTestApp({ oidc: false, env: { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn" } });
  instrument();
});
afterAll(async () => {
  if (process.env.TEST_LOG_LEVEL) console.log(t.logs.join("\n"));
  await t?.close();
});

async function counted<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  recording = [];
  connections = [];
  try {
    const result = await work();
    return { result, statements: recording };
  } finally {
    recording = undefined;
  }
}

/** What a connect statement is for. */
const kindOf = (text: string) =>
  /FROM sessions/.test(text) ? "session" : /alem_personas/.test(text) ? "persona" : /journal_entries/.test(text) ? "journal" : /conversations/.test(text) ? "read" : text;

const shown = (statements: string[]) => statements.map((s, i) => `${i + 1}. ${s.replace(/\s+/g, " ").slice(0, 160)}`).join("\n");

describe("round trips to PostgreSQL per connect", () => {
  it("a dev login takes at most 3 statements", async () => {
    const { statements } = await counted(() => devLogin(t.url, "login.only@example.az"));
    expect(statements.length, shown(statements)).toBeLessThanOrEqual(3);
  });

  it("a new farmer (dev login, connect, session:ready) takes at most 6 statements, and gets a persona and a conversation", async () => {
    const { result, statements } = await counted(async () => {
      const cookie = await devLogin(t.url, "new.farmer@example.az");
      return readySocket(t.url, cookie);
    });
    result.socket.close();
    expect(statements.length, shown(statements)).toBeLessThanOrEqual(6);
    expect(result.ready.persona.email).toBe("new.farmer@example.az");
    expect(result.ready.conversation.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("a returning farmer's connect takes at most 4 statements and writes no row", async () => {
    const cookie = await devLogin(t.url, "returning.farmer@example.az");
    const first = await readySocket(t.url, cookie);
    const sent = await first.socket.emitWithAck("chat:send", { conversationId: first.ready.conversation.id, text: "Pomidoru nə vaxt suvarım?", clientMessageId: "rt-1" });
    expect(sent.status).toBe("OK");
    await new Promise<void>((resolve) => first.socket.on("chat:done", () => resolve()));
    first.socket.close();

    const sid = decodeURIComponent(cookie.split("=")[1]!).slice(2).split(".")[0]!;
    const versions = () => t.app.database.sql`
      SELECT (SELECT xmin::text FROM sessions WHERE sid = ${sid}) AS session,
             (SELECT xmin::text FROM alem_personas WHERE email = 'returning.farmer@example.az') AS persona,
             (SELECT xmin::text FROM users WHERE email = 'returning.farmer@example.az') AS "user",
             (SELECT count(*)::int FROM conversations) AS conversations, (SELECT count(*)::int FROM messages) AS messages`;
    const before = await versions();
    const { result, statements } = await counted(() => readySocket(t.url, cookie));
    result.socket.close();
    expect(statements.length, shown(statements)).toBeLessThanOrEqual(4);
    expect(await versions()).toEqual(before);
    expect(result.ready.conversation.id).toBe(first.ready.conversation.id);
    expect(result.ready.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(result.ready.conversations.map((c) => c.id)).toEqual([first.ready.conversation.id]);
  });

  it("sends a known session's check and its chat start (persona, journal, connect read) together on one connection, the check first", async () => {
    const cookie = await devLogin(t.url, "pipelined.farmer@example.az");
    (await readySocket(t.url, cookie)).socket.close(); // this instance now knows the session's user
    const { result, statements } = await counted(() => readySocket(t.url, cookie));
    result.socket.close();
    const kinds = statements.map(kindOf);
    expect(kinds[0], shown(statements)).toBe("session");
    expect(kinds.slice(1).sort()).toEqual(["journal", "persona", "read"]);
    expect(new Set(connections).size, shown(statements)).toBe(1);
  });

  it("sends a just-signed-in farmer's first connect (check, then a new persona, journal, first conversation) together on one connection", async () => {
    const cookie = await devLogin(t.url, "first.pipelined@example.az"); // this instance signed the session in: it knows its user
    const { result, statements } = await counted(() => readySocket(t.url, cookie));
    result.socket.close();
    expect(result.ready.persona.email).toBe("first.pipelined@example.az");
    expect(statements.map(kindOf)[0], shown(statements)).toBe("session");
    expect(statements.map(kindOf).slice(1).sort()).toEqual(["journal", "persona", "read"]);
    expect(new Set(connections).size, shown(statements)).toBe(1);
  });

  it("reads a session it does not know (signed in before a restart) first, then sends the chat start together on one connection", async () => {
    const cookie = await devLogin(t.url, "unknown.session@example.az");
    (await readySocket(t.url, cookie)).socket.close();
    await t.restart();
    instrument();
    const { result, statements } = await counted(() => readySocket(t.url, cookie));
    result.socket.close();
    expect(statements.map(kindOf)[0], shown(statements)).toBe("session");
    const chatStart = statements.map((text, i) => ({ kind: kindOf(text), connection: connections[i] })).slice(1);
    expect(chatStart.map(({ kind }) => kind).sort()).toEqual(["journal", "persona", "read"]);
    expect(new Set(chatStart.map(({ connection }) => connection)).size, shown(statements)).toBe(1);
  });
});
