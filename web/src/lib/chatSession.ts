import type { SessionUser, SidebarPanel } from "../../../server/chat/events.js";
import type { PluginClient } from "../plugins/types.js";
import type { ChatState } from "./chatState.js";
import type { request } from "./socket.js";
import type { Outbox } from "./useOutbox.js";

/** What the chat session (./useChatSession.ts) gives the screen: its state and its actions. */

export type ConnectionStatus =
  | { kind: "connecting" }
  | { kind: "ready" }
  | { kind: "reconnecting" }
  | { kind: "offline" }
  /** session:error: a required plugin could not start the chat (`code` as sent, e.g. persona_unavailable). */
  | { kind: "refused"; code: string; message: string; retryable: boolean }
  | { kind: "closed"; reason: "shutdown" | "too_many_connections" | "other" };

export interface ChatSession {
  status: ConnectionStatus;
  /** What the browser says about the network; shown over any other state while false. */
  online: boolean;
  user: SessionUser | null;
  /** The latest `session:ready` payload as plugins read it (their own top-level fields); null before the first. */
  ready: Readonly<Record<string, unknown>> | null;
  panels: SidebarPanel[];
  chat: ChatState;
  opening: boolean;
  /** Plugin events on this session's socket (web/src/plugins/types.ts). */
  client: PluginClient;
  /** The last connection attempt failed (server unreachable); socket.io keeps trying. */
  connectFailed: boolean;
  /** Shown from the device copy (no connection): when it was saved; null once the server's session is here. */
  savedAt: string | null;
  /** Questions (and plugin entries) kept for when the connection returns. */
  outbox: Outbox;
  send(text: string): Promise<void>;
  retrySend(clientMessageId: string): Promise<void>;
  retryRun(messageId: string): Promise<void>;
  stop(): Promise<void>;
  newConversation(): Promise<void>;
  openConversation(id: string): Promise<void>;
  retryConnection(): void;
  close(): void;
  /** Emits an event with an ack on the session's socket (the chat essentials of lib/chatEssentials.ts use it). */
  call: CallEvent;
}

export type CallEvent = <E extends Parameters<typeof request>[1]>(event: E, payload: Parameters<typeof request<E>>[2]) => ReturnType<typeof request<E>>;
