import { and, eq, inArray } from "drizzle-orm";
import type { Sql } from "postgres";
import { dbOf } from "../db/client.js";
import { databaseError } from "../db/errors.js";
import { decodeRawRow, type RawRow } from "../db/rows.js";
import { agentRuns, conversations, messages } from "../db/schema.js";
import type { ChatMessage } from "./events.js";
import { messageFromRow } from "./store.js";

/** The messages of these runs (replies an instance lost), for the tabs that wait on them. */
export async function listMessagesForRuns(sql: Sql, input: { runIds: string[] }): Promise<ChatMessage[]> {
  if (input.runIds.length === 0) return [];
  const rows = await dbOf(sql).select().from(messages).where(inArray(messages.runId, input.runIds));
  return rows.map(messageFromRow);
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
  // Raw: one statement whose CTE updates the run and then the message (atomic, one round trip, and no
  // reserved connection: it pipelines on the pool like any query); drizzle cannot say a data-modifying CTE.
  try {
    const [row] = await sql<RawRow[]>`
      WITH run AS (
        UPDATE agent_runs SET status = ${input.status}, error_code = ${input.errorCode}, first_token_ms = ${input.firstTokenMs},
               total_ms = ${input.totalMs}, input_tokens = ${input.inputTokens}, output_tokens = ${input.outputTokens}
         WHERE id = ${input.runId}
      )
      UPDATE messages SET content = ${input.content}, status = ${input.status}, seq = ${input.seq},
             annotations = ${JSON.stringify(input.annotations)}::jsonb, updated_at = now()
       WHERE run_id = ${input.runId} RETURNING *`;
    return row ? messageFromRow(decodeRawRow(messages, row)) : null;
  } catch (error) {
    throw databaseError(error);
  }
}

/**
 * Saves the text streamed so far of several running replies in one statement (server/chat/progress.ts
 * collects them; never per token). A save only moves a reply forward: not once it has ended (its status is no
 * longer `streaming`), nor over a later save (a higher seq) that reached PostgreSQL first on another connection.
 */
export async function saveRepliesProgress(sql: Sql, saves: { runId: string; content: string; seq: number }[]): Promise<number> {
  if (saves.length === 0) return 0;
  // Raw: drizzle cannot say UPDATE … FROM a set of rows. One JSON parameter carries any text as it is; sent
  // as text (::text::json), so no client serializes it again (drizzle makes the pool's JSON pass-through).
  const rows = JSON.stringify(saves.map((s) => ({ run_id: s.runId, content: s.content, seq: s.seq })));
  const result = await sql`
    UPDATE messages AS m SET content = v.content, seq = v.seq, updated_at = now()
      FROM json_to_recordset(${rows}::text::json) AS v(run_id uuid, content text, seq integer)
     WHERE m.run_id = v.run_id AND m.status = 'streaming' AND m.seq < v.seq`;
  return result.count;
}

/** Of these runs, those whose reply message no longer exists (its conversation or account was deleted, from anywhere). */
export async function runsWithoutMessage(sql: Sql, runIds: string[]): Promise<string[]> {
  if (runIds.length === 0) return [];
  const rows = await sql<{ run_id: string }[]>`
    SELECT r.run_id FROM unnest(${runIds}::uuid[]) AS r(run_id)
     WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.run_id = r.run_id)`;
  return rows.map((r) => r.run_id);
}

/** Which conversation a run belongs to, if it is the user's. */
export async function getRunForUser(sql: Sql, input: { userId: string; runId: string }): Promise<{ conversationId: string; status: string } | null> {
  const [row] = await dbOf(sql)
    .select({ conversationId: agentRuns.conversationId, status: agentRuns.status })
    .from(agentRuns)
    .innerJoin(conversations, eq(conversations.id, agentRuns.conversationId))
    .where(and(eq(agentRuns.id, input.runId), eq(conversations.userId, input.userId)));
  return row ?? null;
}

/**
 * Replies left `streaming` by an instance that is gone (killed, crashed) become `error`, so nobody
 * waits on them and the conversation accepts questions again.
 */
export async function failOrphanedReplies(sql: Sql, input: { liveInstanceIds: string[] }): Promise<string[]> {
  // Raw: one statement whose CTE updates agent_runs and then their messages; drizzle cannot say a
  // data-modifying CTE.
  const rows = await sql<{ run_id: string }[]>`
    WITH orphaned AS (
      UPDATE agent_runs SET status = 'error', error_code = 'instance_lost'
       WHERE status = 'running' AND NOT (instance_id = ANY(${input.liveInstanceIds}::text[]))
       RETURNING id
    )
    UPDATE messages SET status = 'error', updated_at = now()
     WHERE run_id IN (SELECT id FROM orphaned) AND status = 'streaming'
     RETURNING run_id`;
  return rows.map((r) => r.run_id);
}
