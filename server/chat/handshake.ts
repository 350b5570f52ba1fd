import type { IncomingMessage } from "node:http";
import { LRUCache } from "lru-cache";
import type { Sql } from "postgres";
import { pipelined, type Database } from "../db/client.js";
import { safeError, type Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import { clientAddress, type compileTrust } from "../http/client-address.js";
import type { Limiter } from "../http/limits.js";
import { readLiveSession, type LiveSession } from "../auth/revocation.js";
import { SESSION_TTL_MS, sessionIdFromCookie, type SessionUser } from "../auth/sessions.js";
import type { UserSocketCap } from "./socket-cap.js";
import type { ChatSocket } from "./handlers/types.js";

/** A signed-in session is extended by a handshake only once less than this is left of it (13 of 14 days). */
export const SESSION_FRESH_MS = SESSION_TTL_MS - 24 * 60 * 60 * 1000;

/** A session read when the engine connection opened serves its first CONNECT only if that follows within this. */
const EARLY_READ_MS = 1000;

/** Sessions whose user this instance remembers (the least recently admitted are forgotten first): ~0.3 KB each. */
const KNOWN_SESSIONS_MAX = 50_000;

type EngineConnection = ChatSocket["conn"];

/** What the engine connection's open started: the count, the session check and (for a known session) the chat start. */
interface EarlyCheck<T> {
  allowed: boolean;
  live: LiveSession | null;
  /** The chat start run for the user this instance remembered for the session, in the same round trip as the check. */
  prefetched?: { userId: string; result: Promise<T> };
}

/**
 * Who may connect: a live session (read, and extended when no longer fresh, in one statement; express-session
 * is not run for sockets) and no more than CHAT_MAX_SOCKETS_PER_USER sockets on all instances. Every
 * namespace connect is checked against the store, so a CONNECT re-sent on an open connection after logout
 * is refused. Calls `admitted` with the session's expiry once the socket may go on.
 *
 * The count and the read start as soon as the engine connection opens (its request carries the cookie),
 * while the client is still sending its CONNECT: the first CONNECT of that connection, if it comes within
 * EARLY_READ_MS, uses them instead of waiting for a read of its own. Later CONNECTs read again.
 *
 * A session this instance has admitted before (a refresh, another tab, a reconnect) is remembered with its
 * user (or has just signed in here: `remember`): its check then leaves in one write with `prefetch` (the
 * chat start) for that user, and PostgreSQL runs them back to back, the check first (during a burst, when
 * `pipelined` hands out the pool, in any order). Either way the check decides: the chat start is handed to
 * `admitted` only if the session is live and still that user's; otherwise it is dropped. A session ended
 * anywhere is forgotten (`forget`, called on the session-ended notification).
 */
export function authorizeHandshakes<T>(deps: {
  engine: { on(event: "connection", listener: (connection: EngineConnection) => void): unknown };
  database: Database;
  logger: Logger;
  metrics?: Metrics;
  sessionSecrets: string[];
  trust: ReturnType<typeof compileTrust>;
  sessionHandshakes: Limiter;
  socketCap: UserSocketCap;
  /** The chat start for a user, issued on `sql` (its statements before its first await). */
  prefetch?(user: SessionUser, sql: Sql): Promise<T>;
  admitted(socket: ChatSocket, expiresAt: Date, prefetched?: Promise<T>): void;
}) {
  const { metrics } = deps;
  const known = new LRUCache<string, SessionUser>({ max: KNOWN_SESSIONS_MAX });
  const remember = (sessionId: string, user: SessionUser) => void known.set(sessionId, user);
  const readLive = (sql: Sql, sessionId: string) => readLiveSession(sql, { sessionId, ttlMs: SESSION_TTL_MS, freshForMs: SESSION_FRESH_MS });
  // The address is counted first, and the session read only when the count allows it: a refused address
  // costs no statement.
  const check = (req: IncomingMessage, sessionId: string, withStart: boolean): Promise<EarlyCheck<T>> =>
    deps.sessionHandshakes.allow(clientAddress(req, deps.trust)).then(async (allowed): Promise<EarlyCheck<T>> => {
      if (!allowed) return { allowed, live: null };
      const user = withStart && deps.prefetch ? known.get(sessionId) : undefined;
      if (!user) return { allowed, live: await readLive(deps.database.sql, sessionId) };
      let result!: Promise<T>;
      // Both settle before the connection goes back (a chat start may send a second statement on it); a
      // failed chat start is reported where it is used, only if the check admits the socket.
      const [read] = await pipelined(deps.database.sql, (sql) => {
        const reading = readLive(sql, sessionId);
        result = deps.prefetch!(user, sql);
        return Promise.allSettled([reading, result]);
      });
      if (read.status === "rejected") throw read.reason;
      return { allowed, live: read.value, prefetched: { userId: user.id, result } };
    });
  const early = new WeakMap<EngineConnection, { at: number; sessionId: string; result: Promise<EarlyCheck<T>> }>();
  deps.engine.on("connection", (connection) => {
    const sessionId = sessionIdFromCookie(connection.request.headers.cookie, deps.sessionSecrets);
    if (!sessionId) return;
    const result = check(connection.request, sessionId, true);
    result.catch(() => {}); // a connection that never sends CONNECT leaves it; the handshake below handles its failure
    early.set(connection, { at: performance.now(), sessionId, result });
  });
  const middleware = (socket: ChatSocket, next: (error?: Error) => void) => {
    const req = socket.request as IncomingMessage;
    const started = early.get(socket.conn);
    early.delete(socket.conn);
    // The same request as the engine connection's: its cookie was verified there (one HMAC per connect).
    const sessionId = started?.sessionId ?? sessionIdFromCookie(req.headers.cookie, deps.sessionSecrets);
    if (!sessionId) {
      metrics?.socketConnects.labels("unauthorized").inc();
      return next(new Error("unauthorized"));
    }
    (started && performance.now() - started.at < EARLY_READ_MS ? started.result : check(req, sessionId, false))
      .then(async ({ allowed, live, prefetched }) => {
        if (!allowed) return next(new Error("too_many_handshakes"));
        if (!live) {
          known.delete(sessionId);
          metrics?.socketConnects.labels("unauthorized").inc();
          return next(new Error("unauthorized"));
        }
        remember(sessionId, live.user);
        const admission = await deps.socketCap.admit(socket, live.user.id);
        if (admission === "gone") return next(new Error("unavailable"));
        if (admission === "full") {
          metrics?.socketConnects.labels("too_many_connections").inc();
          return next(new Error("too_many_connections"));
        }
        metrics?.socketConnects.labels("accepted").inc();
        socket.data = { userId: live.user.id, sessionId, email: live.user.email, name: live.user.name };
        deps.admitted(socket, live.expiresAt, prefetched?.userId === live.user.id ? prefetched.result : undefined);
        next();
      })
      .catch((error: unknown) => {
        deps.logger.warn({ err: safeError(error) }, "session check failed");
        next(new Error("unavailable"));
      });
  };
  return {
    middleware,
    /** Remembers a session's user (it has just signed in on this instance): its first connect starts the chat with its check. */
    remember,
    /** Forgets an ended session's user ("*": every session), so that its next handshake reads before it starts. */
    forget(sessionId: string | "*") {
      if (sessionId === "*") known.clear();
      else known.delete(sessionId);
    },
  };
}
