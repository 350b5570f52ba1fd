import { sql } from "drizzle-orm";
import {
  check, index, type AnyPgColumn, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex, uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull().unique(),
    googleSub: text("google_sub").unique(),
    name: text("name"),
    avatarUrl: text("avatar_url"),
    createdAt: createdAt(),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("users_email_lower_case", sql`${t.email} = lower(${t.email})`)],
);

/** express-session store (never MemoryStore). */
export const sessions = pgTable(
  "sessions",
  {
    sid: text("sid").primaryKey(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    data: jsonb("data").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_expires_idx").on(t.expiresAt), index("sessions_user_idx").on(t.userId)],
);

export const conversations = pgTable(
  "conversations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text("title").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("conversations_user_latest_idx").on(t.userId, t.updatedAt.desc())],
);

export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["user", "assistant"] }).notNull(),
    content: text("content").notNull(),
    status: text("status", { enum: ["complete", "streaming", "stopped", "error"] }).notNull().default("complete"),
    clientMessageId: text("client_message_id"),
    runId: uuid("run_id"),
    seq: integer("seq").notNull().default(0),
    /** What plugins said about an answer (ReplyResult.annotations, server/chat/plugins.ts), spread into the message JSON. */
    annotations: jsonb("annotations").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set when regenerate/edit replaced this message: it leaves the conversation, kept for operators. */
    replacedBy: uuid("replaced_by").references((): AnyPgColumn => messages.id, { onDelete: "set null" }),
  },
  (t) => [
    // Only replaced messages (few): the ON DELETE SET NULL look-ups need no more, and an index of every
    // `replaced_by IS NULL` row invited plans that read all of them (migrations/0013_chat_send_cost.sql).
    index("messages_replaced_by_idx").on(t.replacedBy).where(sql`${t.replacedBy} IS NOT NULL`),
    check("messages_role", sql`${t.role} IN ('user', 'assistant')`),
    check("messages_status", sql`${t.status} IN ('complete', 'streaming', 'stopped', 'error')`),
    unique("messages_client_message_id_unique").on(t.conversationId, t.clientMessageId),
    index("messages_conversation_idx").on(t.conversationId, t.createdAt),
    uniqueIndex("messages_run_idx").on(t.runId),
    // At most one reply streams in a conversation, whichever instance runs it: a second send is `busy`.
    uniqueIndex("messages_one_streaming_per_conversation").on(t.conversationId).where(sql`${t.status} = 'streaming'`),
    index("messages_streaming_idx").on(t.status).where(sql`${t.status} = 'streaming'`),
  ],
);

export const agentRuns = pgTable(
  "agent_runs",
  {
    id: uuid("id").primaryKey(),
    traceId: text("trace_id").notNull(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    userMessageId: uuid("user_message_id").references(() => messages.id, { onDelete: "set null" }),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    status: text("status", { enum: ["running", "complete", "stopped", "error"] }).notNull().default("running"),
    errorCode: text("error_code"),
    instanceId: text("instance_id"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    firstTokenMs: integer("first_token_ms"),
    totalMs: integer("total_ms"),
    inputTokens: integer("input_tokens"),
    outputTokens: integer("output_tokens"),
  },
  (t) => [
    check("agent_runs_status", sql`${t.status} IN ('running', 'complete', 'stopped', 'error')`),
    index("agent_runs_conversation_idx").on(t.conversationId),
    index("agent_runs_user_message_idx").on(t.userMessageId),
    index("agent_runs_running_idx").on(t.status).where(sql`${t.status} = 'running'`),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

/** Running server instances (heartbeat): a reply whose instance stopped beating is marked `error`. */
export const appInstances = pgTable("app_instances", {
  id: text("id").primaryKey(),
  startedAt: createdAt(),
  heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A farmer's rating of an answer: one per user and message; operators read `advisor_feedback`. */
export const messageFeedback = pgTable(
  "message_feedback",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    rating: text("rating", { enum: ["up", "down"] }).notNull(),
    comment: text("comment"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("message_feedback_user_message_unique").on(t.messageId, t.userId),
    index("message_feedback_user_idx").on(t.userId),
    check("message_feedback_rating", sql`${t.rating} IN ('up', 'down')`),
    check("message_feedback_comment_length", sql`char_length(${t.comment}) <= 500`),
  ],
);

/**
 * One row per model run started (chat:send, chat:regenerate, chat:edit), for the per-user budget
 * (CHAT_RATE_LIMIT_PER_MIN): kept apart from conversations, so deleting a conversation does not give the
 * budget back. Rows older than the window are pruned by the counting function
 * (yonca_lock_and_count_recent_runs, migrations/0014_security_limits.sql).
 */
export const modelRunStarts = pgTable(
  "model_run_starts",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("model_run_starts_user_idx").on(t.userId, t.startedAt)],
);

/**
 * The searchable text of finished, current messages, folded (yonca_search_fold), kept by a trigger on
 * `messages` (migrations/0014_security_limits.sql): a streaming reply's progress saves never touch it, and a
 * replaced message leaves it. A GIN index of (user_id, trigrams) serves conversation:search per farmer.
 */
export const messageSearch = pgTable(
  "message_search",
  {
    messageId: uuid("message_id")
      .primaryKey()
      .references(() => messages.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull(),
    conversationId: uuid("conversation_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    folded: text("folded").notNull(),
  },
  (t) => [index("message_search_user_trgm_idx").using("gin", t.userId, t.folded.op("gin_trgm_ops"))],
);
