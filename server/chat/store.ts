import { and, desc, eq, exists, isNull, sql as expr } from "drizzle-orm";
import type { Sql } from "postgres";
import { dbOf, prepared, type Db } from "../db/client.js";
import { conversations, messages, type ConversationRow, type MessageRow } from "../db/schema.js";
import { annotationFields } from "./annotations.js";
import type { ChatMessage, ConversationSummary } from "./events.js";
import { withFeedback } from "./feedback.js";

/** A stored message on the wire (docs/protocol.md): the row's fields, its time as ISO text. */
export function messageFromRow(row: MessageRow): ChatMessage {
  // The plugins' fields (their augmentations of ChatMessage) come from the annotations and their defaults.
  return {
    ...annotationFields(row.annotations),
    id: row.id,
    conversationId: row.conversationId,
    role: row.role,
    content: row.content,
    status: row.status,
    runId: row.runId,
    seq: row.seq,
    createdAt: row.createdAt.toISOString(),
  } as ChatMessage;
}

/** What a conversation summary reads of its row. */
export const summaryColumns = { id: conversations.id, title: conversations.title, updatedAt: conversations.updatedAt };

/** A conversation on the wire: its time as ISO text. */
export function conversationFromRow(row: Pick<ConversationRow, "id" | "title" | "updatedAt">): ConversationSummary {
  return { id: row.id, title: row.title, updatedAt: row.updatedAt.toISOString() };
}

export async function listConversationsForUser(sql: Sql, input: { userId: string; limit?: number }): Promise<ConversationSummary[]> {
  const rows = await prepared(dbOf(sql), listConversationsQuery).execute({ userId: input.userId, limit: input.limit ?? 50 });
  return rows.map(conversationFromRow);
}

const listConversationsQuery = (db: Db) =>
  db
    .select(summaryColumns)
    .from(conversations)
    .where(and(
      eq(conversations.userId, expr.placeholder("userId")),
      // Empty conversations are not listed: "New chat" leaves no trail until a question is asked.
      exists(db.select({ id: messages.id }).from(messages).where(eq(messages.conversationId, conversations.id))),
    ))
    .orderBy(desc(conversations.updatedAt), conversations.id)
    .limit(expr.placeholder("limit"))
    .prepare("list_conversations");

export async function getConversationForUser(sql: Sql, input: { userId: string; conversationId: string }): Promise<ConversationSummary | null> {
  const [row] = await dbOf(sql)
    .select(summaryColumns)
    .from(conversations)
    .where(and(eq(conversations.id, input.conversationId), eq(conversations.userId, input.userId)));
  return row ? conversationFromRow(row) : null;
}

export async function listMessages(sql: Sql, input: { conversationId: string; limit?: number }): Promise<ChatMessage[]> {
  const rows = await prepared(dbOf(sql), listMessagesQuery).execute({ conversationId: input.conversationId, limit: input.limit ?? 200 });
  return withFeedback(sql, rows.map(messageFromRow));
}

const listMessagesQuery = (db: Db) => {
  const recent = db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, expr.placeholder("conversationId")), isNull(messages.replacedBy)))
    .orderBy(desc(messages.createdAt), desc(messages.role))
    .limit(expr.placeholder("limit"))
    .as("recent");
  // Oldest first, ordered in PostgreSQL: created_at has microseconds, a Date only milliseconds.
  return db.select().from(recent).orderBy(recent.createdAt, desc(recent.role)).prepare("list_messages");
};
