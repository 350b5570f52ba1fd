import type { Sql } from "postgres";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { Config } from "../config.js";
import { safeError, type Logger } from "../logger.js";

/**
 * Per-user limits with fixed values. Per-address limits (handshakes, dev logins) both follow
 * HANDSHAKES_PER_IP_PER_MIN: a sign-in is followed by a handshake, and the benchmark raises that one knob.
 */
export const LIMITS = {
  conversationsPerUserPerMin: 30,
  personaWritesPerUserPerMin: 30,
  /** Data downloads (GET /api/me/export): each reads every message of the farmer. */
  exportsPerUserPerMin: 2,
} as const;

/**
 * rate-limiter-flexible's PostgreSQL store on the app's postgres.js pool (no second driver): its
 * `query({text, values})` contract answered with postgres.js's unsafe() (parameters stay parameters).
 */
function storeClientFor(sql: Sql) {
  return {
    async query(q: { text: string; values?: unknown[] }) {
      const rows = await sql.unsafe(q.text, (q.values ?? []) as never[]);
      return { rows: [...rows] };
    },
  };
}

export interface Limiter {
  /** True when `key` may go on; counts one. A database error lets it through (logged): the limits guard capacity, not access. */
  allow(key: string): Promise<boolean>;
}

export interface Limiters {
  handshakes: Limiter;
  devLogins: Limiter;
  conversations: Limiter;
  personaWrites: Limiter;
  exports: Limiter;
}

/**
 * Every limit counts in the `rate_limits` table (migrations/0003_h11_session_revocation.sql), so it holds across
 * instances. Fixed one-minute windows per key.
 */
export function createLimiters(config: Config, sql: Sql, logger: Logger): Limiters {
  const log = logger.child({ module: "limits" });
  const storeClient = storeClientFor(sql);
  const make = (keyPrefix: string, points: number): Limiter => {
    const limiter = new RateLimiterPostgres({
      storeClient,
      storeType: "client",
      tableName: "rate_limits",
      tableCreated: true,
      clearExpiredByTimeout: true,
      keyPrefix,
      points,
      duration: 60,
      // A key over its limit is refused from memory until its window ends: a flood costs no queries.
      inMemoryBlockOnConsumed: points + 1,
    });
    return {
      async allow(key) {
        try {
          await limiter.consume(key);
          return true;
        } catch (outcome) {
          if (outcome instanceof RateLimiterRes) return false;
          log.warn({ limit: keyPrefix, err: safeError(outcome) }, "rate limit store unavailable");
          return true;
        }
      },
    };
  };
  return {
    handshakes: make("handshake", config.handshakesPerIpPerMin),
    devLogins: make("dev_login", config.handshakesPerIpPerMin),
    conversations: make("conversation_new", LIMITS.conversationsPerUserPerMin),
    personaWrites: make("persona_write", LIMITS.personaWritesPerUserPerMin),
    exports: make("export", LIMITS.exportsPerUserPerMin),
  };
}
