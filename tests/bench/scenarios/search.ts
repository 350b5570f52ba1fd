import { randomUUID } from "node:crypto";
import { SearchGate } from "../../../server/chat/search-gate.js";
import { searchConversationsForUser } from "../../../server/chat/search.js";
import { listConversationsForUser } from "../../../server/chat/store.js";
import { rowFrom, type Bench } from "../context.js";
import { cpuSpan } from "../measure.js";
import type { LoadResult } from "../protocol.js";

/** Words of the messages: each message has one of these, so a search for one of them matches 1/8 of them. */
const TOPICS = ["suvarma", "gübrə", "zərərverici", "məhsul", "torpaq", "yarpaq", "kök", "çiçək"];

/** A farmer with `count` messages (~300 characters each, 100 per conversation), stored in batches. */
async function farmerWithMessages(bench: Bench, count: number): Promise<string> {
  const { sql } = bench;
  const email = `bench-${bench.runId}-search-${count}-${randomUUID().slice(0, 8)}@example.az`;
  const [user] = await sql<{ id: string }[]>`INSERT INTO users (email) VALUES (${email}) RETURNING id`;
  const userId = user!.id;
  const conversations = Math.ceil(count / 100);
  await sql`INSERT INTO conversations (user_id, title) SELECT ${userId}, 'Söhbət ' || g FROM generate_series(1, ${conversations}) g`;
  const topics = `{${TOPICS.join(",")}}`;
  for (let from = 1; from <= count; from += 10_000) {
    const to = Math.min(count, from + 9_999);
    await sql`
      WITH c AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM conversations WHERE user_id = ${userId})
      INSERT INTO messages (conversation_id, role, content, status)
      SELECT c.id, CASE WHEN g % 2 = 0 THEN 'user' ELSE 'assistant' END,
             'Pambıq ' || (${topics}::text[])[1 + g % 8] || ' sahəsi ' || g || ' ' || md5(g::text) || ' ' || repeat(md5((g * 7)::text) || ' ', 6),
             'complete'
        FROM generate_series(${from}::int, ${to}::int) g JOIN c ON c.n = 1 + (g - 1) / 100`;
  }
  await sql`ANALYZE message_search`;
  return userId;
}

/**
 * conversation:search (server/chat/search.ts, the query and transaction the socket event runs) for one
 * farmer with 2,000 and with 100,000 messages: a word in 1/8 of the messages, a rare number, two letters
 * (too short for trigrams: the farmer's rows are read), and a word in none. Then another farmer's
 * conversation list while the big farmer searches in a loop through the SearchGate, as the socket event does.
 */
export async function searchRows(bench: Bench, sizes = [2_000, 100_000]): Promise<void> {
  const sql = bench.app.database.sql;
  let biggest: string | undefined;
  for (const size of sizes) {
    const userId = await farmerWithMessages(bench, size);
    biggest = userId;
    const queries: [string, string][] = [
      ["a word in 1/8 of the messages", "suvarma"],
      ["a rare number", `sahəsi ${Math.floor(size / 2) + 7}`],
      ["two letters", "zq"],
      ["a word in none", "qarpız"],
    ];
    for (const [what, q] of queries) {
      const samples = size >= 100_000 ? 15 : 40;
      await searchConversationsForUser(sql, { userId, q }); // warm the plan and the cache
      const latencies: number[] = [];
      const errors: Record<string, number> = {};
      const span = cpuSpan();
      for (let i = 0; i < samples; i++) {
        const t0 = performance.now();
        try {
          await searchConversationsForUser(sql, { userId, q });
          latencies.push(performance.now() - t0);
        } catch (error) {
          const code = (error as { code?: string }).code ?? "error";
          errors[code] = (errors[code] ?? 0) + 1;
        }
      }
      const s = span.stop();
      const result: LoadResult = { latencies, errors, wallMs: s.wallMs, clientCpuMs: 0 };
      rowFrom(bench, { id: `search.${size}.${q}`, figure: `search, ${size.toLocaleString("en")} messages: ${what} ("${q}")`, result, span: s, unit: "searches/s" });
    }
  }
  if (!biggest) return;
  // Another farmer's list while the big farmer searches in a loop (one search in flight, as the event runs it).
  const otherEmail = `bench-${bench.runId}-search-other@example.az`;
  const [other] = await bench.sql<{ id: string }[]>`INSERT INTO users (email) VALUES (${otherEmail}) RETURNING id`;
  await bench.sql`INSERT INTO conversations (user_id, title) VALUES (${other!.id}, 'x')`;
  const gate = new SearchGate();
  let searching = true;
  let searches = 0;
  const loop = (async () => {
    while (searching) {
      await gate.run(biggest!, (ticket) => searchConversationsForUser(sql, { userId: biggest!, q: "suvarma", onStart: (c) => ticket.onCancel(() => void c()) })).catch(() => {});
      searches++;
    }
  })();
  const latencies: number[] = [];
  const span = cpuSpan();
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now();
    await listConversationsForUser(sql, { userId: other!.id });
    latencies.push(performance.now() - t0);
  }
  const s = span.stop();
  searching = false;
  await loop;
  rowFrom(bench, {
    id: "search.list-while-searching",
    figure: `another farmer's conversation list while a farmer with ${sizes.at(-1)!.toLocaleString("en")} messages searches in a loop (${searches} searches)`,
    result: { latencies, errors: {}, wallMs: s.wallMs, clientCpuMs: 0 },
    span: s,
    unit: "lists/s",
  });
}
