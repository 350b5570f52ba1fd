import type { Sql } from "postgres";
import { databaseError } from "../db/errors.js";
import { decodeRawRow, type RawRow } from "../db/rows.js";
import { conversations, messages } from "../db/schema.js";
import type { ChatMessage, ConversationSummary } from "./events.js";
import { conversationFromRow, messageFromRow } from "./store.js";

export interface ConnectRead {
  /** Newest first, conversations with at least one message (or only the opened one, when it is the farmer's first). */
  conversations: ConversationSummary[];
  /** The requested conversation if it is the farmer's, else the latest one with messages, else the latest or a new one. */
  conversation: ConversationSummary;
  /** The opened conversation's latest messages (at most `messageLimit`), oldest first, with the farmer's ratings. */
  messages: ChatMessage[];
}

interface ConnectReadRow {
  listed: RawRow[];
  /** rank: 1 requested, 2 latest with messages, 3 latest, 4 created by this statement. */
  opened: (RawRow & { rank: number }) | null;
  messages: (RawRow & { feedback_rating: "up" | "down" | null; feedback_comment: string | null })[];
}

/**
 * What a connect shows, in one statement (one round trip): the conversation list, the conversation to open,
 * its messages and the farmer's ratings on them. A farmer with no conversation at all gets their first one
 * inside the statement, race-free (yonca_first_conversation, migrations/0015_first_conversation.sql: any
 * number of tabs connecting at once agree on one). Raw: drizzle cannot say a statement that may insert
 * through a function and aggregates three reads as JSON; postgres.js prepares it once per connection.
 */
export async function readForConnect(
  sql: Sql,
  input: { userId: string; requestedId?: string | null; listLimit?: number; messageLimit?: number },
): Promise<ConnectRead> {
  let row: ConnectReadRow | undefined;
  try {
    [row] = await sql<ConnectReadRow[]>`
      WITH requested AS (
        SELECT id, title, updated_at FROM conversations WHERE id = ${input.requestedId ?? null}::uuid AND user_id = ${input.userId}
      ), listed AS (
        SELECT c.id, c.title, c.updated_at FROM conversations c
         WHERE c.user_id = ${input.userId} AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id)
         ORDER BY c.updated_at DESC, c.id LIMIT ${input.listLimit ?? 50}
      ), latest AS (
        SELECT id, title, updated_at FROM conversations WHERE user_id = ${input.userId}
         ORDER BY updated_at DESC, id LIMIT 1
      ), first AS (
        SELECT * FROM yonca_first_conversation(${input.userId}) WHERE NOT EXISTS (SELECT 1 FROM latest)
      ), opened AS (
        SELECT *, 1 AS rank FROM requested
        UNION ALL (SELECT *, 2 FROM listed ORDER BY updated_at DESC, id LIMIT 1)
        UNION ALL SELECT *, 3 FROM latest
        UNION ALL SELECT *, 4 FROM first
        ORDER BY rank LIMIT 1
      ), recent AS (
        SELECT m.* FROM messages m
         WHERE m.conversation_id = (SELECT id FROM opened) AND m.replaced_by IS NULL
         ORDER BY m.created_at DESC, m.role DESC LIMIT ${input.messageLimit ?? 200}
      )
      SELECT
        (SELECT coalesce(json_agg(json_build_object('id', id, 'title', title, 'updated_at', updated_at) ORDER BY updated_at DESC, id), '[]')
           FROM listed) AS listed,
        (SELECT json_build_object('id', id, 'title', title, 'updated_at', updated_at, 'rank', rank) FROM opened) AS opened,
        (SELECT coalesce(json_agg(to_jsonb(r) || jsonb_build_object('feedback_rating', f.rating, 'feedback_comment', f.comment)
                                  ORDER BY r.created_at, r.role DESC), '[]')
           FROM recent r
           LEFT JOIN message_feedback f ON f.message_id = r.id AND r.role = 'assistant' AND r.status <> 'streaming') AS messages`;
  } catch (error) {
    throw databaseError(error);
  }
  if (!row?.opened) throw new Error("connect read: no conversation to open");
  const conversation = conversationFromRow(decodeRawRow(conversations, row.opened));
  const listed = row.listed.map((c) => conversationFromRow(decodeRawRow(conversations, c)));
  return {
    // Opened because nothing else was there (an empty latest one, or the farmer's first): listed alone.
    conversations: row.opened.rank >= 3 ? [conversation] : listed,
    conversation,
    messages: row.messages.map((raw) => {
      const message = messageFromRow(decodeRawRow(messages, raw));
      return raw.feedback_rating === null ? message : { ...message, feedback: { rating: raw.feedback_rating, comment: raw.feedback_comment } } as ChatMessage;
    }),
  };
}
