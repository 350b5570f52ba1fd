import { and, eq, gt, isNotNull, sql as expr } from "drizzle-orm";
import type { Sql } from "postgres";
import { dbOf, prepared, type Db } from "../db/client.js";
import { sessions } from "../db/schema.js";
import type { SessionUser } from "./sessions.js";

/** The channel of migrations/0005_session_revocation.sql: a session id, or "*" after TRUNCATE. */
export const SESSION_ENDED_CHANNEL = "yonca_session_ended";

export interface LiveSession {
  user: SessionUser;
  expiresAt: Date;
}

const liveSessionQuery = (db: Db) =>
  db
    .select({
      user: expr<Partial<SessionUser> | null>`${sessions.data}->'passport'->'user'`,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .where(and(eq(sessions.sid, expr.placeholder("sessionId")), gt(sessions.expiresAt, expr`now()`), isNotNull(sessions.userId)))
    .prepare("live_session");

/**
 * The session as it is in the store now, not as it was when the engine.io connection was opened: a
 * namespace connect (a re-sent `40` included) is authorised against this.
 */
export async function getLiveSession(sql: Sql, sessionId: string): Promise<LiveSession | null> {
  const [row] = await prepared(dbOf(sql), liveSessionQuery).execute({ sessionId });
  const user = row?.user;
  if (!row || !user?.id || !user.email) return null;
  return { user: { id: user.id, email: user.email, name: user.name ?? null }, expiresAt: row.expiresAt };
}

/**
 * The live session and its user in one statement, for a socket handshake. A signed-in session with less
 * than `freshForMs` left is extended to `ttlMs` from now in the same statement: a handshake writes nothing
 * while the session is fresh. Raw: one statement with a data-modifying CTE, which drizzle cannot say;
 * postgres.js prepares it once per connection.
 */
export async function readLiveSession(sql: Sql, input: { sessionId: string; ttlMs: number; freshForMs: number }): Promise<LiveSession | null> {
  const [row] = await sql<{ user: Partial<SessionUser> | null; expires_at: Date }[]>`
    WITH live AS (
      SELECT data->'passport'->'user' AS "user", expires_at FROM sessions
       WHERE sid = ${input.sessionId} AND expires_at > now() AND user_id IS NOT NULL
    ), extended AS (
      UPDATE sessions SET expires_at = now() + make_interval(secs => ${input.ttlMs / 1000})
       WHERE sid = ${input.sessionId} AND user_id IS NOT NULL AND expires_at > now()
         AND expires_at < now() + make_interval(secs => ${input.freshForMs / 1000})
      RETURNING expires_at
    )
    SELECT live."user", coalesce((SELECT expires_at FROM extended), live.expires_at) AS expires_at FROM live`;
  const user = row?.user;
  if (!row || !user?.id || !user.email) return null;
  return { user: { id: user.id, email: user.email, name: user.name ?? null }, expiresAt: new Date(row.expires_at) };
}

/**
 * Calls `onEnded` for every session ended in SQL, whichever instance or operator ended it (the trigger
 * on `sessions` NOTIFYs). postgres.js keeps the LISTEN on its own connection and re-listens after a reconnect.
 */
export async function listenForEndedSessions(sql: Sql, onEnded: (sessionId: string | "*") => void): Promise<() => Promise<void>> {
  const { unlisten } = await sql.listen(SESSION_ENDED_CHANNEL, (payload) => onEnded(payload));
  return unlisten;
}
