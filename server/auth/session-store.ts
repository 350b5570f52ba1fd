import { and, eq, gt, isNull, lte, sql as expr } from "drizzle-orm";
import session from "express-session";
import type { Sql } from "postgres";
import { dbOf, prepared, type Db } from "../db/client.js";
import { sessions } from "../db/schema.js";

/** Sessions without a signed-in user (OAuth state before the callback) end after ten minutes. */
export const ANONYMOUS_TTL_MS = 10 * 60_000;

type SessionData = session.SessionData & { passport?: { user?: { id?: string } } };

const sessionDataQuery = (db: Db) =>
  db
    .select({ data: sessions.data })
    .from(sessions)
    .where(and(eq(sessions.sid, expr.placeholder("sid")), gt(sessions.expiresAt, expr`now()`)))
    .prepare("session_data");

const saveSessionQuery = (db: Db) =>
  db
    .insert(sessions)
    .values({ sid: expr.placeholder("sid"), userId: expr.placeholder("userId"), data: expr.placeholder("data"), expiresAt: expr.placeholder("expiresAt") })
    .onConflictDoUpdate({
      target: sessions.sid,
      set: { userId: expr`excluded.user_id`, data: expr`excluded.data`, expiresAt: expr`excluded.expires_at` },
    })
    .prepare("save_session");

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

  private get db() {
    return dbOf(this.sql);
  }

  /** A session without a user (e.g. the one `GET /auth/google` opens for OAuth state) lives at most ANONYMOUS_TTL_MS. */
  private expiry(sess: session.SessionData): Date {
    const expires = sess.cookie?.expires;
    let at = expires ? new Date(expires).getTime() : Date.now() + this.defaultTtlMs;
    if (!(sess as SessionData).passport?.user?.id) at = Math.min(at, Date.now() + ANONYMOUS_TTL_MS);
    return new Date(at);
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    prepared(this.db, sessionDataQuery).execute({ sid }).then(
      (rows) => callback(null, (rows[0]?.data as session.SessionData | undefined) ?? null),
      (error) => callback(error),
    );
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    const userId = (sess as SessionData).passport?.user?.id ?? null;
    prepared(this.db, saveSessionQuery).execute({ sid, userId, data: sess, expiresAt: this.expiry(sess) }).then(
      () => callback?.(),
      (error) => callback?.(error),
    );
  }

  override touch(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    // An anonymous session is never extended by a touch: it ends ANONYMOUS_TTL_MS after it began.
    const expiresAt = this.expiry(sess).toISOString();
    this.db
      .update(sessions)
      .set({ expiresAt: expr`CASE WHEN ${isNull(sessions.userId)} THEN LEAST(${sessions.expiresAt}, ${expiresAt}::timestamptz) ELSE ${expiresAt}::timestamptz END` })
      .where(eq(sessions.sid, sid))
      .then(
      () => callback?.(),
      (error) => callback?.(error),
    );
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.db.delete(sessions).where(eq(sessions.sid, sid)).then(
      () => callback?.(),
      (error) => callback?.(error),
    );
  }

  async prune(): Promise<number> {
    const rows = await this.db.delete(sessions).where(lte(sessions.expiresAt, expr`now()`)).returning({ sid: sessions.sid });
    return rows.length;
  }

  close(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
  }
}
