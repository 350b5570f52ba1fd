import type { Sql } from "postgres";
import { transaction } from "../db/client.js";
import type { ChatMessage, ConversationSummary } from "./events.js";
import { conversationFromRow, messageFromRow } from "./store.js";

/** Queries behind rename, delete, new, regenerate, edit and feedback (issue 13). */

export async function renameConversationForUser(
  sql: Sql,
  input: { userId: string; conversationId: string; title: string },
): Promise<ConversationSummary | null> {
  const [row] = await sql`UPDATE conversations SET title = ${input.title}
                           WHERE id = ${input.conversationId} AND user_id = ${input.userId} RETURNING id, title, updated_at`;
  return row ? conversationFromRow(row) : null;
}

export async function listRunningRunIds(sql: Sql, input: { conversationId: string }): Promise<string[]> {
  const rows = await sql`SELECT id FROM agent_runs WHERE conversation_id = ${input.conversationId} AND status = 'running'`;
  return rows.map((r) => String(r.id));
}

/** Deletes the conversation; its messages, runs and feedback go with it (ON DELETE CASCADE). */
export async function deleteConversationForUser(sql: Sql, input: { userId: string; conversationId: string }): Promise<boolean> {
  const rows = await sql`DELETE FROM conversations WHERE id = ${input.conversationId} AND user_id = ${input.userId} RETURNING id`;
  return rows.length > 0;
}

/**
 * The user's newest conversation without messages, or a new one: "New chat" pressed three times
 * gives one empty conversation, not three. The per-user lock makes concurrent tabs agree.
 */
export async function getOrCreateEmptyConversation(sql: Sql, input: { userId: string }): Promise<ConversationSummary> {
  return transaction(sql, async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtextextended(${`conversation:${input.userId}`}, 0))`;
    const [empty] = await tx`
      SELECT c.id, c.title, c.updated_at FROM conversations c
       WHERE c.user_id = ${input.userId} AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id)
       ORDER BY c.updated_at DESC, c.id LIMIT 1`;
    if (empty) return conversationFromRow(empty);
    const [row] = await tx`INSERT INTO conversations (user_id) VALUES (${input.userId}) RETURNING id, title, updated_at`;
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

function isUnique(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint_name?: string };
  return e?.code === "23505" && e.constraint_name === constraint;
}

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
    return await transaction(sql, async (tx): Promise<ReplaceOutcome> => {
      await tx`SELECT pg_advisory_xact_lock(hashtextextended(${`send:${input.userId}`}, 0))`;
      const [target] = await tx`
        SELECT m.* FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE m.id = ${input.messageId} AND c.user_id = ${input.userId}`;
      if (!target) return { kind: "not_found" };
      const conversationId = String(target.conversation_id);
      // Serialises with chat:send and other replacements of this conversation.
      await tx`SELECT id FROM conversations WHERE id = ${conversationId} FOR UPDATE`;
      const [streaming] = await tx`SELECT id FROM messages WHERE conversation_id = ${conversationId} AND status = 'streaming' LIMIT 1`;
      if (streaming) return { kind: "busy" };
      if (target.role !== role) return { kind: "wrong_role" };
      if (target.replaced_by) return { kind: "not_latest" };
      const [latest] = await tx`
        SELECT id FROM messages WHERE conversation_id = ${conversationId} AND role = ${role} AND replaced_by IS NULL
         ORDER BY created_at DESC, id DESC LIMIT 1`;
      if (!latest || latest.id !== target.id) return { kind: "not_latest" };
      const [{ recent }] = (await tx`
        SELECT count(*)::int AS recent FROM agent_runs r JOIN conversations c ON c.id = r.conversation_id
         WHERE c.user_id = ${input.userId} AND r.started_at > now() - interval '1 minute'`) as unknown as [{ recent: number }];
      if (recent >= input.rateLimitPerMin) return { kind: "rate_limited" };

      let userMessage: ChatMessage | null = null;
      let questionId: string | null;
      // The answers this turn had (for regenerate: the target itself).
      let oldAnswers: string[];
      if (input.edit) {
        const [row] = await tx`
          INSERT INTO messages (conversation_id, role, content, status)
          VALUES (${conversationId}, 'user', ${input.edit.text}, 'complete') RETURNING *`;
        await tx`UPDATE messages SET replaced_by = ${row!.id}, updated_at = now() WHERE id = ${target.id}`;
        userMessage = { ...messageFromRow(row!), replaces: String(target.id) };
        questionId = String(row!.id);
        const answers = await tx`
          SELECT id FROM messages WHERE conversation_id = ${conversationId} AND role = 'assistant' AND replaced_by IS NULL
             AND created_at >= (SELECT created_at FROM messages WHERE id = ${target.id as string}) ORDER BY created_at`;
        oldAnswers = answers.map((a) => String(a.id));
      } else {
        const [question] = await tx`
          SELECT id FROM messages WHERE conversation_id = ${conversationId} AND role = 'user' AND replaced_by IS NULL
             AND created_at <= (SELECT created_at FROM messages WHERE id = ${target.id as string}) ORDER BY created_at DESC LIMIT 1`;
        questionId = question ? String(question.id) : null;
        oldAnswers = [String(target.id)];
      }
      const [assistantRow] = await tx`
        INSERT INTO messages (conversation_id, role, content, status, run_id, created_at)
        VALUES (${conversationId}, 'assistant', '', 'streaming', ${input.runId}, clock_timestamp()) RETURNING *`;
      if (oldAnswers.length > 0) {
        await tx`UPDATE messages SET replaced_by = ${assistantRow!.id}, updated_at = now() WHERE id = ANY(${oldAnswers}::uuid[])`;
      }
      await tx`
        INSERT INTO agent_runs (id, trace_id, conversation_id, user_message_id, provider, model, status, instance_id)
        VALUES (${input.runId}, ${input.traceId}, ${conversationId}, ${questionId}, ${input.provider}, ${input.model}, 'running', ${input.instanceId})`;
      const [conv] = await tx`UPDATE conversations SET updated_at = now() WHERE id = ${conversationId} RETURNING id, title, updated_at`;
      const assistantMessage: ChatMessage = { ...messageFromRow(assistantRow!), ...(oldAnswers[0] ? { replaces: oldAnswers[0] } : {}) };
      return { kind: "created", conversationId, userMessage, assistantMessage, conversation: conversationFromRow(conv!) };
    });
  } catch (error) {
    if (isUnique(error, "messages_one_streaming_per_conversation")) return { kind: "busy" };
    throw error;
  }
}

export type FeedbackOutcome = "ok" | "not_found" | "not_an_answer";

export async function setMessageFeedback(
  sql: Sql,
  input: { userId: string; messageId: string; rating: "up" | "down" | null; comment: string | null },
): Promise<FeedbackOutcome> {
  return transaction(sql, async (tx) => {
    const [message] = await tx`
      SELECT m.role, m.status FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE m.id = ${input.messageId} AND c.user_id = ${input.userId}`;
    if (!message) return "not_found";
    if (message.role !== "assistant" || message.status === "streaming") return "not_an_answer";
    if (input.rating === null) {
      await tx`DELETE FROM message_feedback WHERE message_id = ${input.messageId} AND user_id = ${input.userId}`;
      return "ok";
    }
    await tx`
      INSERT INTO message_feedback (message_id, user_id, rating, comment)
      VALUES (${input.messageId}, ${input.userId}, ${input.rating}, ${input.comment})
      ON CONFLICT (message_id, user_id) DO UPDATE SET rating = EXCLUDED.rating, comment = EXCLUDED.comment, updated_at = now()`;
    return "ok";
  });
}
