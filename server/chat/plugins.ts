import type { Server } from "socket.io";
import type { Router } from "express";
import type { Sql, TransactionSql } from "postgres";
import type { z } from "zod";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import type { Logger } from "../logger.js";
import type { ChatMessage, ClientToServerEvents, InterServerEvents, ServerToClientEvents, SidebarPanel, SocketData } from "./events.js";

export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface ChatUser {
  id: string;
  email: string;
  name: string | null;
}

/**
 * How features plug into the chat core (like Chainlit's on_chat_start / on_message): the core knows
 * conversations, messages and streaming; plugins know everything else (farmers, the advisor, the journal).
 * The core imports no plugin: server/main.ts registers them. How to write one: docs/plugins.md.
 */
export interface ChatPlugin {
  /** The namespace: its socket events are `${name}:verb`, its i18n namespace and its panel kinds on the web. */
  name: string;
  /** A failure at chat start refuses the session (session:error with `unavailableCode`, retryable); else it is logged and skipped. */
  required?: boolean;
  /** The session:error code when this required plugin fails at chat start (default "unavailable"). */
  unavailableCode?: string;
  /** The session:error message with that code (English; the web shows its own words per code). */
  unavailableMessage?: string;
  /** Once at boot, before the server listens: register events, routes and contributions. */
  setup?(api: PluginApi): void | Promise<void>;
  /**
   * On every connection, before `session:ready`: `ready` is merged into that event (top-level fields),
   * `panels` are appended to its `panels`. Run its statements on `ctx.sql` (and only there): they leave
   * together with the core's connect read and the other plugins' on one connection (server/db/client.ts
   * `pipelined`), so issue them before the first await.
   */
  onChatStart?(ctx: { user: ChatUser; sql: Sql }): Promise<ChatStart | void>;
  /** Answers a question; exactly one registered plugin may have it. Streams through `emitToken` and returns the final facts. */
  onMessage?(ctx: ReplyContext): Promise<ReplyResult>;
  /** Sees every finished message (the farmer's and the answer); any number of plugins may observe. Failures are logged, never surfaced. */
  observeMessage?(ctx: { user: ChatUser; conversationId: string; message: ChatMessage }): void | Promise<void>;
  /** Annotation fields every message carries when unset (e.g. { usedPersonaFields: [] }), so the wire format is stable. */
  annotationDefaults?: Record<string, unknown>;
  /** Describes the model it runs (the answerer), for metrics. */
  model?: { provider: string; model: string };
  /**
   * The farmer's data this plugin keeps, for their download (GET /api/me/export): files written under
   * `${name}/` in the archive, JSON for machines and Markdown for people. Large parts stream (AsyncIterable).
   */
  exportUser?(ctx: { user: ChatUser; language: "az" | "en" }): Promise<ExportFile[]>;
  /**
   * Removes every row of the farmer this plugin keeps, inside the account deletion's transaction (`sql`),
   * before the `users` row goes (its ON DELETE CASCADE removes the rest). Rows that reference `users`
   * with a cascade need nothing here; rows keyed otherwise (by email, by a copied id) must be deleted here.
   */
  deleteUser?(ctx: { user: ChatUser; sql: TransactionSql }): Promise<void>;
}

/** One file of a farmer's data archive; `path` is relative to the plugin's folder (e.g. "entries.json"). */
export interface ExportFile {
  path: string;
  content: string | AsyncIterable<string>;
  /** What the file holds, one line per language, listed in the archive's README.md. */
  about?: { az: string; en: string };
}

export interface ChatStart {
  ready?: Record<string, unknown>;
  panels?: SidebarPanel[];
}

/** Context of a plugin socket event handler. */
export interface PluginEventContext {
  user: ChatUser;
}

/** What the core offers a plugin in `setup` (implemented in server/chat/plugin-host.ts). */
export interface PluginApi {
  config: Config;
  database: Database;
  /** A child logger with `{ plugin: name }`. */
  logger: Logger;
  /**
   * A socket event `${plugin.name}:${name}`: the payload is parsed with the zod schema first (bad_request
   * otherwise, control characters refused like the core's text), the handler's result is ack'd
   * `{status:"OK",data}` and its AppError `{status:"ERROR",error:{code,message}}` (server/chat/handlers/respond.ts).
   */
  event<S extends z.ZodType>(name: string, schema: S, handler: (payload: z.infer<S>, ctx: PluginEventContext) => Promise<unknown>): void;
  /** HTTP routes, mounted after the session middleware (use requireUser/currentUser of server/http/user.ts). */
  routes(mount: (router: Router) => void): void;
  /** An event to every tab of the user, on every instance. Name it `${plugin.name}:something`. */
  emitToUser(userId: string, event: string, payload: unknown): void;
  /** Offers a value at an extension point, e.g. contribute("advisor:tools", tool) (server/agent/extension.ts). */
  contribute<T>(point: string, value: T): void;
  /** What every plugin contributed at a point; read at first use (after every plugin's setup), not in setup. */
  contributions<T>(point: string): T[];
}

export interface ReplyContext {
  user: ChatUser;
  conversationId: string;
  runId: string;
  traceId: string;
  language: "az" | "en";
  /** Oldest first, the new question last. */
  history: Pick<ChatMessage, "role" | "content">[];
  signal: AbortSignal;
  emitToken(delta: string): void;
  emitTool(name: string, status: "start" | "end"): void;
}

export interface ReplyResult {
  /** The whole answer as the plugin produced it; when given, the core stores `complete` only if it equals the emitted tokens joined. */
  text?: string;
  /**
   * Facts about the answer (e.g. the persona's `usedPersonaFields`, the advisor's `sources`): stored in
   * messages.annotations and spread into the message JSON as top-level fields.
   */
  annotations?: Record<string, unknown>;
  inputTokens: number | null;
  outputTokens: number | null;
}
