import type { Sql } from "postgres";
import { safeError, type Logger } from "../logger.js";

interface Window {
  /** Events counted here and not yet written to the shared store. */
  pending: number;
  /** The shared count of the window as the store last answered it (this instance's written events included). */
  shared: number;
  /** When the window ends (ms since the epoch), as the store keeps it. */
  expire: number;
}

/**
 * A per-key limit of `points` per `durationMs`, counted in this instance's memory in front and in the
 * shared `rate_limits` table behind (rate-limiter-flexible's layout: key, points, expire), so it holds across
 * instances: the counts of every key are written in one batched statement at most every `flushMs`, and the
 * store's answer (every instance's count of the window) is what the next events are judged against. An
 * event costs no round trip; a key another instance fills is refused here from the next flush on.
 * A store that fails lets events through (logged): the limits guard capacity, not access.
 */
export function batchedLimiter(deps: {
  sql: Sql;
  logger: Logger;
  keyPrefix: string;
  points: number;
  durationMs?: number;
  flushMs?: number;
  key?: (raw: string) => string;
}): { allow(key: string): Promise<boolean>; flush(): Promise<void> } {
  const { sql, keyPrefix, points } = deps;
  const durationMs = deps.durationMs ?? 60_000;
  const flushMs = deps.flushMs ?? 1000;
  const windows = new Map<string, Window>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();

  const flush = async () => {
    timer = undefined;
    const now = Date.now();
    const batch = [...windows].filter(([, w]) => w.pending > 0).map(([key, w]) => ({ key: `${keyPrefix}:${key}`, points: w.pending, expire: w.expire, window: w }));
    for (const [key, w] of windows) if (w.pending === 0 && w.expire <= now) windows.delete(key);
    if (batch.length === 0) return;
    for (const b of batch) b.window.pending -= b.points;
    try {
      // Raw: drizzle cannot say an upsert from a set of rows. A window that ended starts again with this count.
      const rows = await sql<{ key: string; points: number; expire: string }[]>`
        INSERT INTO rate_limits (key, points, expire)
        SELECT key, points, expire FROM json_to_recordset(${JSON.stringify(batch.map(({ key, points: p, expire }) => ({ key, points: p, expire })))}::text::json)
          AS v(key text, points integer, expire bigint)
        ON CONFLICT (key) DO UPDATE SET
          points = CASE WHEN rate_limits.expire <= ${now} THEN excluded.points ELSE rate_limits.points + excluded.points END,
          expire = CASE WHEN rate_limits.expire <= ${now} THEN excluded.expire ELSE rate_limits.expire END
        RETURNING key, points, expire`;
      const byKey = new Map(batch.map((b) => [b.key, b.window]));
      for (const row of rows) {
        const w = byKey.get(row.key);
        if (!w) continue;
        w.shared = row.points;
        w.expire = Number(row.expire);
      }
    } catch (error) {
      for (const b of batch) b.window.pending += b.points; // written with the next flush
      if ((error as { code?: string }).code !== "CONNECTION_ENDED") {
        deps.logger.warn({ limit: keyPrefix, err: safeError(error) }, "rate limit store unavailable");
      }
      schedule();
    }
  };
  const schedule = () => {
    if (timer) return;
    timer = setTimeout(() => {
      flushing = flushing.then(flush);
    }, flushMs);
    timer.unref();
  };

  return {
    async allow(raw) {
      const key = deps.key ? deps.key(raw) : raw;
      const now = Date.now();
      let w = windows.get(key);
      if (!w || w.expire <= now) windows.set(key, (w = { pending: 0, shared: 0, expire: now + durationMs }));
      if (w.shared + w.pending >= points) return false;
      w.pending++;
      schedule();
      return true;
    },
    /** Writes the counts now (tests, shutdown). */
    async flush() {
      clearTimeout(timer);
      await (flushing = flushing.then(flush));
    },
  };
}
