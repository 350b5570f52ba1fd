import type { Sql } from "postgres";
import { transaction } from "../db/client.js";
import { isoTime as iso, type Row } from "../db/rows.js";
import type { PersonaField } from "../personas/types.js";
import type { ChatMessage, ConversationSummary, MessageSource } from "./events.js";
import { titleFromQuestion } from "./text.js";
import { withFeedback } from "./feedback.js";


export function messageFromRow(r: Row): ChatMessage {
  return {
    id: String(r.id),
    conversationId: String(r.conversation_id),
    role: r.role as ChatMessage["role"],
    content: String(r.content),
    status: r.status as ChatMessage["status"],
    runId: (r.run_id as string | null) ?? null,
    seq: Number(r.seq ?? 0),
    usedPersonaFields: (r.used_persona_fields as PersonaField[]) ?? [],
    sources: (r.sources as MessageSource[] | undefined) ?? [],
    createdAt: iso(r.created_at),
  };
}

export function conversationFromRow(r: Row): ConversationSummary {
  return { id: String(r.id), title: String(r.title), updatedAt: iso(r.updated_at) };
}

export async function listConversationsForUser(sql: Sql, input: { userId: string; limit?: number }): Promise<ConversationSummary[]> {
  // Empty conversations are not listed (issue 13): "New chat" leaves no trail until a question is asked.
  const rows = await sql`SELECT id, title, updated_at FROM conversations c WHERE user_id = ${input.userId}
                            AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id)
                          ORDER BY updated_at DESC, id LIMIT ${input.limit ?? 50}`;
  return rows.map(conversationFromRow);
}

export async function getConversationForUser(sql: Sql, input: { userId: string; conversationId: string }): Promise<ConversationSummary | null> {
  const rows = await sql`SELECT id, title, updated_at FROM conversations WHERE id = ${input.conversationId} AND user_id = ${input.userId}`;
  return rows[0] ? conversationFromRow(rows[0]) : null;
}

export async function createConversation(sql: Sql, input: { userId: string }): Promise<ConversationSummary> {
  const [row] = await sql`INSERT INTO conversations (user_id) VALUES (${input.userId}) RETURNING id, title, updated_at`;
  return conversationFromRow(row!);
}

/**
 * The user's latest conversation, or a new one. Many tabs of a new user connect at once: a per-user
 * advisory lock makes them agree on one conversation.
 */
export async function getOrCreateLatestConversation(sql: Sql, input: { userId: string }): Promise<ConversationSummary> {
  const [latest] = await sql`SELECT id, title, updated_at FROM conversations WHERE user_id = ${input.userId}
                              ORDER BY updated_at DESC, id LIMIT 1`;
  if (latest) return conversationFromRow(latest);
  return transaction(sql, async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtextextended(${`conversation:${input.userId}`}, 0))`;
    const [again] = await tx`SELECT id, title, updated_at FROM conversations WHERE user_id = ${input.userId}
                              ORDER BY updated_at DESC, id LIMIT 1`;
    if (again) return conversationFromRow(again);
    const [row] = await tx`INSERT INTO conversations (user_id) VALUES (${input.userId}) RETURNING id, title, updated_at`;
    return conversationFromRow(row!);
  });
}

export async function listMessages(sql: Sql, input: { conversationId: string; limit?: number }): Promise<ChatMessage[]> {
  const rows = await sql`
    SELECT * FROM (
      SELECT * FROM messages WHERE conversation_id = ${input.conversationId} AND replaced_by IS NULL
       ORDER BY created_at DESC, role DESC LIMIT ${input.limit ?? 200}
    ) recent ORDER BY created_at, role DESC`;
  return withFeedback(sql, rows.map(messageFromRow));
}

export type SendOutcome =
  | { kind: "created"; userMessage: ChatMessage; assistantMessage: ChatMessage; conversation: ConversationSummary }
  | { kind: "duplicate"; userMessage: ChatMessage; runId: string | null }
  | { kind: "not_found" }
  | { kind: "busy" }
  | { kind: "rate_limited" };

function isUnique(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint_name?: string };
  return e?.code === "23505" && e.constraint_name === constraint;
}

/** A question already sent with this clientMessageId, only in a conversation of the sender's (never another user's). */
async function findByClientMessageId(sql: Sql, userId: string, conversationId: string, clientMessageId: string) {
  const [row] = await sql`
    SELECT u.*, (SELECT a.run_id FROM messages a WHERE a.conversation_id = u.conversation_id AND a.role = 'assistant'
                   AND a.created_at >= u.created_at ORDER BY a.created_at LIMIT 1) AS reply_run_id
      FROM messages u JOIN conversations c ON c.id = u.conversation_id AND c.user_id = ${userId}
     WHERE u.conversation_id = ${conversationId} AND u.client_message_id = ${clientMessageId}`;
  return row;
}

/**
 * Stores a question and the placeholder of its reply, and starts the run's record, in one transaction:
 * acknowledged means committed; refused means nothing stored. The per-user lock makes the rate limit
 * exact across tabs and instances; the partial unique index makes `busy` exact.
 */
export async function storeQuestion(
  sql: Sql,
  input: {
    userId: string;
    conversationId: string;
    text: string;
    clientMessageId: string;
    runId: string;
    traceId: string;
    provider: string;
    model: string;
    instanceId: string;
    rateLimitPerMin: number;
  },
): Promise<SendOutcome> {
  const existing = await findByClientMessageId(sql, input.userId, input.conversationId, input.clientMessageId);
  if (existing) return { kind: "duplicate", userMessage: messageFromRow(existing), runId: (existing.reply_run_id as string) ?? null };
  try {
    return await transaction(sql, async (tx): Promise<SendOutcome> => {
      await tx`SELECT pg_advisory_xact_lock(hashtextextended(${`send:${input.userId}`}, 0))`;
      const [conversation] = await tx`SELECT id FROM conversations WHERE id = ${input.conversationId} AND user_id = ${input.userId}`;
      if (!conversation) return { kind: "not_found" };
      const [{ recent }] = (await tx`
        SELECT count(*)::int AS recent FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE c.user_id = ${input.userId} AND m.role = 'user' AND m.created_at > now() - interval '1 minute'`) as unknown as [{ recent: number }];
      if (recent >= input.rateLimitPerMin) return { kind: "rate_limited" };
      const [userRow] = await tx`
        INSERT INTO messages (conversation_id, role, content, status, client_message_id)
        VALUES (${input.conversationId}, 'user', ${input.text}, 'complete', ${input.clientMessageId}) RETURNING *`;
      const [assistantRow] = await tx`
        INSERT INTO messages (conversation_id, role, content, status, run_id, created_at)
        VALUES (${input.conversationId}, 'assistant', '', 'streaming', ${input.runId}, clock_timestamp()) RETURNING *`;
      await tx`
        INSERT INTO agent_runs (id, trace_id, conversation_id, user_message_id, provider, model, status, instance_id)
        VALUES (${input.runId}, ${input.traceId}, ${input.conversationId}, ${userRow!.id}, ${input.provider}, ${input.model}, 'running', ${input.instanceId})`;
      const title = titleFromQuestion(input.text);
      const [conv] = await tx`
        UPDATE conversations SET updated_at = now(), title = CASE WHEN title = '' THEN ${title} ELSE title END
         WHERE id = ${input.conversationId} RETURNING id, title, updated_at`;
      return {
        kind: "created",
        userMessage: messageFromRow(userRow!),
        assistantMessage: messageFromRow(assistantRow!),
        conversation: conversationFromRow(conv!),
      };
    });
  } catch (error) {
    if (isUnique(error, "messages_one_streaming_per_conversation")) return { kind: "busy" };
    if (isUnique(error, "messages_client_message_id_unique")) {
      const again = await findByClientMessageId(sql, input.userId, input.conversationId, input.clientMessageId);
      if (again) return { kind: "duplicate", userMessage: messageFromRow(again), runId: (again.reply_run_id as string) ?? null };
    }
    throw error;
  }
}

export async function finishReply(
  sql: Sql,
  input: {
    runId: string;
    content: string;
    status: "complete" | "stopped" | "error";
    seq: number;
    usedPersonaFields: string[];
    sources?: MessageSource[];
    errorCode: string | null;
    firstTokenMs: number | null;
    totalMs: number;
    inputTokens: number | null;
    outputTokens: number | null;
  },
): Promise<ChatMessage | null> {
  return transaction(sql, async (tx) => {
    const [row] = await tx`
      UPDATE messages SET content = ${input.content}, status = ${input.status}, seq = ${input.seq},
             used_persona_fields = ${JSON.stringify(input.usedPersonaFields)}::jsonb,
             sources = ${JSON.stringify(input.sources ?? [])}::jsonb, updated_at = now()
       WHERE run_id = ${input.runId} RETURNING *`;
    await tx`
      UPDATE agent_runs SET status = ${input.status}, error_code = ${input.errorCode}, first_token_ms = ${input.firstTokenMs},
             total_ms = ${input.totalMs}, input_tokens = ${input.inputTokens}, output_tokens = ${input.outputTokens}
       WHERE id = ${input.runId}`;
    return row ? messageFromRow(row) : null;
  });
}

/** Saves the text streamed so far (every few seconds, never per token), so a crash loses little. */
export async function saveReplyProgress(sql: Sql, input: { runId: string; content: string; seq: number }): Promise<void> {
  await sql`UPDATE messages SET content = ${input.content}, seq = ${input.seq}, updated_at = now()
             WHERE run_id = ${input.runId} AND status = 'streaming'`;
}

/** Which conversation a run belongs to, if it is the user's. */
export async function getRunForUser(sql: Sql, input: { userId: string; runId: string }): Promise<{ conversationId: string; status: string } | null> {
  const [row] = await sql`
    SELECT r.conversation_id, r.status FROM agent_runs r JOIN conversations c ON c.id = r.conversation_id
     WHERE r.id = ${input.runId} AND c.user_id = ${input.userId}`;
  return row ? { conversationId: String(row.conversation_id), status: String(row.status) } : null;
}

/**
 * Replies left `streaming` by an instance that is gone (killed, crashed) become `error`, so nobody
 * waits on them and the conversation accepts questions again.
 */
export async function failOrphanedReplies(sql: Sql, input: { liveInstanceIds: string[] }): Promise<string[]> {
  const rows = await sql`
    WITH orphaned AS (
      UPDATE agent_runs SET status = 'error', error_code = 'instance_lost'
       WHERE status = 'running' AND NOT (instance_id = ANY(${input.liveInstanceIds}::text[]))
       RETURNING id
    )
    UPDATE messages SET status = 'error', updated_at = now()
     WHERE run_id IN (SELECT id FROM orphaned) AND status = 'streaming'
     RETURNING run_id`;
  return rows.map((r) => String(r.run_id));
}
