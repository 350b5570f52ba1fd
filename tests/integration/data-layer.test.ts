import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertUser } from "../../server/auth/users.js";
import { Writable } from "node:stream";
import { ProgressSaves } from "../../server/chat/progress.js";
import { saveRepliesProgress } from "../../server/chat/replies.js";
import { transaction } from "../../server/db/client.js";
import { databaseError, isUniqueViolation, UniqueViolationError } from "../../server/db/errors.js";
import { decodeRawRow, type RawRow } from "../../server/db/rows.js";
import { conversations, messages, users } from "../../server/db/schema.js";
import { createLogger, safeError } from "../../server/logger.js";
import { createMigratedDatabase, recordingClient } from "../helpers/db.js";

let testDb: Awaited<ReturnType<typeof createMigratedDatabase>>;

beforeAll(async () => {
  testDb = await createMigratedDatabase();
});

afterAll(async () => {
  await testDb?.drop();
});

describe("the typed data layer", () => {
  it("raises one UniqueViolationError, with the constraint's name, from drizzle, raw statements and transactions", async () => {
    const { sql, db } = testDb.database;
    await db.insert(users).values({ email: "twice@example.com" });

    const fromDrizzle = await db.insert(users).values({ email: "twice@example.com" }).catch(databaseError);
    expect(fromDrizzle).toBeInstanceOf(UniqueViolationError);
    expect(isUniqueViolation(fromDrizzle, "users_email_unique")).toBe(true);

    const fromRaw = await sql`INSERT INTO users (email) VALUES ('twice@example.com')`.catch(databaseError);
    expect(isUniqueViolation(fromRaw, "users_email_unique")).toBe(true);

    const fromTransaction = await transaction(sql, (_tx, txDb) => txDb.insert(users).values({ email: "twice@example.com" })).catch((e: unknown) => e);
    expect(isUniqueViolation(fromTransaction, "users_email_unique")).toBe(true);
    expect(isUniqueViolation(fromTransaction, "users_google_sub_unique")).toBe(false);
  });

  it("decodes a raw statement's row (RETURNING *, row_to_json) into the same typed row drizzle selects", async () => {
    const { sql, db } = testDb.database;
    const user = await upsertUser(sql, { email: "rows@example.com" });
    const [conversation] = await db.insert(conversations).values({ userId: user.id }).returning();
    const [returned] = await sql<RawRow[]>`
      INSERT INTO messages (conversation_id, role, content, annotations)
      VALUES (${conversation!.id}, 'user', 'Salam', '{"usedPersonaFields":["region"]}'::jsonb) RETURNING *`;
    const [asJson] = await sql<{ row: RawRow }[]>`SELECT row_to_json(m) AS row FROM messages m WHERE id = ${returned!.id as string}`;
    const [selected] = await db.select().from(messages).where(eq(messages.id, returned!.id as string));

    expect(decodeRawRow(messages, returned!)).toEqual(selected);
    expect(decodeRawRow(messages, asJson!.row)).toEqual(selected);
    expect(selected!.createdAt).toBeInstanceOf(Date);
    expect(selected!.annotations).toEqual({ usedPersonaFields: ["region"] });
  });

  it("saves running replies' text so far together, moving each forward only, and never over a finished reply", async () => {
    const { sql, db } = testDb.database;
    const user = await upsertUser(sql, { email: "progress@example.com" });
    const runIds = ["00000000-0000-4000-8000-000000000015", "00000000-0000-4000-8000-000000000016"];
    for (const runId of runIds) {
      const [conversation] = await db.insert(conversations).values({ userId: user.id }).returning();
      await db.insert(messages).values({ conversationId: conversation!.id, role: "assistant", content: "", status: "streaming", runId });
    }
    const read = async (runId: string) => (await db.select().from(messages).where(eq(messages.runId, runId)))[0]!;
    // Any text survives the JSON parameter as it is: quotes, backslashes, new lines, Azerbaijani letters.
    const odd = 'Pambıq "üçün" \\ suvarma,\n{a: 1} ə';
    expect(await saveRepliesProgress(sql, [
      { runId: runIds[0]!, content: "Pambıq ", seq: 1 },
      { runId: runIds[1]!, content: odd, seq: 2 },
    ])).toBe(2);
    expect(await read(runIds[1]!)).toMatchObject({ content: odd, seq: 2, status: "streaming" });
    await saveRepliesProgress(sql, [{ runId: runIds[0]!, content: "Pambıq üçün suvarma ", seq: 3 }]);
    expect(await read(runIds[0]!)).toMatchObject({ content: "Pambıq üçün suvarma ", seq: 3, status: "streaming" });
    // An older save that reached PostgreSQL late (another pooled connection) does not take the text back.
    expect(await saveRepliesProgress(sql, [{ runId: runIds[0]!, content: "Pambıq ", seq: 1 }])).toBe(0);
    expect(await read(runIds[0]!)).toMatchObject({ content: "Pambıq üçün suvarma ", seq: 3 });
    await db.update(messages).set({ status: "complete", content: "Pambıq üçün suvarma iyunda.", seq: 4 }).where(eq(messages.runId, runIds[0]!));
    expect(await saveRepliesProgress(sql, [{ runId: runIds[0]!, content: "Pambıq üçün", seq: 9 }])).toBe(0); // a late save after the end
    expect(await read(runIds[0]!)).toMatchObject({ content: "Pambıq üçün suvarma iyunda.", seq: 4, status: "complete" });
    expect(await saveRepliesProgress(sql, [])).toBe(0);
  });

  it("writes the progress saves asked for within a batch window in one statement, a batch at most PROGRESS_BATCH_ROWS replies", async () => {
    const { db } = testDb.database;
    const user = await upsertUser(testDb.database.sql, { email: "progress-batch@example.com" });
    const runIds = Array.from({ length: 5 }, (_, i) => `00000000-0000-4000-8000-00000000002${i}`);
    for (const runId of runIds) {
      const [conversation] = await db.insert(conversations).values({ userId: user.id }).returning();
      await db.insert(messages).values({ conversationId: conversation!.id, role: "assistant", content: "", status: "streaming", runId });
    }
    // A client of its own that tells each statement it sends.
    const { sql: counted, statements: updates } = recordingClient(testDb.url, /^\s*UPDATE messages/);
    const lines: string[] = [];
    const logger = createLogger("info", new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }) as never);
    try {
      const saves = new ProgressSaves({ sql: counted, logger, batchMs: 60_000, batchRows: 2 });
      runIds.forEach((runId, i) => saves.save(runId, `mətn ${i}`, 1));
      saves.save(runIds[0]!, "mətn 0, sonra", 2); // replaces the unsaved one
      saves.forget(runIds[4]!); // ended meanwhile: its end stores it
      await saves.flush();
      expect(lines).toEqual([]);
      expect(updates).toHaveLength(2); // 4 replies, 2 per statement
      const rows = await db.select().from(messages).where(inArray(messages.runId, runIds));
      const byRun = new Map(rows.map((r) => [r.runId, r]));
      expect(byRun.get(runIds[0]!)).toMatchObject({ content: "mətn 0, sonra", seq: 2 });
      for (const i of [1, 2, 3]) expect(byRun.get(runIds[i]!)).toMatchObject({ content: `mətn ${i}`, seq: 1 });
      expect(byRun.get(runIds[4]!)).toMatchObject({ content: "", seq: 0 });

      // A failed save is logged (no text in the line) and dropped; the next one goes through.
      await counted.end();
      saves.save(runIds[1]!, "itən mətn", 2);
      await saves.flush();
      expect(lines.join("")).toContain("progress save failed");
      expect(lines.join("")).not.toContain("itən mətn");
    } finally {
      await counted.end();
    }
  });

  it("counts a farmer's questions of the last minute (chat:send's rate limit) from that farmer's conversations only", async () => {
    const { sql, db } = testDb.database;
    const farmer = await upsertUser(sql, { email: "rate-farmer@example.com" });
    const [own] = await db.insert(conversations).values({ userId: farmer.id }).returning();
    await db.insert(messages).values([
      { conversationId: own!.id, role: "user", content: "Pambıq?" },
      { conversationId: own!.id, role: "user", content: "Buğda?" },
      { conversationId: own!.id, role: "assistant", content: "Cavab." },
      { conversationId: own!.id, role: "user", content: "Dünənki sual", createdAt: new Date(Date.now() - 120_000) },
    ]);
    // A burst: 400 other farmers asked in the same minute.
    const others = await sql<{ id: string }[]>`
      INSERT INTO users (email) SELECT 'rate-other-' || g || '@example.com' FROM generate_series(1, 400) g RETURNING id`;
    await sql`
      WITH c AS (INSERT INTO conversations (user_id) SELECT unnest(${others.map((o) => o.id)}::uuid[]) RETURNING id)
      INSERT INTO messages (conversation_id, role, content) SELECT id, 'user', 'Sual?' FROM c`;
    // On one connection, after a first call (the function's query is planned once per connection).
    const connection = await sql.reserve();
    const counted = async () => {
      const [counts] = await connection<{ n: number }[]>`SELECT yonca_lock_and_count_recent_questions(${farmer.id}) AS n`;
      const [row] = await connection<{ "QUERY PLAN": [{ Plan: { "Shared Hit Blocks": number; "Shared Read Blocks": number } }] }[]>`
        EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT yonca_lock_and_count_recent_questions(${farmer.id})`;
      const { Plan } = row!["QUERY PLAN"][0];
      return { n: counts!.n, blocks: Plan["Shared Hit Blocks"] + Plan["Shared Read Blocks"] };
    };
    const { n, blocks } = await counted().finally(() => connection.release());
    expect(n).toBe(2); // the two questions of the last minute, not the answer, not yesterday's question
    // Its work follows the farmer's own messages, not the 400 other questions of that minute: a count of
    // the pages PostgreSQL read (the same on any machine), not a time. Joining every recent message to
    // its conversation reads them all, over a thousand.
    expect(blocks).toBeLessThan(60);
  });

  it("logs a failed drizzle query without its parameters (a message's text, an email)", async () => {
    const { db } = testDb.database;
    const error = await db.insert(users).values({ email: "NotLowerCase@example.com" }).catch((e: unknown) => e);
    const logged = JSON.stringify(safeError(error));
    expect(logged).toContain("23514");
    expect(logged).not.toContain("NotLowerCase@example.com");
  });
});
