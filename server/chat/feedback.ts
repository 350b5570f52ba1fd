import type { Sql } from "postgres";
import type { ChatMessage } from "./events.js";

/**
 * The farmer's own rating on each finished answer, so thumbs show as pressed after a reload. Only the
 * conversation's owner can rate (handlers/message-feedback.ts), so a message has at most one rating here.
 */
export async function withFeedback(sql: Sql, messages: ChatMessage[]): Promise<ChatMessage[]> {
  const ids = messages.filter((m) => m.role === "assistant" && m.status !== "streaming").map((m) => m.id);
  if (ids.length === 0) return messages;
  const rows = await sql`SELECT message_id, rating, comment FROM message_feedback WHERE message_id = ANY(${ids}::uuid[])`;
  if (rows.length === 0) return messages;
  const byMessage = new Map(rows.map((r) => [String(r.message_id), { rating: r.rating as "up" | "down", comment: (r.comment as string | null) ?? null }]));
  return messages.map((m) => (byMessage.has(m.id) ? { ...m, feedback: byMessage.get(m.id)! } : m));
}
