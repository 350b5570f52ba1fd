import type { ChatServer } from "./plugins.js";

/** The Socket.IO adapter that carries events between instances (SOCKET_ADAPTER), opened before Socket.IO starts. */
export interface SocketAdapter {
  kind: "postgres" | "redis";
  install(io: ChatServer): void;
  /**
   * Resolves once events sent to `room` from other instances reach this one (at most ~1 s, never rejects).
   * With Redis, a conversation's events travel on a channel of its own, listened to from the moment a local
   * socket joins the room: a snapshot of a reply streaming elsewhere is asked for after this, so the
   * tokens that follow it are not missed. Other rooms, and the PostgreSQL adapter: at once.
   */
  listening(room: string): Promise<void>;
  /** Redis keys this adapter writes (the stream), for operators and test cleanup. */
  redisKeys: string[];
  close(): Promise<void>;
}

export class SocketAdapterError extends Error {
  override name = "SocketAdapterError";
}
