import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, Response, ServerToClientEvents } from "../../../server/chat/events.js";

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const CONVERSATION_KEY = "yonca.conversationId";

/** The open conversation survives a reload of this tab (sessionStorage is per tab). */
export function rememberedConversationId(): string | undefined {
  try {
    return sessionStorage.getItem(CONVERSATION_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function rememberConversationId(id: string | undefined): void {
  try {
    if (id) sessionStorage.setItem(CONVERSATION_KEY, id);
    else sessionStorage.removeItem(CONVERSATION_KEY);
  } catch {
    // No storage: a reload opens the latest conversation instead.
  }
}

export function connectChatSocket(): ChatSocket {
  const socket: ChatSocket = io({
    path: "/socket.io",
    withCredentials: true,
    transports: ["websocket", "polling"],
    // Read on every (re)connect, so a reconnect reopens the conversation the user is looking at.
    auth: (cb) => {
      const conversationId = rememberedConversationId();
      cb(conversationId ? { conversationId } : {});
    },
    // A dropping field link: back off exponentially to 10 s, each wait jittered ±50 % so the phones a
    // mast drops together do not all come back in the same instant (socket.io's backoff).
    reconnectionDelay: 500,
    reconnectionDelayMax: 10_000,
    randomizationFactor: 0.5,
  });
  return socket;
}

export class AckError extends Error {
  override name = "AckError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type EventsWithAck = {
  [E in keyof ClientToServerEvents]: Parameters<ClientToServerEvents[E]> extends [infer P, (res: Response<infer D>) => void]
    ? { payload: P; data: D }
    : never;
};

/** Emits with an ack and a timeout; resolves with `data` or throws AckError with the server's code. */
export async function request<E extends keyof EventsWithAck>(
  socket: ChatSocket,
  event: E,
  payload: EventsWithAck[E]["payload"],
  timeoutMs = 10_000,
): Promise<EventsWithAck[E]["data"]> {
  return emitWithAck<EventsWithAck[E]["data"]>(socket, event, payload, timeoutMs);
}

/** Any event with an ack (a plugin's `${name}:verb` too): `data` of an OK ack, else AckError with its code. */
export async function emitWithAck<T>(socket: ChatSocket, event: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
  if (!socket.connected) throw new AckError("offline", "not connected");
  let res: Response<T>;
  try {
    // The typed event map does not know plugin events; the ack's shape is the same for every event.
    res = await (socket.timeout(timeoutMs) as unknown as {
      emitWithAck(event: string, payload: unknown): Promise<Response<T>>;
    }).emitWithAck(event, payload);
  } catch {
    throw new AckError("timeout", "no answer from the server");
  }
  if (res?.status === "OK") return res.data;
  if (res?.status === "ERROR") throw new AckError(res.error.code, res.error.message);
  throw new AckError("internal", "malformed acknowledgement");
}

export function newClientMessageId(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // randomUUID needs a secure context; plain http on a LAN address is not one.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
