import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devLogin, readySocket, startTestApp, type ClientSocket, type TestApp } from "../helpers/app.js";

/**
 * One farmer with 20,000 messages searching in a loop cannot take the database from
 * the others. Bounded behaviour, no clock: at most one of that farmer's searches runs in PostgreSQL at any
 * moment (a new one cancels the one before, in PostgreSQL too), none is left running after the farmer's
 * page has its answers, and another farmer's conversation:list is answered throughout.
 */
let t: TestApp;
let probe: postgres.Sql | undefined;
const sockets: ClientSocket[] = [];
const MESSAGES = 20_000;

beforeAll(async () => {
  t = await startTestApp({ oidc: false, env: { LOG_LEVEL: "warn" } });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await probe?.end();
  await t?.close();
});

async function tab(email: string) {
  const r = await readySocket(t.url, await devLogin(t.url, email));
  sockets.push(r.socket);
  return r;
}

/**
 * Searches of this database running in PostgreSQL now (they read yonca_search_fold), not counting this
 * probe: asked on a connection of the test's own, so the app's pool being busy cannot delay the look.
 */
async function runningSearches(): Promise<number> {
  probe ??= postgres(t.db.url, { max: 1, onnotice: () => {} });
  const [row] = await probe<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()
       AND query LIKE '%yonca\\_search\\_fold%'`;
  return row!.n;
}

describe("conversation:search at 20,000 messages", () => {
  it("runs one search per farmer at a time, cancels the superseded ones in PostgreSQL, and leaves the others served", async () => {
    const searcher = await tab("searcher@example.az");
    const other = await tab("other.farmer@example.az");
    // 20,000 messages in 200 conversations of the searcher: text of ~300 characters, words that vary.
    await t.app.database.sql`
      WITH convs AS (
        INSERT INTO conversations (user_id, title)
        SELECT ${searcher.ready.user.id}, 'Söhbət ' || g FROM generate_series(1, 200) g RETURNING id
      ), numbered AS (SELECT id, row_number() OVER () AS n FROM convs)
      INSERT INTO messages (conversation_id, role, content, status)
      SELECT c.id, CASE WHEN g % 2 = 0 THEN 'user' ELSE 'assistant' END,
             'Pambıq sahəsi ' || g || ' ' || md5(g::text) || ' suvarma ' || repeat(md5((g * 7)::text) || ' ', 8),
             'complete'
        FROM generate_series(1, ${MESSAGES}) g JOIN numbered c ON c.n = 1 + g % 200`;
    const [{ n } = { n: 0 }] = await t.app.database.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.user_id = ${searcher.ready.user.id}`;
    expect(n).toBe(MESSAGES);

    // The searcher fires 40 searches without waiting for any (a loop of a script, or a page typing fast);
    // meanwhile the other farmer lists conversations, and the database is watched.
    const queries = Array.from({ length: 40 }, (_, i) => (i % 2 ? "suvarma" : "pambiq sahesi 1") + ` ${"abcdef"[i % 6]}`);
    const answers = Promise.all(queries.map((q) => searcher.socket.emitWithAck("conversation:search", { q })));
    let settled = false;
    void answers.finally(() => (settled = true));
    let mostAtOnce = 0;
    const lists: string[] = [];
    while (!settled) {
      const [running, list] = await Promise.all([runningSearches(), other.socket.emitWithAck("conversation:list", {})]);
      mostAtOnce = Math.max(mostAtOnce, running);
      lists.push(list.status);
    }
    const outcomes = (await answers).map((a) => (a.status === "OK" ? "OK" : a.error.code));

    expect(mostAtOnce).toBeLessThanOrEqual(1);
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((s) => s === "OK")).toBe(true);
    // Every search is answered: the newest with results, the superseded ones `cancelled`.
    expect(outcomes.at(-1)).toBe("OK");
    expect(outcomes.filter((o) => o === "cancelled").length).toBeGreaterThan(0);
    expect(outcomes.every((o) => o === "OK" || o === "cancelled")).toBe(true);
    // Nothing keeps working in PostgreSQL for a page that has its answers.
    expect(await runningSearches()).toBe(0);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
  });

  it("finds the farmer's own text through the index, diacritic-tolerant, and only theirs", async () => {
    const searcher = await tab("searcher@example.az");
    const res = await searcher.socket.emitWithAck("conversation:search", { q: "PAMBIQ SAHƏSİ 19999" });
    expect(res.status === "OK" && res.data.results.map((r) => r.snippet)).toEqual([expect.stringContaining("Pambıq sahəsi 19999")]);
    const other = await tab("other.farmer@example.az");
    const none = await other.socket.emitWithAck("conversation:search", { q: "pambiq" });
    expect(none).toEqual({ status: "OK", data: { results: [] } });
  });

  it("limits searches per farmer and minute (rate_limited)", async () => {
    const busy = await tab("busy.searcher@example.az");
    const codes: string[] = [];
    for (let i = 0; i < 62; i++) {
      const res = await busy.socket.emitWithAck("conversation:search", { q: `söz ${i}` });
      codes.push(res.status === "OK" ? "OK" : res.error.code);
    }
    expect(codes.slice(0, 60).every((c) => c === "OK")).toBe(true);
    expect(codes.slice(60)).toEqual(["rate_limited", "rate_limited"]);
  });
});
