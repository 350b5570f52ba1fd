import { randomUUID } from "node:crypto";
import { asc, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertUser } from "../../server/auth/users.js";
import { QuestionBatches } from "../../server/chat/questions.js";
import { storeQuestion, storeQuestions, type QuestionInput, type SendOutcome } from "../../server/chat/sends.js";
import { isUniqueViolation } from "../../server/db/errors.js";
import { agentRuns, conversations, messages, modelRunStarts } from "../../server/db/schema.js";
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

/**
 * What a question left in the database, without the ids and times that differ between two stores: its
 * conversation's messages and runs (each told apart by whether it is this question's), the farmer's counted
 * model runs, and the conversation's title and whether it was touched.
 */
async function storedFor(input: QuestionInput) {
  const { db } = testDb.database;
  const rows = await db.select().from(messages).where(eq(messages.conversationId, input.conversationId)).orderBy(asc(messages.createdAt), desc(messages.role));
  const question = rows.find((m) => m.clientMessageId === input.clientMessageId);
  const runs = await db.select().from(agentRuns).where(eq(agentRuns.conversationId, input.conversationId)).orderBy(asc(agentRuns.startedAt));
  const starts = await db.select().from(modelRunStarts).where(eq(modelRunStarts.userId, input.userId));
  const [conversation] = await db.select().from(conversations).where(eq(conversations.id, input.conversationId));
  return {
    messages: rows.map((m) => ({
      role: m.role, content: m.content, status: m.status, seq: m.seq, annotations: m.annotations, replaced: m.replacedBy !== null,
      thisQuestion: m.clientMessageId === input.clientMessageId, thisRun: m.runId === input.runId,
    })),
    runs: runs.map((r) => ({
      thisRun: r.id === input.runId, thisTrace: r.traceId === input.traceId, forThisQuestion: question !== undefined && r.userMessageId === question.id,
      provider: r.provider, model: r.model, status: r.status, instanceId: r.instanceId,
    })),
    runStarts: starts.length,
    conversation: { title: conversation!.title, touched: conversation!.updatedAt > conversation!.createdAt },
  };
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

  it("stores what storeQuestion stores, for every outcome (created, not found, resent, rate-limited, busy): the twin statements cannot drift", async () => {
    const seen: Record<"alone" | "batch", { kinds: string[]; outcomes: ReturnType<typeof shape>[]; stored: Awaited<ReturnType<typeof storedFor>>[] }> = {
      alone: { kinds: [], outcomes: [], stored: [] },
      batch: { kinds: [], outcomes: [], stored: [] },
    };
    for (const mode of ["alone", "batch"] as const) {
      const { sql, db } = testDb.database;
      const asking = await farmer(`twin-asks-${mode}`);
      const fresh = await farmer(`twin-fresh-${mode}`);
      await db.update(conversations).set({ title: "" }).where(eq(conversations.id, fresh.conversationId));
      const stranger = await farmer(`twin-stranger-${mode}`);
      const resending = await farmer(`twin-resends-${mode}`);
      const sent = question(resending, "Gübrə nə qədər?");
      expect((await storeQuestion(sql, sent)).kind).toBe("created");
      await db.update(messages).set({ status: "complete", content: "Cavab" }).where(eq(messages.conversationId, resending.conversationId));
      const limited = await farmer(`twin-limited-${mode}`);
      const waiting = await farmer(`twin-waiting-${mode}`); // a reply still streams in this conversation
      await db.insert(messages).values({ conversationId: waiting.conversationId, role: "assistant", content: "", status: "streaming", runId: randomUUID() });
      const inputs = [
        question(asking, "Pambıq üçün suvarma nə vaxt?"),
        question(fresh, "Buğda əkini"),
        question({ userId: stranger.userId, conversationId: asking.conversationId }), // not the stranger's conversation
        { ...question(resending, "Gübrə nə qədər?"), clientMessageId: sent.clientMessageId }, // sent again
        question(limited, "Sual", { rateLimitPerMin: 0 }),
      ];
      const busy = question(waiting, "Yenə sual");
      let outcomes: SendOutcome[];
      if (mode === "alone") {
        outcomes = [];
        for (const input of [...inputs, busy]) outcomes.push(await storeQuestion(sql, input));
      } else {
        outcomes = await storeQuestions(sql, inputs);
        // A batch cannot answer `busy` for one question: its statement fails on the index storeQuestion answers
        // `busy` for, stores nothing, and QuestionBatches then stores each question alone.
        const failed = await storeQuestions(sql, [busy]).then(() => undefined, (error: unknown) => error);
        expect(isUniqueViolation(failed, "messages_one_streaming_per_conversation")).toBe(true);
        outcomes.push({ kind: "busy" });
      }
      seen[mode] = {
        kinds: outcomes.map((o) => o.kind),
        outcomes: outcomes.map(shape),
        stored: await Promise.all([...inputs, busy].map(storedFor)),
      };
    }
    expect(seen.alone.kinds).toEqual(["created", "created", "not_found", "duplicate", "rate_limited", "busy"]);
    expect(seen.batch.outcomes).toEqual(seen.alone.outcomes);
    expect(seen.batch.stored).toEqual(seen.alone.stored);
    // The stored rows are checked, not only compared: a created question has its placeholder, run and counted start.
    expect(seen.alone.stored[0]).toMatchObject({ runStarts: 1, conversation: { title: "Pambıq", touched: true } });
    expect(seen.alone.stored[0]!.runs).toEqual([{ thisRun: true, thisTrace: true, forThisQuestion: true, provider: "offline", model: "offline", status: "running", instanceId: "test" }]);
    expect(seen.alone.stored[0]!.messages.slice(-2)).toMatchObject([
      { role: "user", content: "Pambıq üçün suvarma nə vaxt?", status: "complete", thisQuestion: true, thisRun: false },
      { role: "assistant", content: "", status: "streaming", thisQuestion: false, thisRun: true },
    ]);
    expect(seen.alone.stored[1]!.conversation.title).toBe("Buğda əkini");
    for (const refused of [seen.alone.stored[4]!, seen.alone.stored[5]!]) {
      expect(refused.runStarts).toBe(0);
      expect(refused.runs).toEqual([]);
      expect(refused.messages.some((m) => m.thisQuestion || m.thisRun)).toBe(false);
    }
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
