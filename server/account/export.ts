import { Readable, type Writable } from "node:stream";
import type { Sql } from "postgres";
import yazl from "yazl";
import type { ChatUser, ExportFile } from "../chat/plugins.js";
import { exportLabels, markdownLine, type ExportLanguage } from "./labels.js";

/** A time as ISO text (the app's pool returns timestamps as text, a Date elsewhere). */
export const iso = (v: Date | string | undefined): string => (v === undefined ? "" : new Date(v).toISOString());

/** Messages fetched per query: a farmer with 10,000 messages is read page by page, never all at once. */
export const EXPORT_PAGE = 500;

interface ConversationRow {
  id: string;
  title: string;
  created_at: Date | string;
  updated_at: Date | string;
}

interface MessageRow {
  id: string;
  role: "user" | "assistant";
  content: string;
  status: string;
  annotations: Record<string, unknown>;
  created_at: Date | string;
  replaced: boolean;
  /** created_at as PostgreSQL's text (microseconds), the keyset cursor. */
  at: string;
  rating: "up" | "down" | null;
  comment: string | null;
}

/** A conversation's messages, oldest first, a page per query (keyset: no connection is held between pages). */
async function* messagePages(sql: Sql, conversationId: string): AsyncGenerator<MessageRow[]> {
  let after: { at: string; assistant: boolean; id: string } | undefined;
  for (;;) {
    const rows: MessageRow[] = await sql<MessageRow[]>`
      SELECT m.id, m.role, m.content, m.status, m.annotations, m.created_at, m.replaced_by IS NOT NULL AS replaced,
             m.created_at::text AS at, f.rating, f.comment
        FROM messages m
        LEFT JOIN message_feedback f ON f.message_id = m.id
       WHERE m.conversation_id = ${conversationId}
         ${after ? sql`AND (m.created_at, m.role = 'assistant', m.id) > (${after.at}::timestamptz, ${after.assistant}, ${after.id}::uuid)` : sql``}
       ORDER BY m.created_at, m.role = 'assistant', m.id
       LIMIT ${EXPORT_PAGE}`;
    if (rows.length > 0) yield rows;
    if (rows.length < EXPORT_PAGE) return;
    const last = rows[rows.length - 1]!;
    after = { at: last.at, assistant: last.role === "assistant", id: last.id };
  }
}

async function conversationsOf(sql: Sql, userId: string): Promise<ConversationRow[]> {
  return sql<ConversationRow[]>`SELECT id, title, created_at, updated_at FROM conversations WHERE user_id = ${userId} ORDER BY created_at, id`;
}

function messageJson(m: MessageRow) {
  return {
    id: m.id,
    role: m.role,
    content: m.content,
    status: m.status,
    createdAt: iso(m.created_at),
    ...(m.replaced ? { replaced: true } : {}),
    ...(Object.keys(m.annotations ?? {}).length ? { annotations: m.annotations } : {}),
    ...(m.rating ? { feedback: { rating: m.rating, comment: m.comment } } : {}),
  };
}

/** conversations.json: [{id, title, createdAt, updatedAt, messages: [...]}], written as it is read. */
async function* conversationsJson(sql: Sql, userId: string): AsyncGenerator<string> {
  const list = await conversationsOf(sql, userId);
  yield "[";
  for (const [i, c] of list.entries()) {
    const head = JSON.stringify({ id: c.id, title: c.title, createdAt: iso(c.created_at), updatedAt: iso(c.updated_at) });
    yield `${i ? "," : ""}\n${head.slice(0, -1)},"messages":[`;
    let first = true;
    for await (const page of messagePages(sql, c.id)) {
      yield page.map((m) => `${first ? ((first = false), "") : ","}\n  ${JSON.stringify(messageJson(m))}`).join("");
    }
    yield "]}";
  }
  yield "\n]\n";
}

/** conversations.md: every conversation with its messages, for reading. */
async function* conversationsMarkdown(sql: Sql, userId: string, language: ExportLanguage): AsyncGenerator<string> {
  const l = exportLabels[language];
  const list = await conversationsOf(sql, userId);
  yield `# ${l.conversations}\n\n`;
  if (list.length === 0) yield `${l.none}\n`;
  for (const c of list) {
    yield `## ${markdownLine(c.title || l.untitled)}\n\n_${l.started}: ${iso(c.created_at).slice(0, 16).replace("T", " ")} UTC_\n\n`;
    for await (const page of messagePages(sql, c.id)) {
      for (const m of page) {
        if (m.replaced) continue; // replaced by an edit or a regenerated answer: kept in the JSON only
        const who = m.role === "user" ? l.you : l.advisor;
        const rating = m.rating ? ` · ${l[m.rating === "up" ? "ratingUp" : "ratingDown"]}${m.comment ? `: ${markdownLine(m.comment)}` : ""}` : "";
        yield `**${who}** (${iso(m.created_at).slice(0, 16).replace("T", " ")})${rating}\n\n${m.content}\n\n`;
      }
    }
    yield "---\n\n";
  }
}

interface FeedbackRow {
  message_id: string;
  conversation_id: string;
  rating: "up" | "down";
  comment: string | null;
  created_at: Date | string;
}

async function feedbackJson(sql: Sql, userId: string): Promise<string> {
  const rows = await sql<FeedbackRow[]>`
    SELECT f.message_id, m.conversation_id, f.rating, f.comment, f.created_at
      FROM message_feedback f JOIN messages m ON m.id = f.message_id
     WHERE f.user_id = ${userId} ORDER BY f.created_at`;
  return `${JSON.stringify(
    rows.map((r) => ({ messageId: r.message_id, conversationId: r.conversation_id, rating: r.rating, comment: r.comment, createdAt: iso(r.created_at) })),
    null,
    2,
  )}\n`;
}

async function accountJson(sql: Sql, user: ChatUser): Promise<string> {
  const [row] = await sql<{ created_at: Date | string; last_login_at: Date }[]>`SELECT created_at, last_login_at FROM users WHERE id = ${user.id}`;
  return `${JSON.stringify(
    { id: user.id, email: user.email, name: user.name, createdAt: iso(row?.created_at), lastLoginAt: iso(row?.last_login_at) },
    null,
    2,
  )}\n`;
}

function readme(user: ChatUser, files: ExportFile[], language: ExportLanguage, now: Date): string {
  const l = exportLabels[language];
  return [
    `# ${l.title}`,
    "",
    `${l.intro} ${markdownLine(user.email)} — ${iso(now).slice(0, 16).replace("T", " ")} UTC.`,
    "",
    l.filesIntro,
    "",
    ...files.map((f) => {
      const about = f.about?.[language] ?? l.fileNotes[f.path];
      return `- \`${f.path}\`${about ? ` — ${about}` : ""}`;
    }),
    "",
  ].join("\n");
}

/** Text or text streamed, as bytes for the zip. */
function bytes(content: string | AsyncIterable<string>): Readable {
  if (typeof content === "string") return Readable.from([Buffer.from(content)], { objectMode: false });
  return Readable.from(
    (async function* () {
      for await (const chunk of content) if (chunk) yield Buffer.from(chunk);
    })(),
    { objectMode: false },
  );
}

/**
 * Writes the farmer's archive to `out` as a zip, each file streamed in turn: the core's parts (account,
 * conversations with messages, feedback) and every plugin's (`plugins`). Rejects when a part fails; the
 * caller then ends the response without completing the zip, so a broken download never looks whole.
 */
export async function writeExport(
  deps: { sql: Sql; plugins: { exportUser(user: ChatUser, language: ExportLanguage): Promise<ExportFile[]> } },
  input: { user: ChatUser; language: ExportLanguage; out: Writable },
): Promise<void> {
  const { sql } = deps;
  const { user, language, out } = input;
  const now = new Date();
  const pluginFiles = await deps.plugins.exportUser(user, language);
  const files: ExportFile[] = [
    { path: "account.json", content: await accountJson(sql, user) },
    { path: "conversations.json", content: conversationsJson(sql, user.id) },
    { path: "conversations.md", content: conversationsMarkdown(sql, user.id, language) },
    { path: "feedback.json", content: await feedbackJson(sql, user.id) },
    ...pluginFiles,
  ];
  const zip = new yazl.ZipFile();
  const finished = new Promise<void>((resolve, reject) => {
    zip.outputStream.on("error", reject);
    out.on("error", reject);
    out.on("close", () => reject(new Error("the download was closed before its end")));
    zip.outputStream.on("end", resolve);
  });
  zip.outputStream.pipe(out);
  const failed = new Promise<never>((_, reject) => {
    zip.addBuffer(Buffer.from(readme(user, files, language, now)), "README.md", { mtime: now });
    for (const file of files) {
      const stream = bytes(file.content);
      stream.on("error", reject);
      zip.addReadStream(stream, file.path, { mtime: now });
    }
    zip.end();
  });
  await Promise.race([finished, failed]);
}
