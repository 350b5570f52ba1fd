import type { IncomingMessage } from "node:http";
import type { Database } from "../db/client.js";
import { safeError, type Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import { clientAddress, type compileTrust } from "../http/client-address.js";
import type { Limiter } from "../http/limits.js";
import { readLiveSession } from "../auth/revocation.js";
import { SESSION_TTL_MS, sessionIdFromCookie } from "../auth/sessions.js";
import type { UserSocketCap } from "./socket-cap.js";
import type { ChatSocket } from "./handlers/types.js";

/** A signed-in session is extended by a handshake only once less than this is left of it (13 of 14 days). */
export const SESSION_FRESH_MS = SESSION_TTL_MS - 24 * 60 * 60 * 1000;

/**
 * Who may connect: a live session (read, and extended when no longer fresh, in one statement; express-session
 * is not run for sockets) and no more than CHAT_MAX_SOCKETS_PER_USER sockets on all instances. Every
 * namespace connect is checked against the store, so a CONNECT re-sent on an open connection after logout
 * is refused. Calls `admitted` with the session's expiry once the socket may go on.
 */
export function authorizeHandshakes(deps: {
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
  return (socket: ChatSocket, next: (error?: Error) => void) => {
    const req = socket.request as IncomingMessage;
    const sessionId = sessionIdFromCookie(req.headers.cookie, deps.sessionSecrets);
    if (!sessionId) {
      metrics?.socketConnects.labels("unauthorized").inc();
      return next(new Error("unauthorized"));
    }
    // The count and the session's look-up do not wait for each other.
    Promise.all([
      deps.sessionHandshakes.allow(clientAddress(req, deps.trust)),
      readLiveSession(deps.database.sql, { sessionId, ttlMs: SESSION_TTL_MS, freshForMs: SESSION_FRESH_MS }),
    ])
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
