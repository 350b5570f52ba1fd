import type { Sql } from "postgres";
import { transaction } from "../db/client.js";
import { isoTime as iso, type Row } from "../db/rows.js";
import { annotationFields } from "./annotations.js";
import type { ChatMessage, ConversationSummary } from "./events.js";
import { titleFromQuestion } from "./text.js";
import { withFeedback } from "./feedback.js";


export function messageFromRow(r: Row): ChatMessage {
  // The plugins' fields (their augmentations of ChatMessage) come from the annotations and their defaults.
  return {
    ...annotationFields(r.annotations),
    id: String(r.id),
    conversationId: String(r.conversation_id),
    role: r.role as ChatMessage["role"],
    content: String(r.content),
    status: r.status as ChatMessage["status"],
    runId: (r.run_id as string | null) ?? null,
    seq: Number(r.seq ?? 0),
    createdAt: iso(r.created_at),
  } as ChatMessage;
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
  | {
      kind: "created";
      userMessage: ChatMessage;
      assistantMessage: ChatMessage;
      conversation: ConversationSummary;
      /** What the model sees: the conversation's earlier finished messages and the new question, oldest first. */
      history: Pick<ChatMessage, "role" | "content">[];
    }
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
 * Stores a question and the placeholder of its reply, starts the run's record, checks the rate limit
 * and a resent clientMessageId, and reads the history the model needs: one transaction, sent as one
 * pipeline (BEGIN, the per-user lock, one statement, COMMIT) on one connection, so a send costs one
 * network round trip to PostgreSQL however many queries it takes. Acknowledged means committed;
 * refused means nothing stored. The per-user lock makes the rate limit exact across tabs and
 * instances (the statement's snapshot is taken after the lock is granted); the partial unique index
 * makes `busy` exact.
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
    /** How many earlier messages to return as `history` (oldest first). */
    historyLimit?: number;
  },
): Promise<SendOutcome> {
  const title = titleFromQuestion(input.text);
  const tx = await sql.reserve();
  try {
    // Pipelined: written together, run in order by PostgreSQL. A failed statement makes COMMIT a rollback.
    const begin = tx`BEGIN`;
    const lock = tx`SELECT pg_advisory_xact_lock(hashtextextended(${`send:${input.userId}`}, 0))`;
    const store = tx`
      WITH conv AS (
        SELECT id FROM conversations WHERE id = ${input.conversationId} AND user_id = ${input.userId}
      ), dup AS (
        SELECT u.*, (SELECT a.run_id FROM messages a WHERE a.conversation_id = u.conversation_id AND a.role = 'assistant'
                       AND a.created_at >= u.created_at ORDER BY a.created_at LIMIT 1) AS reply_run_id
          FROM messages u JOIN conv ON conv.id = u.conversation_id WHERE u.client_message_id = ${input.clientMessageId}
      ), recent AS (
        SELECT count(*)::int AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE c.user_id = ${input.userId} AND m.role = 'user' AND m.created_at > now() - interval '1 minute'
      ), go AS (
        SELECT conv.id FROM conv WHERE NOT EXISTS (SELECT 1 FROM dup) AND (SELECT n FROM recent) < ${input.rateLimitPerMin}
      ), q AS (
        INSERT INTO messages (conversation_id, role, content, status, client_message_id)
        SELECT id, 'user', ${input.text}, 'complete', ${input.clientMessageId} FROM go RETURNING *
      ), a AS (
        INSERT INTO messages (conversation_id, role, content, status, run_id, created_at)
        SELECT conversation_id, 'assistant', '', 'streaming', ${input.runId}, clock_timestamp() FROM q RETURNING *
      ), r AS (
        INSERT INTO agent_runs (id, trace_id, conversation_id, user_message_id, provider, model, status, instance_id)
        SELECT ${input.runId}, ${input.traceId}, conversation_id, id, ${input.provider}, ${input.model}, 'running', ${input.instanceId}
          FROM q RETURNING id
      ), c AS (
        UPDATE conversations SET updated_at = now(), title = CASE WHEN title = '' THEN ${title} ELSE title END
         WHERE id IN (SELECT conversation_id FROM q) RETURNING id, title, updated_at
      ), history AS (
        SELECT role, content, created_at FROM messages
         WHERE conversation_id = (SELECT id FROM go) AND status <> 'streaming' AND content <> '' AND replaced_by IS NULL
         ORDER BY created_at DESC, role DESC LIMIT ${input.historyLimit ?? 29}
      )
      SELECT EXISTS (SELECT 1 FROM conv) AS found,
             (SELECT row_to_json(dup) FROM dup) AS dup,
             (SELECT row_to_json(q) FROM q) AS question,
             (SELECT row_to_json(a) FROM a) AS reply,
             (SELECT row_to_json(c) FROM c) AS conversation,
             (SELECT coalesce(json_agg(json_build_object('role', role, 'content', content) ORDER BY created_at, role DESC), '[]')
                FROM history) AS history`;
    const commit = tx`COMMIT`;
    const [, , stored, committed] = await Promise.allSettled([begin, lock, store, commit]);
    if (stored!.status === "rejected") {
      const error = stored!.reason;
      if (isUnique(error, "messages_one_streaming_per_conversation")) return { kind: "busy" };
      if (isUnique(error, "messages_client_message_id_unique")) {
        const again = await findByClientMessageId(sql, input.userId, input.conversationId, input.clientMessageId);
        if (again) return { kind: "duplicate", userMessage: messageFromRow(again), runId: (again.reply_run_id as string) ?? null };
      }
      throw error;
    }
    if (committed!.status === "rejected") throw committed!.reason;
    const [row] = (stored as PromiseFulfilledResult<Row[]>).value;
    if (!row!.found) return { kind: "not_found" };
    if (row!.dup) {
      const dup = row!.dup as Row;
      return { kind: "duplicate", userMessage: messageFromRow(dup), runId: (dup.reply_run_id as string) ?? null };
    }
    if (!row!.question) return { kind: "rate_limited" };
    return {
      kind: "created",
      userMessage: messageFromRow(row!.question as Row),
      assistantMessage: messageFromRow(row!.reply as Row),
      conversation: conversationFromRow(row!.conversation as Row),
      history: [...(row!.history as Pick<ChatMessage, "role" | "content">[]), { role: "user", content: input.text }],
    };
  } finally {
    tx.release();
  }
}

export async function finishReply(
  sql: Sql,
  input: {
    runId: string;
    content: string;
    status: "complete" | "stopped" | "error";
    seq: number;
    annotations: Record<string, unknown>;
    errorCode: string | null;
    firstTokenMs: number | null;
    totalMs: number;
    inputTokens: number | null;
    outputTokens: number | null;
  },
): Promise<ChatMessage | null> {
  // One pipeline on one connection (BEGIN, both updates, COMMIT): one network round trip per finished reply.
  const tx = await sql.reserve();
  try {
    const begin = tx`BEGIN`;
    const message = tx`
      UPDATE messages SET content = ${input.content}, status = ${input.status}, seq = ${input.seq},
             annotations = ${JSON.stringify(input.annotations)}::jsonb, updated_at = now()
       WHERE run_id = ${input.runId} RETURNING *`;
    const run = tx`
      UPDATE agent_runs SET status = ${input.status}, error_code = ${input.errorCode}, first_token_ms = ${input.firstTokenMs},
             total_ms = ${input.totalMs}, input_tokens = ${input.inputTokens}, output_tokens = ${input.outputTokens}
       WHERE id = ${input.runId}`;
    const commit = tx`COMMIT`;
    const results = await Promise.allSettled([begin, message, run, commit]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) {
      await tx`ROLLBACK`.catch(() => {});
      throw failed.reason;
    }
    const [row] = (results[1] as PromiseFulfilledResult<Row[]>).value;
    return row ? messageFromRow(row) : null;
  } finally {
    tx.release();
  }
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
