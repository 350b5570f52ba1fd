import type { Server } from "socket.io";
import type { Router } from "express";
import type { PersonaField } from "../personas/types.js";
import type { ChatMessage, MessageSource, ClientToServerEvents, InterServerEvents, ServerToClientEvents, SidebarPanel, SocketData } from "./events.js";

export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface ChatUser {
  id: string;
  email: string;
  name: string | null;
}

/**
 * How features plug into the chat core (like Chainlit's on_chat_start / on_message): the core knows
 * conversations, messages and streaming; plugins know farmers and the advisor.
 */
export interface ChatPlugin {
  name: string;
  /** On every connection, before `session:ready`; what it returns is merged into that event. A throw refuses the session (retryable). */
  onChatStart?(ctx: { user: ChatUser }): Promise<Record<string, unknown>>;
  /** Panels for the sidebar, rendered by the web client by `kind`. */
  sidebar?(ctx: { user: ChatUser; started: Record<string, unknown> }): SidebarPanel[];
  /** Answers a question; at most one plugin replies. Streams through `emitToken` and returns the final facts. */
  onMessage?(ctx: ReplyContext): Promise<ReplyResult>;
  /** Describes the model it runs, for agent_runs. */
  model?: { provider: string; model: string };
  /** HTTP routes of the feature (mounted under the app, after the session). */
  routes?(router: Router): void;
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
  usedPersonaFields: PersonaField[];
  /** Sources of the answer's figures, stored with the message. */
  sources?: MessageSource[];
  inputTokens: number | null;
  outputTokens: number | null;
}
