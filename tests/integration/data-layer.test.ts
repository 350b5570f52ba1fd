import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertUser } from "../../server/auth/users.js";
import { saveReplyProgress } from "../../server/chat/store.js";
import { transaction } from "../../server/db/client.js";
import { databaseError, isUniqueViolation, UniqueViolationError } from "../../server/db/errors.js";
import { decodeRawRow, type RawRow } from "../../server/db/rows.js";
import { conversations, messages, users } from "../../server/db/schema.js";
import { safeError } from "../../server/logger.js";
import { createMigratedDatabase } from "../helpers/db.js";

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

  it("saves a running reply's text so far (a statement built once), and never over a finished reply", async () => {
    const { sql, db } = testDb.database;
    const user = await upsertUser(sql, { email: "progress@example.com" });
    const [conversation] = await db.insert(conversations).values({ userId: user.id }).returning();
    const runId = "00000000-0000-4000-8000-000000000015";
    await db.insert(messages).values({ conversationId: conversation!.id, role: "assistant", content: "", status: "streaming", runId });
    await saveReplyProgress(sql, { runId, content: "Pambıq ", seq: 1 });
    await saveReplyProgress(sql, { runId, content: "Pambıq üçün suvarma ", seq: 3 });
    const read = async () => (await db.select().from(messages).where(eq(messages.runId, runId)))[0]!;
    expect(await read()).toMatchObject({ content: "Pambıq üçün suvarma ", seq: 3, status: "streaming" });
    await db.update(messages).set({ status: "complete", content: "Pambıq üçün suvarma iyunda.", seq: 4 }).where(eq(messages.runId, runId));
    await saveReplyProgress(sql, { runId, content: "Pambıq", seq: 2 }); // a late save after the end
    expect(await read()).toMatchObject({ content: "Pambıq üçün suvarma iyunda.", seq: 4, status: "complete" });
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
    // Its work follows the farmer's own messages, not the 400 other questions of that minute (10 buffers
    // here; 1,216 when the count joined every recent message to its conversation, migration 0012).
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
