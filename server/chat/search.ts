import { randomUUID } from "node:crypto";
import type { Sql } from "postgres";
import { postgresErrorOf } from "../db/errors.js";
import { AppError } from "../errors.js";
import { decodeRawRow, type RawRow } from "../db/rows.js";
import { conversations } from "../db/schema.js";
import type { ConversationSearchResult } from "./events.js";
import { conversationFromRow } from "./store.js";

/**
 * The fold of migrations/0004_search_fold_and_advisor_feedback.sql (yonca_search_fold), per
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
 * Cancels the tagged search in PostgreSQL (pg_cancel_backend of the backend running exactly that statement;
 * postgres.js's own cancel can reach the next statement on the connection when it comes late). A search
 * not yet running is looked for again until it runs or ends.
 */
async function cancelTagged(sql: Sql, tag: string, query: PromiseLike<unknown>): Promise<void> {
  let ended = false;
  query.then(() => (ended = true), () => (ended = true));
  for (let attempt = 0; attempt < 100 && !ended; attempt++) {
    const rows = await sql`
      SELECT pg_cancel_backend(pid) AS cancelled FROM pg_stat_activity
       WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid() AND starts_with(query, ${tag})`;
    if (rows.length > 0 || ended) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** conversation:search's own statement timeout (the pool's is 10 s): a search that takes longer is answered `search_timeout`. */
export const SEARCH_STATEMENT_TIMEOUT_MS = 3000;

/** The search was longer than SEARCH_STATEMENT_TIMEOUT_MS (PostgreSQL cancelled it). */
export class SearchTimeoutError extends AppError {
  constructor() {
    super("search_timeout", "The search took too long. Please try more words.", { status: 408 });
  }
}

/**
 * The user's conversations whose title or (current) messages contain `q`, case- and
 * diacritic-tolerant, one hit per conversation (its newest matching message, else its title),
 * newest conversation first. Messages are read from `message_search` (migrations/0014_security_limits.sql):
 * a GIN index of (user_id, trigrams of the folded text) finds one farmer's matches, whatever the number of
 * messages. The search has its own statement timeout, and `onCancel` lets a newer search cancel it in
 * PostgreSQL (a pg cancel request), not only in this process.
 */
export async function searchConversationsForUser(
  sql: Sql,
  input: { userId: string; q: string; limit?: number; timeoutMs?: number; onStart?: (cancel: () => Promise<void>) => void },
): Promise<ConversationSearchResult[]> {
  const pattern = likePattern(input.q);
  // The statement's tag, so that a cancel reaches this search and nothing else on its connection.
  const tag = `/* conversation:search ${randomUUID()} */`;
  type Row = RawRow & { message_id: string | null; text: string };
  let rows: Row[];
  try {
    rows = await sql.begin(async (tx) => {
      await tx`SELECT set_config('statement_timeout', ${String(input.timeoutMs ?? SEARCH_STATEMENT_TIMEOUT_MS)}, true)`;
      // Raw: yonca_search_fold is a SQL function of ours (migrations), and DISTINCT ON over a UNION is
      // more than drizzle's builder says; the conversation columns are decoded by the schema.
      const query = tx<Row[]>`${tx.unsafe(tag)}
        WITH hits AS (
          SELECT s.conversation_id, s.message_id, s.created_at AS at FROM message_search s
           WHERE s.user_id = ${input.userId} AND s.folded LIKE yonca_search_fold(${pattern}) ESCAPE '\\'
          UNION ALL
          SELECT c.id, NULL, c.updated_at FROM conversations c
           WHERE c.user_id = ${input.userId} AND yonca_search_fold(c.title) LIKE yonca_search_fold(${pattern}) ESCAPE '\\'
        ), best AS (
          SELECT DISTINCT ON (conversation_id) conversation_id, message_id FROM hits
           ORDER BY conversation_id, (message_id IS NULL), at DESC
        )
        SELECT c.id, c.title, c.updated_at, b.message_id, coalesce(m.content, c.title) AS text
          FROM best b JOIN conversations c ON c.id = b.conversation_id LEFT JOIN messages m ON m.id = b.message_id
         ORDER BY c.updated_at DESC, c.id LIMIT ${input.limit ?? 20}`.execute();
      input.onStart?.(() => cancelTagged(sql, tag, query));
      return await query;
    });
  } catch (error) {
    // 57014: cancelled — by the statement timeout, or by a cancel (the caller knows which it asked for).
    if (postgresErrorOf(error)?.code === "57014") throw new SearchTimeoutError();
    throw error;
  }
  return rows.map((r) => ({
    conversation: conversationFromRow(decodeRawRow(conversations, r)),
    messageId: r.message_id,
    snippet: snippetAround(r.text, input.q),
  }));
}
