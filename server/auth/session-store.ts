import session from "express-session";
import type { Sql } from "postgres";

/** Sessions without a signed-in user (OAuth state before the callback) end after ten minutes. */
export const ANONYMOUS_TTL_MS = 10 * 60_000;

type SessionData = session.SessionData & { passport?: { user?: { id?: string } } };

/**
 * express-session's store in PostgreSQL (the `sessions` table), on the app's postgres.js pool: sessions
 * survive restarts and are shared by every instance. Expired rows are ignored on read and pruned every minute
 * (their deletion NOTIFYs every instance, which closes their sockets: server/auth/revocation.ts).
 */
export class PostgresSessionStore extends session.Store {
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(private readonly sql: Sql, private readonly defaultTtlMs: number, pruneEveryMs = 60_000) {
    super();
    if (pruneEveryMs > 0) {
      this.pruneTimer = setInterval(() => void this.prune().catch(() => {}), pruneEveryMs);
      this.pruneTimer.unref();
    }
  }

  /**
   * An ISO string: drizzle turns postgres.js's Date serializer off on the shared client. A session without
   * a user (e.g. the one `GET /auth/google` opens for OAuth state) lives at most ANONYMOUS_TTL_MS.
   */
  private expiry(sess: session.SessionData): string {
    const expires = sess.cookie?.expires;
    let at = expires ? new Date(expires).getTime() : Date.now() + this.defaultTtlMs;
    if (!(sess as SessionData).passport?.user?.id) at = Math.min(at, Date.now() + ANONYMOUS_TTL_MS);
    return new Date(at).toISOString();
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    this.sql`SELECT data FROM sessions WHERE sid = ${sid} AND expires_at > now()`.then(
      (rows) => callback(null, (rows[0]?.data as session.SessionData | undefined) ?? null),
      (error) => callback(error),
    );
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    const userId = (sess as SessionData).passport?.user?.id ?? null;
    this.sql`
      INSERT INTO sessions (sid, user_id, data, expires_at)
      VALUES (${sid}, ${userId}, ${JSON.stringify(sess)}::jsonb, ${this.expiry(sess)})
      ON CONFLICT (sid) DO UPDATE SET user_id = EXCLUDED.user_id, data = EXCLUDED.data, expires_at = EXCLUDED.expires_at`.then(
      () => callback?.(),
      (error) => callback?.(error),
    );
  }

  override touch(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    // An anonymous session is never extended by a touch: it ends ANONYMOUS_TTL_MS after it began.
    this.sql`UPDATE sessions SET expires_at = CASE WHEN user_id IS NULL THEN LEAST(expires_at, ${this.expiry(sess)}::timestamptz)
                                                   ELSE ${this.expiry(sess)}::timestamptz END
              WHERE sid = ${sid}`.then(
      () => callback?.(),
      (error) => callback?.(error),
    );
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.sql`DELETE FROM sessions WHERE sid = ${sid}`.then(
      () => callback?.(),
      (error) => callback?.(error),
    );
  }

  async prune(): Promise<number> {
    const rows = await this.sql`DELETE FROM sessions WHERE expires_at <= now() RETURNING sid`;
    return rows.length;
  }

  close(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
  }
}
