/**
 * The Socket.IO protocol (docs/protocol.md, Socket.IO), shared by server/ and web/. Types are not
 * validation: the server parses every payload with the zod schemas in ./payloads.ts as well.
 */

export type MessageRole = "user" | "assistant";
export type MessageStatus = "complete" | "streaming" | "stopped" | "error";

export interface ChatMessage {
  id: string;
  conversationId: string;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  runId: string | null;
  /** The last token's seq while streaming (and at the end). */
  seq: number;
  // Plugins' annotations are spread in as further top-level fields; each plugin declares its own by
  // augmenting this interface (server/personas/events.ts, server/agent/events.ts).
  createdAt: string;
  /** On a message made by chat:regenerate or chat:edit: the id of the message it replaces on screen. */
  replaces?: string;
  /** The farmer's rating of a finished answer (message:feedback), when there is one. */
  feedback?: { rating: "up" | "down"; comment: string | null };
}

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: string;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

/** A sidebar panel contributed by a plugin; the web client renders panels by `kind`. */
export interface SidebarPanel {
  kind: string;
  data: unknown;
}

/**
 * The core's part of session:ready. Plugins merge their onChatStart's `ready` in at the top level and
 * declare those fields by augmenting this interface (e.g. server/personas/events.ts).
 */
export interface SessionReady {
  user: SessionUser;
  conversation: { id: string; title: string };
  conversations: ConversationSummary[];
  messages: ChatMessage[];
  panels: SidebarPanel[];
}

export type ErrorCode =
  | "bad_request"
  | "too_long"
  | "rate_limited"
  | "busy"
  | "not_found"
  | "unavailable"
  | "unauthorized"
  | "internal";

export type Response<T> = { status: "OK"; data: T } | { status: "ERROR"; error: { code: ErrorCode | string; message: string } };

export interface ChatSendPayload {
  conversationId: string;
  text: string;
  clientMessageId: string;
  /** UI language for the advisor's answer; the server's default is Azerbaijani. */
  language?: "az" | "en";
}

export interface ClientToServerEvents {
  "chat:send": (payload: ChatSendPayload, ack: (res: Response<{ messageId: string; runId: string }>) => void) => void;
  "chat:stop": (payload: { runId: string }, ack: (res: Response<{ runId: string }>) => void) => void;
  "conversation:new": (payload: Record<string, never>, ack: (res: Response<{ conversation: ConversationSummary }>) => void) => void;
  "conversation:open": (
    payload: { conversationId: string },
    ack: (res: Response<{ conversation: ConversationSummary; messages: ChatMessage[] }>) => void,
  ) => void;
  "conversation:list": (payload: Record<string, never>, ack: (res: Response<{ conversations: ConversationSummary[] }>) => void) => void;
  "session:retry": (payload: Record<string, never>, ack: (res: Response<{ retrying: true }>) => void) => void;
  "conversation:rename": (payload: { conversationId: string; title: string }, ack: (res: Response<{ conversation: ConversationSummary }>) => void) => void;
  "conversation:delete": (payload: { conversationId: string }, ack: (res: Response<{ conversationId: string }>) => void) => void;
  "conversation:search": (payload: { q: string }, ack: (res: Response<{ results: ConversationSearchResult[] }>) => void) => void;
  "chat:regenerate": (payload: { messageId: string; language?: "az" | "en" }, ack: (res: Response<{ messageId: string; runId: string }>) => void) => void;
  "chat:edit": (payload: { messageId: string; text: string; language?: "az" | "en" }, ack: (res: Response<{ messageId: string; runId: string }>) => void) => void;
  "message:feedback": (
    payload: { messageId: string; rating: "up" | "down" | null; comment?: string },
    ack: (res: Response<Record<string, never>>) => void,
  ) => void;
}

/** A conversation:search hit: `messageId` is null when the title matched. */
export interface ConversationSearchResult {
  conversation: ConversationSummary;
  messageId: string | null;
  snippet: string;
}

/** The core's events to the client; plugins add their `${name}:verb` events by augmenting this interface. */
export interface ServerToClientEvents {
  "session:ready": (payload: SessionReady) => void;
  /** `code` is "unavailable" or a required plugin's unavailableCode (ChatPlugin in ./plugins.ts). */
  "session:error": (payload: { code: string; retryable: boolean; message: string }) => void;
  "chat:message": (payload: { message: ChatMessage }) => void;
  "chat:token": (payload: { runId: string; conversationId: string; seq: number; delta: string }) => void;
  "chat:tool": (payload: { runId: string; conversationId: string; name: string; status: "start" | "end" }) => void;
  "chat:done": (payload: { runId: string; message: ChatMessage }) => void;
  "chat:error": (payload: { runId: string; conversationId: string; code: string; message: string }) => void;
  "conversation:updated": (payload: { conversation: ConversationSummary }) => void;
  "conversation:deleted": (payload: { conversationId: string }) => void;
  /** Sent before the server closes the socket on purpose (logout, shutdown), so the client can say why. */
  "server:closing": (payload: { reason: "logout" | "shutdown" | "too_many_connections" }) => void;
}

export interface InterServerEvents {
  "run:stop": (payload: { runId: string }) => void;
  /** Asks the instance that streams a run for the text so far (a page reloaded onto another instance). */
  "run:snapshot": (payload: { runId: string }, ack: (snapshot: { content: string; seq: number } | null) => void) => void;
  /** Asks every other instance how many sockets a user has there (CHAT_MAX_SOCKETS_PER_USER across instances). */
  "user:sockets": (payload: { userId: string }, ack: (count: number) => void) => void;
  /** An instance listens to these conversation rooms' channels from now on (server/chat/room-channels.ts, RoomChannels). */
  "room:listening": (payload: { rooms: string[] }) => void;
}

export interface SocketData {
  userId: string;
  sessionId: string;
  email: string;
  name: string | null;
}

export const rooms = {
  user: (userId: string) => `user:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  /** Whether `room` is a conversation's room (rooms.conversation). */
  isConversation: (room: string) => room.startsWith("conversation:"),
};
