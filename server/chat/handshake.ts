import type { IncomingMessage } from "node:http";
import type { Database } from "../db/client.js";
import { safeError, type Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import { clientAddress, type compileTrust } from "../http/client-address.js";
import type { Limiter } from "../http/limits.js";
import { readLiveSession, type LiveSession } from "../auth/revocation.js";
import { SESSION_TTL_MS, sessionIdFromCookie } from "../auth/sessions.js";
import type { UserSocketCap } from "./socket-cap.js";
import type { ChatSocket } from "./handlers/types.js";

/** A signed-in session is extended by a handshake only once less than this is left of it (13 of 14 days). */
export const SESSION_FRESH_MS = SESSION_TTL_MS - 24 * 60 * 60 * 1000;

/** A session read when the engine connection opened serves its first CONNECT only if that follows within this. */
const EARLY_READ_MS = 1000;

type EngineConnection = ChatSocket["conn"];

/**
 * Who may connect: a live session (read, and extended when no longer fresh, in one statement; express-session
 * is not run for sockets) and no more than CHAT_MAX_SOCKETS_PER_USER sockets on all instances. Every
 * namespace connect is checked against the store, so a CONNECT re-sent on an open connection after logout
 * is refused. Calls `admitted` with the session's expiry once the socket may go on.
 *
 * The count and the read start as soon as the engine connection opens (its request carries the cookie),
 * while the client is still sending its CONNECT: the first CONNECT of that connection, if it comes within
 * EARLY_READ_MS, uses them instead of waiting for a read of its own. Later CONNECTs read again.
 */
export function authorizeHandshakes(deps: {
  engine: { on(event: "connection", listener: (connection: EngineConnection) => void): unknown };
  database: Database;
  logger: Logger;
  metrics?: Metrics;
  sessionSecrets: string[];
  trust: ReturnType<typeof compileTrust>;
  sessionHandshakes: Limiter;
  socketCap: UserSocketCap;
  admitted(socket: ChatSocket, expiresAt: Date): void;
}) {
  const { metrics } = deps;
  // The address is counted first, and the session read only when the count allows it: a refused address
  // costs no statement.
  const countAndRead = (req: IncomingMessage, sessionId: string): Promise<[boolean, LiveSession | null]> =>
    deps.sessionHandshakes.allow(clientAddress(req, deps.trust)).then(async (allowed) => [
      allowed,
      allowed ? await readLiveSession(deps.database.sql, { sessionId, ttlMs: SESSION_TTL_MS, freshForMs: SESSION_FRESH_MS }) : null,
    ]);
  const early = new WeakMap<EngineConnection, { at: number; sessionId: string; result: Promise<[boolean, LiveSession | null]> }>();
  deps.engine.on("connection", (connection) => {
    const sessionId = sessionIdFromCookie(connection.request.headers.cookie, deps.sessionSecrets);
    if (!sessionId) return;
    const result = countAndRead(connection.request, sessionId);
    result.catch(() => {}); // a connection that never sends CONNECT leaves it; the handshake below handles its failure
    early.set(connection, { at: performance.now(), sessionId, result });
  });
  return (socket: ChatSocket, next: (error?: Error) => void) => {
    const req = socket.request as IncomingMessage;
    const started = early.get(socket.conn);
    early.delete(socket.conn);
    // The same request as the engine connection's: its cookie was verified there (one HMAC per connect).
    const sessionId = started?.sessionId ?? sessionIdFromCookie(req.headers.cookie, deps.sessionSecrets);
    if (!sessionId) {
      metrics?.socketConnects.labels("unauthorized").inc();
      return next(new Error("unauthorized"));
    }
    (started && performance.now() - started.at < EARLY_READ_MS ? started.result : countAndRead(req, sessionId))
      .then(async ([allowed, live]) => {
        if (!allowed) return next(new Error("too_many_handshakes"));
        if (!live) {
          metrics?.socketConnects.labels("unauthorized").inc();
          return next(new Error("unauthorized"));
        }
        const admission = await deps.socketCap.admit(socket, live.user.id);
        if (admission === "gone") return next(new Error("unavailable"));
        if (admission === "full") {
          metrics?.socketConnects.labels("too_many_connections").inc();
          return next(new Error("too_many_connections"));
        }
        metrics?.socketConnects.labels("accepted").inc();
        socket.data = { userId: live.user.id, sessionId, email: live.user.email, name: live.user.name };
        deps.admitted(socket, live.expiresAt);
        next();
      })
      .catch((error: unknown) => {
        deps.logger.warn({ err: safeError(error) }, "session check failed");
        next(new Error("unavailable"));
      });
  };
}
