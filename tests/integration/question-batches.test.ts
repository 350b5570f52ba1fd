import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertUser } from "../../server/auth/users.js";
import { QuestionBatches } from "../../server/chat/questions.js";
import { storeQuestion, storeQuestions, type QuestionInput, type SendOutcome } from "../../server/chat/sends.js";
import { conversations, messages } from "../../server/db/schema.js";
import { createMigratedDatabase, recordingClient } from "../helpers/db.js";

let testDb: Awaited<ReturnType<typeof createMigratedDatabase>>;

beforeAll(async () => {
  testDb = await createMigratedDatabase();
});

afterAll(async () => {
  await testDb?.drop();
});

/** A farmer with a conversation that already holds one finished question and answer. */
async function farmer(name: string) {
  const { sql, db } = testDb.database;
  const user = await upsertUser(sql, { email: `${name}@example.com` });
  const [conversation] = await db.insert(conversations).values({ userId: user.id, title: "Pambıq" }).returning();
  await db.insert(messages).values([
    { conversationId: conversation!.id, role: "user", content: "Əvvəlki sual", createdAt: new Date(Date.now() - 3_600_000) },
    { conversationId: conversation!.id, role: "assistant", content: "Əvvəlki cavab", createdAt: new Date(Date.now() - 3_599_000) },
  ]);
  return { userId: user.id, conversationId: conversation!.id };
}

const question = (who: { userId: string; conversationId: string }, text = "Suvarma nə vaxt?", extra: Partial<QuestionInput> = {}): QuestionInput => ({
  ...who,
  text,
  clientMessageId: randomUUID(),
  runId: randomUUID(),
  traceId: randomUUID().replaceAll("-", ""),
  provider: "offline",
  model: "offline",
  instanceId: "test",
  rateLimitPerMin: 20,
  ...extra,
});

/** What a caller sees of an outcome, without the ids and times that differ between two stores. */
function shape(outcome: SendOutcome) {
  switch (outcome.kind) {
    case "created":
      return {
        kind: outcome.kind,
        question: [outcome.userMessage.role, outcome.userMessage.content, outcome.userMessage.status],
        reply: [outcome.assistantMessage.role, outcome.assistantMessage.content, outcome.assistantMessage.status],
        title: outcome.conversation.title,
        history: outcome.history,
      };
    case "duplicate":
      return { kind: outcome.kind, question: outcome.userMessage.content };
    default:
      return { kind: outcome.kind };
  }
}

describe("chat:send's questions stored in batches", () => {
  it("gives each question of a batch the outcome it gets alone: created, not found, resent, rate-limited", async () => {
    const outcomes: Record<"alone" | "batch", SendOutcome[]> = { alone: [], batch: [] };
    for (const mode of ["alone", "batch"] as const) {
      const { sql, db } = testDb.database;
      const asking = await farmer(`asks-${mode}`);
      const fresh = await farmer(`fresh-${mode}`);
      await db.update(conversations).set({ title: "" }).where(eq(conversations.id, fresh.conversationId));
      const stranger = await farmer(`stranger-${mode}`);
      const resending = await farmer(`resends-${mode}`);
      const sent = question(resending, "Gübrə nə qədər?");
      const first = await storeQuestion(sql, sent);
      expect(first.kind).toBe("created");
      await db.update(messages).set({ status: "complete", content: "Cavab" }).where(eq(messages.status, "streaming"));
      const limited = await farmer(`limited-${mode}`);
      const inputs = [
        question(asking, "Pambıq üçün suvarma nə vaxt?"),
        question(fresh, "Buğda əkini"),
        question({ userId: stranger.userId, conversationId: asking.conversationId }), // not the stranger's conversation
        { ...question(resending, "Gübrə nə qədər?"), clientMessageId: sent.clientMessageId }, // sent again
        question(limited, "Sual", { rateLimitPerMin: 0 }),
      ];
      outcomes[mode] = mode === "alone" ? await Promise.all(inputs.map((i) => storeQuestion(sql, i))) : await storeQuestions(sql, inputs);
    }
    expect(outcomes.batch.map(shape)).toEqual(outcomes.alone.map(shape));
    expect(outcomes.batch.map((o) => o.kind)).toEqual(["created", "created", "not_found", "duplicate", "rate_limited"]);
    const asked = outcomes.batch[0]!;
    expect(shape(asked)).toMatchObject({
      question: ["user", "Pambıq üçün suvarma nə vaxt?", "complete"],
      reply: ["assistant", "", "streaming"],
      title: "Pambıq",
      history: [
        { role: "user", content: "Əvvəlki sual" },
        { role: "assistant", content: "Əvvəlki cavab" },
        { role: "user", content: "Pambıq üçün suvarma nə vaxt?" },
      ],
    });
    expect(shape(outcomes.batch[1]!)).toMatchObject({ title: "Buğda əkini" });
    // Stored as one statement stores it: the run's record, the placeholder with its run.
    if (asked.kind !== "created") throw new Error("not created");
    const [run] = await testDb.database.sql`SELECT status, user_message_id FROM agent_runs WHERE conversation_id = ${asked.conversation.id}`;
    expect(run).toEqual({ status: "running", user_message_id: asked.userMessage.id });
  });

  it("stores a burst of one turn in one statement per batch; a farmer's second question waits for the next batch", async () => {
    const farmers = await Promise.all(Array.from({ length: 5 }, (_, i) => farmer(`burst-${i}`)));
    // The statements that store questions: a WITH … messages statement, one question's or a batch's.
    const { sql: counted, statements } = recordingClient(testDb.url, /^\s*WITH[\s\S]*messages/, 10);
    try {
      const batches = new QuestionBatches({ sql: counted, maxBatch: 3 });
      // Farmer 0 asks twice in the same turn with a limit of one question a minute: exactly one is stored.
      const ask = (i: number, text: string) => batches.store(question(farmers[i]!, text, { rateLimitPerMin: 1 }));
      const outcomes = await Promise.all([ask(0, "Suvarma?"), ask(0, "Yenə suvarma?"), ask(1, "Suvarma?"), ask(2, "Suvarma?"), ask(3, "Suvarma?"), ask(4, "Suvarma?")]);
      expect(outcomes.slice(2).map((o) => o.kind)).toEqual(["created", "created", "created", "created"]);
      // Whichever of farmer 0's statements takes the farmer's lock first stores its question; the other counts it.
      expect([outcomes[0]!.kind, outcomes[1]!.kind].sort()).toEqual(["created", "rate_limited"]);
      // 6 questions, at most 3 per batch, farmer 0's second in the next batch: [0,1,2] [0',3,4] — two statements, not six.
      expect(statements.map((s) => /json_to_recordset/.test(s))).toEqual([true, true]);

      // Alone in its turn, a question is stored by the one-question statement.
      statements.length = 0;
      const alone = await batches.store(question(farmers[1]!, "Tək sual", { rateLimitPerMin: 5 }));
      expect(alone.kind).toBe("busy"); // farmer 1's reply from the burst is still streaming
      expect(statements).toHaveLength(1);
      expect(statements[0]).not.toMatch(/json_to_recordset/);
    } finally {
      await counted.end();
    }
  });

  it("when a batch's statement fails, stores nothing of it and then each question alone, with its own outcome", async () => {
    const { db } = testDb.database;
    const free = await farmer("batch-free");
    const waiting = await farmer("batch-waiting"); // a reply still streams in this conversation
    await db.insert(messages).values({ conversationId: waiting.conversationId, role: "assistant", content: "", status: "streaming", runId: randomUUID() });
    const batches = new QuestionBatches({ sql: testDb.database.sql });
    const [first, second] = await Promise.all([batches.store(question(free, "Birinci")), batches.store(question(waiting, "İkinci"))]);
    expect(first.kind).toBe("created");
    expect(second.kind).toBe("busy");
    const rows = await db.select().from(messages).where(eq(messages.conversationId, free.conversationId));
    expect(rows.filter((m) => m.content === "Birinci")).toHaveLength(1); // stored once, not by the failed batch too
  });
});
