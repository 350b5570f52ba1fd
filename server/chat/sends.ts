import type { Sql } from "postgres";
import { dbOf } from "../db/client.js";
import { and, eq, sql as expr } from "drizzle-orm";
import { databaseError, isUniqueViolation } from "../db/errors.js";
import { decodeRawRow, type RawRow } from "../db/rows.js";
import { conversations, messages } from "../db/schema.js";
import type { ChatMessage, ConversationSummary } from "./events.js";
import { conversationFromRow, messageFromRow } from "./store.js";
import { titleFromQuestion } from "./text.js";

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

/** A question already sent with this clientMessageId, only in a conversation of the sender's (never another user's). */
async function findByClientMessageId(sql: Sql, input: { userId: string; conversationId: string; clientMessageId: string }) {
  const db = dbOf(sql);
  const [row] = await db
    .select({ message: messages })
    .from(messages)
    .innerJoin(conversations, and(eq(conversations.id, messages.conversationId), eq(conversations.userId, input.userId)))
    .where(and(eq(messages.conversationId, input.conversationId), eq(messages.clientMessageId, input.clientMessageId)));
  if (!row) return undefined;
  // The run of the reply that followed it (the first assistant message at or after it).
  const [reply] = await db
    .select({ runId: messages.runId })
    .from(messages)
    .where(and(
      eq(messages.conversationId, row.message.conversationId),
      eq(messages.role, "assistant"),
      // Compared in PostgreSQL: created_at has microseconds, a Date only milliseconds.
      expr`${messages.createdAt} >= (${db.select({ at: messages.createdAt }).from(messages).where(eq(messages.id, row.message.id))})`,
    ))
    .orderBy(messages.createdAt)
    .limit(1);
  return { message: row.message, replyRunId: reply?.runId ?? null };
}

/**
 * Stores a question and the placeholder of its reply, starts the run's record, checks the rate limit
 * and a resent clientMessageId, and reads the history the model needs: one statement, so a send costs one
 * network round trip to PostgreSQL and holds no connection of the pool for itself (a burst of questions
 * pipelines on the pool). Acknowledged means committed; refused means nothing stored. The per-user lock
 * taken inside the statement makes the rate limit exact across tabs and instances (the count is taken after
 * the lock is granted); the partial unique index makes `busy` exact. Its twin for a batch is storeQuestions
 * (below): the two statements change together.
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
  // Raw: one statement (one round trip, pipelined on the pool like any query, no reserved connection):
  // drizzle cannot say these data-modifying CTEs. `recent` takes the per-user lock and counts after it is
  // granted (migrations/0012_chat_send_lock.sql), of the runs started (model_run_starts, migrations/0014_security_limits.sql:
  // deleting a conversation gives none back); the unique indexes make `busy` and a resend exact. A failed
  // statement stores nothing. Rows come back as JSON and are decoded by the schema.
  let stored: StoreQuestionRow[];
  try {
    stored = await sql<StoreQuestionRow[]>`
      WITH conv AS (
        SELECT id FROM conversations WHERE id = ${input.conversationId} AND user_id = ${input.userId}
      ), dup AS (
        SELECT u.*, (SELECT a.run_id FROM messages a WHERE a.conversation_id = u.conversation_id AND a.role = 'assistant'
                       AND a.created_at >= u.created_at ORDER BY a.created_at LIMIT 1) AS reply_run_id
          FROM messages u JOIN conv ON conv.id = u.conversation_id WHERE u.client_message_id = ${input.clientMessageId}
      ), recent AS (
        SELECT yonca_lock_and_count_recent_runs(${input.userId}) AS n
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
      ), started AS (
        INSERT INTO model_run_starts (user_id) SELECT ${input.userId} FROM q
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
  } catch (reason) {
    const error = databaseError(reason);
    if (isUniqueViolation(error, "messages_one_streaming_per_conversation")) return { kind: "busy" };
    if (isUniqueViolation(error, "messages_client_message_id_unique")) {
      const again = await findByClientMessageId(sql, input);
      if (again) return { kind: "duplicate", userMessage: messageFromRow(again.message), runId: again.replyRunId };
    }
    throw error;
  }
  return sendOutcome(stored[0]!, input.text);
}

/** What storeQuestion stores: one farmer's question. */
export type QuestionInput = Parameters<typeof storeQuestion>[1];

/**
 * storeQuestion for several questions in one statement (server/chat/questions.ts gathers a burst of them):
 * each is checked, stored or refused exactly as storeQuestion would, in one round trip and one commit for all.
 * The questions must be of different users (so of different conversations): each user's lock is taken in
 * the order of the locks' keys, and each count sees the questions committed before it, as one statement does.
 * A statement that fails stores none of them; the caller then stores each alone (storeQuestion), which
 * tells each question's own outcome (a reply still streaming, a resent clientMessageId, a deadlock).
 *
 * storeQuestion stays a statement of its own, a twin of this one: the two change together, and
 * tests/integration/question-batches.test.ts checks that for every outcome (created, not_found, duplicate,
 * rate_limited, busy) both answer the same and store the same rows. Made a batch of one, a question sent
 * alone costs about 1 ms more: 500 lone sends each way, interleaved, after 100 of warm-up, against this
 * machine's PostgreSQL 15 (2 cores, busy with other work), took p50 1.9–3.1 ms (p95 7.6–9.1 ms) through
 * storeQuestion and 3.0–4.5 ms (p95 8.5–11.7 ms) through storeQuestions(sql, [input]), 0.9–1.2 ms more at
 * p50 send for send (three runs). Not the plan: postgres.js prepares both, and after five runs both use
 * PostgreSQL's cached generic plan (pg_prepared_statements). What is left is the batch's own work, the
 * questions as JSON and the joins that match each one's rows, which a batch of many shares among its questions.
 */
export async function storeQuestions(sql: Sql, inputs: QuestionInput[]): Promise<SendOutcome[]> {
  // The stored rows are matched to their questions through the conversation (go.id): one question per farmer,
  // so per conversation (a question naming another farmer's conversation is not found, and stores nothing).
  if (new Set(inputs.map((i) => i.userId)).size !== inputs.length) throw new Error("storeQuestions: one question per user");
  const json = JSON.stringify(
    inputs.map((input, n) => ({
      n,
      user_id: input.userId,
      conversation_id: input.conversationId,
      text: input.text,
      client_message_id: input.clientMessageId,
      run_id: input.runId,
      trace_id: input.traceId,
      title: titleFromQuestion(input.text),
      provider: input.provider,
      model: input.model,
      instance_id: input.instanceId,
      rate_limit: input.rateLimitPerMin,
      history_limit: input.historyLimit ?? 29,
    })),
  );
  let stored: (StoreQuestionRow & { n: number })[];
  try {
    stored = await sql<(StoreQuestionRow & { n: number })[]>`
      WITH input AS (
        SELECT * FROM json_to_recordset(${json}::text::json) AS i(
          n integer, user_id uuid, conversation_id uuid, text text, client_message_id text, run_id uuid, trace_id text,
          title text, provider text, model text, instance_id text, rate_limit integer, history_limit integer)
      ), conv AS (
        -- A subquery per question: one index look-up each, whatever the planner guesses of the input's size.
        SELECT n, id FROM (
          SELECT i.n, (SELECT c.id FROM conversations c WHERE c.id = i.conversation_id AND c.user_id = i.user_id) AS id FROM input i
        ) owned WHERE id IS NOT NULL
      ), dup AS (
        SELECT conv.n, u.*, (SELECT a.run_id FROM messages a WHERE a.conversation_id = u.conversation_id AND a.role = 'assistant'
                              AND a.created_at >= u.created_at ORDER BY a.created_at LIMIT 1) AS reply_run_id
          FROM conv JOIN input i ON i.n = conv.n JOIN messages u ON u.conversation_id = conv.id AND u.client_message_id = i.client_message_id
      ), recent AS (
        -- Locks in the order of their keys (migrations/0013_chat_send_cost.sql), so batches running together wait
        -- for each other instead of deadlocking (and if one did, PostgreSQL ends it, and the caller stores each alone).
        SELECT l.n, yonca_lock_and_count_recent_runs(l.user_id) AS count
          FROM (SELECT n, user_id FROM input ORDER BY hashtextextended('send:' || user_id::text, 0), n) l
      ), go AS (
        SELECT conv.n, conv.id FROM conv JOIN recent ON recent.n = conv.n JOIN input i ON i.n = conv.n
         WHERE NOT EXISTS (SELECT 1 FROM dup WHERE dup.n = conv.n) AND recent.count < i.rate_limit
      ), q AS (
        INSERT INTO messages (conversation_id, role, content, status, client_message_id)
        SELECT go.id, 'user', i.text, 'complete', i.client_message_id FROM go JOIN input i ON i.n = go.n RETURNING *
      ), a AS (
        INSERT INTO messages (conversation_id, role, content, status, run_id, created_at)
        SELECT q.conversation_id, 'assistant', '', 'streaming', i.run_id, clock_timestamp()
          FROM q JOIN go ON go.id = q.conversation_id JOIN input i ON i.n = go.n RETURNING *
      ), r AS (
        INSERT INTO agent_runs (id, trace_id, conversation_id, user_message_id, provider, model, status, instance_id)
        SELECT i.run_id, i.trace_id, q.conversation_id, q.id, i.provider, i.model, 'running', i.instance_id
          FROM q JOIN go ON go.id = q.conversation_id JOIN input i ON i.n = go.n RETURNING id
      ), started AS (
        INSERT INTO model_run_starts (user_id) SELECT i.user_id FROM q JOIN go ON go.id = q.conversation_id JOIN input i ON i.n = go.n
      ), c AS (
        UPDATE conversations SET updated_at = now(), title = CASE WHEN conversations.title = '' THEN i.title ELSE conversations.title END
          FROM q JOIN go ON go.id = q.conversation_id JOIN input i ON i.n = go.n
         WHERE conversations.id = q.conversation_id RETURNING conversations.id, conversations.title, conversations.updated_at
      )
      -- Joined once (not a subquery per question over every stored row): a question not stored has NULLs here.
      SELECT i.n, conv.n IS NOT NULL AS found, row_to_json(dup) AS dup, row_to_json(q) AS question, row_to_json(a) AS reply,
             row_to_json(c) AS conversation, history.history
        FROM input i
        LEFT JOIN conv ON conv.n = i.n
        LEFT JOIN dup ON dup.n = i.n
        LEFT JOIN go ON go.n = i.n
        LEFT JOIN q ON q.conversation_id = go.id
        LEFT JOIN a ON a.conversation_id = go.id
        LEFT JOIN c ON c.id = go.id
        LEFT JOIN LATERAL (
          SELECT coalesce(json_agg(json_build_object('role', h.role, 'content', h.content) ORDER BY h.created_at, h.role DESC), '[]') AS history
            FROM (SELECT m.role, m.content, m.created_at FROM messages m
                   WHERE m.conversation_id = go.id AND m.status <> 'streaming' AND m.content <> '' AND m.replaced_by IS NULL
                   ORDER BY m.created_at DESC, m.role DESC LIMIT i.history_limit) h
        ) history ON true
       ORDER BY i.n`;
  } catch (reason) {
    throw databaseError(reason);
  }
  return stored.map((row) => sendOutcome(row, inputs[row.n]!.text));
}

/** A send's outcome from storeQuestion's (or storeQuestions') result row. */
function sendOutcome(row: StoreQuestionRow, text: string): SendOutcome {
  if (!row.found) return { kind: "not_found" };
  if (row.dup) return { kind: "duplicate", userMessage: messageFromRow(decodeRawRow(messages, row.dup)), runId: row.dup.reply_run_id };
  if (!row.question || !row.reply || !row.conversation) return { kind: "rate_limited" };
  return {
    kind: "created",
    userMessage: messageFromRow(decodeRawRow(messages, row.question)),
    assistantMessage: messageFromRow(decodeRawRow(messages, row.reply)),
    conversation: conversationFromRow(decodeRawRow(conversations, row.conversation)),
    history: [...row.history, { role: "user", content: text }],
  };
}

/** storeQuestion's one result row: the stored rows as row_to_json gives them (decoded by decodeRawRow). */
interface StoreQuestionRow {
  found: boolean;
  dup: (RawRow & { reply_run_id: string | null }) | null;
  question: RawRow | null;
  reply: RawRow | null;
  conversation: RawRow | null;
  history: Pick<ChatMessage, "role" | "content">[];
}
