import { and, desc, eq, exists, gte, inArray, isNull, lte, not, sql as expr } from "drizzle-orm";
import type { Sql } from "postgres";
import { dbOf, transaction } from "../db/client.js";
import { isUniqueViolation } from "../db/errors.js";
import { agentRuns, conversations, messageFeedback, messages, modelRunStarts } from "../db/schema.js";
import type { ChatMessage, ConversationSummary } from "./events.js";
import { conversationFromRow, messageFromRow, summaryColumns } from "./store.js";

/** Queries behind rename, delete, new, regenerate, edit and feedback. */

export async function renameConversationForUser(
  sql: Sql,
  input: { userId: string; conversationId: string; title: string },
): Promise<ConversationSummary | null> {
  const [row] = await dbOf(sql)
    .update(conversations)
    .set({ title: input.title })
    .where(and(eq(conversations.id, input.conversationId), eq(conversations.userId, input.userId)))
    .returning(summaryColumns);
  return row ? conversationFromRow(row) : null;
}

export async function listRunningRunIds(sql: Sql, input: { conversationId: string }): Promise<string[]> {
  const rows = await dbOf(sql)
    .select({ id: agentRuns.id })
    .from(agentRuns)
    .where(and(eq(agentRuns.conversationId, input.conversationId), eq(agentRuns.status, "running")));
  return rows.map((r) => r.id);
}

/** Deletes the conversation; its messages, runs and feedback go with it (ON DELETE CASCADE). */
export async function deleteConversationForUser(sql: Sql, input: { userId: string; conversationId: string }): Promise<boolean> {
  const rows = await dbOf(sql)
    .delete(conversations)
    .where(and(eq(conversations.id, input.conversationId), eq(conversations.userId, input.userId)))
    .returning({ id: conversations.id });
  return rows.length > 0;
}

/**
 * The user's newest conversation without messages, or a new one: "New chat" pressed three times
 * gives one empty conversation, not three. The per-user lock makes concurrent tabs agree.
 */
export async function getOrCreateEmptyConversation(sql: Sql, input: { userId: string }): Promise<ConversationSummary> {
  return transaction(sql, async (tx, db) => {
    // Raw: drizzle has no advisory locks.
    await tx`SELECT pg_advisory_xact_lock(hashtextextended(${`conversation:${input.userId}`}, 0))`;
    const [empty] = await db
      .select(summaryColumns)
      .from(conversations)
      .where(and(
        eq(conversations.userId, input.userId),
        not(exists(db.select({ id: messages.id }).from(messages).where(eq(messages.conversationId, conversations.id)))),
      ))
      .orderBy(desc(conversations.updatedAt), conversations.id)
      .limit(1);
    if (empty) return conversationFromRow(empty);
    const [row] = await db.insert(conversations).values({ userId: input.userId }).returning(summaryColumns);
    return conversationFromRow(row!);
  });
}

export type ReplaceOutcome =
  | {
      kind: "created";
      conversationId: string;
      userMessage: ChatMessage | null;
      assistantMessage: ChatMessage;
      conversation: ConversationSummary;
    }
  | { kind: "not_found" | "not_latest" | "wrong_role" | "busy" | "rate_limited" };

/**
 * chat:regenerate (no `edit`) and chat:edit: in one transaction, the replaced message(s) leave the
 * conversation (replaced_by → the new message, kept for operators), a new reply placeholder and its
 * run are stored. Only the conversation's latest message of that role may be replaced, and not
 * while a reply streams.
 */
export async function replaceLatestTurn(
  sql: Sql,
  input: {
    userId: string;
    messageId: string;
    edit?: { text: string };
    runId: string;
    traceId: string;
    provider: string;
    model: string;
    instanceId: string;
    rateLimitPerMin: number;
  },
): Promise<ReplaceOutcome> {
  const role = input.edit ? "user" : "assistant";
  try {
    return await transaction(sql, async (tx, db): Promise<ReplaceOutcome> => {
      // Raw: the per-user lock chat:send takes, and the runs this user started in the last minute (chat:send,
      // regenerate and edit share one budget; migrations/0014_security_limits.sql).
      const [budget] = await tx<{ n: number }[]>`SELECT yonca_lock_and_count_recent_runs(${input.userId}) AS n`;
      const [found] = await db
        .select({ message: messages })
        .from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .where(and(eq(messages.id, input.messageId), eq(conversations.userId, input.userId)));
      if (!found) return { kind: "not_found" };
      const target = found.message;
      const conversationId = target.conversationId;
      // Serialises with chat:send and other replacements of this conversation.
      await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.id, conversationId)).for("update");
      const [streaming] = await db
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.conversationId, conversationId), eq(messages.status, "streaming")))
        .limit(1);
      if (streaming) return { kind: "busy" };
      if (target.role !== role) return { kind: "wrong_role" };
      if (target.replacedBy) return { kind: "not_latest" };
      const [latest] = await db
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.conversationId, conversationId), eq(messages.role, role), isNull(messages.replacedBy)))
        .orderBy(desc(messages.createdAt), desc(messages.id))
        .limit(1);
      if (!latest || latest.id !== target.id) return { kind: "not_latest" };
      if ((budget?.n ?? 0) >= input.rateLimitPerMin) return { kind: "rate_limited" };

      // The target's time, compared in PostgreSQL: created_at has microseconds, a Date only milliseconds.
      const targetCreatedAt = db.select({ at: messages.createdAt }).from(messages).where(eq(messages.id, target.id));
      let userMessage: ChatMessage | null = null;
      let questionId: string | null;
      // The answers this turn had (for regenerate: the target itself).
      let oldAnswers: string[];
      if (input.edit) {
        const [row] = await db
          .insert(messages)
          .values({ conversationId, role: "user", content: input.edit.text, status: "complete" })
          .returning();
        await db.update(messages).set({ replacedBy: row!.id, updatedAt: expr`now()` }).where(eq(messages.id, target.id));
        userMessage = { ...messageFromRow(row!), replaces: target.id };
        questionId = row!.id;
        const answers = await db
          .select({ id: messages.id })
          .from(messages)
          .where(and(
            eq(messages.conversationId, conversationId),
            eq(messages.role, "assistant"),
            isNull(messages.replacedBy),
            gte(messages.createdAt, targetCreatedAt),
          ))
          .orderBy(messages.createdAt);
        oldAnswers = answers.map((a) => a.id);
      } else {
        const [question] = await db
          .select({ id: messages.id })
          .from(messages)
          .where(and(
            eq(messages.conversationId, conversationId),
            eq(messages.role, "user"),
            isNull(messages.replacedBy),
            lte(messages.createdAt, targetCreatedAt),
          ))
          .orderBy(desc(messages.createdAt))
          .limit(1);
        questionId = question?.id ?? null;
        oldAnswers = [target.id];
      }
      const [assistantRow] = await db
        .insert(messages)
        .values({ conversationId, role: "assistant", content: "", status: "streaming", runId: input.runId, createdAt: expr`clock_timestamp()` })
        .returning();
      if (oldAnswers.length > 0) {
        await db.update(messages).set({ replacedBy: assistantRow!.id, updatedAt: expr`now()` }).where(inArray(messages.id, oldAnswers));
      }
      await db.insert(agentRuns).values({
        id: input.runId,
        traceId: input.traceId,
        conversationId,
        userMessageId: questionId,
        provider: input.provider,
        model: input.model,
        status: "running",
        instanceId: input.instanceId,
      });
      await db.insert(modelRunStarts).values({ userId: input.userId });
      const [conv] = await db
        .update(conversations)
        .set({ updatedAt: expr`now()` })
        .where(eq(conversations.id, conversationId))
        .returning(summaryColumns);
      const assistantMessage: ChatMessage = { ...messageFromRow(assistantRow!), ...(oldAnswers[0] ? { replaces: oldAnswers[0] } : {}) };
      return { kind: "created", conversationId, userMessage, assistantMessage, conversation: conversationFromRow(conv!) };
    });
  } catch (error) {
    if (isUniqueViolation(error, "messages_one_streaming_per_conversation")) return { kind: "busy" };
    throw error;
  }
}

export type FeedbackOutcome = "ok" | "not_found" | "not_an_answer";

export async function setMessageFeedback(
  sql: Sql,
  input: { userId: string; messageId: string; rating: "up" | "down" | null; comment: string | null },
): Promise<FeedbackOutcome> {
  return transaction(sql, async (_tx, db) => {
    const [message] = await db
      .select({ role: messages.role, status: messages.status })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(and(eq(messages.id, input.messageId), eq(conversations.userId, input.userId)));
    if (!message) return "not_found";
    if (message.role !== "assistant" || message.status === "streaming") return "not_an_answer";
    if (input.rating === null) {
      await db
        .delete(messageFeedback)
        .where(and(eq(messageFeedback.messageId, input.messageId), eq(messageFeedback.userId, input.userId)));
      return "ok";
    }
    await db
      .insert(messageFeedback)
      .values({ messageId: input.messageId, userId: input.userId, rating: input.rating, comment: input.comment })
      .onConflictDoUpdate({
        target: [messageFeedback.messageId, messageFeedback.userId],
        set: { rating: input.rating, comment: input.comment, updatedAt: expr`now()` },
      });
    return "ok";
  });
}
