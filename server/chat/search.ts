import type { Sql } from "postgres";
import { decodeRawRow, type RawRow } from "../db/rows.js";
import { conversations } from "../db/schema.js";
import type { ConversationSearchResult } from "./events.js";
import { conversationFromRow } from "./store.js";

/**
 * The fold of migrations/0004_h13_search_fold_and_advisor_feedback.sql (yonca_search_fold), per
 * character so that a match found in the folded text maps back to the original for the snippet.
 */
const FOLD: Record<string, string> = {
  İ: "i", I: "i", ı: "i", Ş: "s", ş: "s", Ç: "c", ç: "c", Ğ: "g", ğ: "g", Ö: "o", ö: "o", Ü: "u", ü: "u", Ə: "e", ə: "e",
  "\u0307": "", "\u0327": "", "\u0306": "", "\u0308": "",
};

export function foldForSearch(text: string): string {
  return foldWithIndex(text).folded;
}

function foldWithIndex(text: string): { folded: string; origin: number[] } {
  let folded = "";
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const mapped = FOLD[ch] ?? ch.toLowerCase();
    for (let k = 0; k < mapped.length; k++) origin.push(i);
    folded += mapped;
  }
  return { folded, origin };
}

/** `%`, `_` and the escape character itself are literal in the user's query. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Some words around the first match, on one line, with ellipses where the text was cut. */
export function snippetAround(text: string, q: string, radius = 60): string {
  const line = text.replace(/\s+/g, " ").trim();
  const { folded, origin } = foldWithIndex(line);
  const at = folded.indexOf(foldForSearch(q));
  if (at < 0) return [...line].slice(0, radius * 2).join("") + (line.length > radius * 2 ? "…" : "");
  const start = origin[at]!;
  const end = (origin[Math.min(at + foldForSearch(q).length, origin.length) - 1] ?? start) + 1;
  let from = Math.max(0, start - radius);
  let to = Math.min(line.length, end + radius);
  // Start and end at word boundaries when the text is cut.
  if (from > 0) {
    const space = line.indexOf(" ", from);
    if (space >= 0 && space < start) from = space + 1;
  }
  if (to < line.length) {
    const space = line.lastIndexOf(" ", to);
    if (space > end) to = space;
  }
  return `${from > 0 ? "…" : ""}${line.slice(from, to)}${to < line.length ? "…" : ""}`;
}

/**
 * The user's conversations whose title or (current) messages contain `q`, case- and
 * diacritic-tolerant, one hit per conversation (its newest matching message, else its title),
 * newest conversation first.
 */
export async function searchConversationsForUser(
  sql: Sql,
  input: { userId: string; q: string; limit?: number },
): Promise<ConversationSearchResult[]> {
  const pattern = likePattern(input.q);
  // Raw: yonca_search_fold is a SQL function of ours (migrations), and DISTINCT ON over a UNION is
  // more than drizzle's builder says; the conversation columns are decoded by the schema.
  const rows = await sql<(RawRow & { message_id: string | null; text: string })[]>`
    WITH hits AS (
      SELECT m.conversation_id, m.id AS message_id, m.content AS text, m.created_at AS at
        FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE c.user_id = ${input.userId} AND m.replaced_by IS NULL
         AND yonca_search_fold(m.content) LIKE yonca_search_fold(${pattern}) ESCAPE '\\'
      UNION ALL
      SELECT c.id, NULL, c.title, c.updated_at FROM conversations c
       WHERE c.user_id = ${input.userId} AND yonca_search_fold(c.title) LIKE yonca_search_fold(${pattern}) ESCAPE '\\'
    ), best AS (
      SELECT DISTINCT ON (conversation_id) conversation_id, message_id, text FROM hits
       ORDER BY conversation_id, (message_id IS NULL), at DESC
    )
    SELECT c.id, c.title, c.updated_at, b.message_id, b.text
      FROM best b JOIN conversations c ON c.id = b.conversation_id
     ORDER BY c.updated_at DESC, c.id LIMIT ${input.limit ?? 20}`;
  return rows.map((r) => ({
    conversation: conversationFromRow(decodeRawRow(conversations, r)),
    messageId: r.message_id,
    snippet: snippetAround(r.text, input.q),
  }));
}
