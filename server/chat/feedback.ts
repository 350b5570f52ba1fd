import { sql } from "drizzle-orm";
import type { Sql } from "postgres";
import { dbOf, prepared, type Db } from "../db/client.js";
import { messageFeedback } from "../db/schema.js";
import type { ChatMessage } from "./events.js";

const feedbackQuery = (db: Db) =>
  db
    .select({ messageId: messageFeedback.messageId, rating: messageFeedback.rating, comment: messageFeedback.comment })
    .from(messageFeedback)
    // `= ANY(array)`, not drizzle's inArray: one parameter, so the query is built once (prepared) for any count.
    .where(sql`${messageFeedback.messageId} = ANY(${sql.placeholder("ids")}::uuid[])`)
    .prepare("message_feedback");

/**
 * The farmer's own rating on each finished answer, so thumbs show as pressed after a reload. Only the
 * conversation's owner can rate (handlers/message-feedback.ts), so a message has at most one rating here.
 */
export async function withFeedback(client: Sql, messages: ChatMessage[]): Promise<ChatMessage[]> {
  const ids = messages.filter((m) => m.role === "assistant" && m.status !== "streaming").map((m) => m.id);
  if (ids.length === 0) return messages;
  const rows = await prepared(dbOf(client), feedbackQuery).execute({ ids });
  if (rows.length === 0) return messages;
  const byMessage = new Map(rows.map((r) => [r.messageId, { rating: r.rating, comment: r.comment }]));
  return messages.map((m) => (byMessage.has(m.id) ? { ...m, feedback: byMessage.get(m.id)! } : m));
}
