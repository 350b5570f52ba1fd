import type { Sql } from "postgres";
import type { SessionUser } from "./sessions.js";

/** The channel of migrations/0003_h11_session_revocation.sql: a session id, or "*" after TRUNCATE. */
export const SESSION_ENDED_CHANNEL = "yonca_session_ended";

export interface LiveSession {
  user: SessionUser;
  expiresAt: Date;
}

/**
 * The session as it is in the store now, not as it was when the engine.io connection was opened: a
 * namespace connect (a re-sent `40` included) is authorised against this.
 */
export async function getLiveSession(sql: Sql, sessionId: string): Promise<LiveSession | null> {
  const [row] = await sql`
    SELECT data->'passport'->'user' AS "user", expires_at FROM sessions
     WHERE sid = ${sessionId} AND expires_at > now() AND user_id IS NOT NULL`;
  const user = row?.user as Partial<SessionUser> | null | undefined;
  if (!row || !user?.id || !user.email) return null;
  return { user: { id: user.id, email: user.email, name: user.name ?? null }, expiresAt: new Date(row.expires_at as string) };
}

/**
 * Calls `onEnded` for every session ended in SQL, whichever instance or operator ended it (the trigger
 * on `sessions` NOTIFYs). postgres.js keeps the LISTEN on its own connection and re-listens after a reconnect.
 */
export async function listenForEndedSessions(sql: Sql, onEnded: (sessionId: string | "*") => void): Promise<() => Promise<void>> {
  const { unlisten } = await sql.listen(SESSION_ENDED_CHANNEL, (payload) => onEnded(payload));
  return unlisten;
}
