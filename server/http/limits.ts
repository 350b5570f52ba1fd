import type { Sql } from "postgres";
import ipaddr from "ipaddr.js";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { Config } from "../config.js";
import { safeError, type Logger } from "../logger.js";
import { batchedLimiter } from "./batched-limits.js";

/**
 * The core's per-user limits with fixed values (README "Limits" lists every limit; plugins keep their own,
 * made with createRateLimiter). Per-address limits (handshakes, dev
 * logins) both follow HANDSHAKES_PER_IP_PER_MIN: a sign-in is followed by a handshake, and the benchmark
 * raises that one knob.
 */
export const LIMITS = {
  conversationsPerUserPerMin: 30,
  searchesPerUserPerMin: 60,
  renamesPerUserPerMin: 30,
  feedbackPerUserPerMin: 60,
  /** Data downloads (GET /api/me/export): each reads every message of the farmer. */
  exportsPerUserPerMin: 2,
} as const;

/**
 * The key of a per-address limit: an IPv4 address as it is (an IPv4-mapped IPv6 address as IPv4), an IPv6
 * address by its /64 (one subscriber's network: its addresses are free to pick, so a limit per address
 * would be a limit per request).
 */
export function addressKey(address: string): string {
  const raw = address.replace(/%.*$/, "");
  if (!ipaddr.isValid(raw)) return address;
  let parsed = ipaddr.parse(raw);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  if (parsed.kind() === "ipv4") return parsed.toString();
  const network = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16)).join(":");
  return `${network}::/64`;
}

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
  /** Writes counts kept in memory to the shared store now (limiters that batch their writes). */
  flush?(): Promise<void>;
}

export interface Limiters {
  /**
   * Socket.IO handshakes per address (/64 for IPv6), counted in this instance's memory: a flood of handshakes
   * without a session costs no query and leaves no row.
   */
  handshakes: Limiter;
  /** Handshakes that carry a session, per address, across instances (memory in front, PostgreSQL behind, batched). */
  sessionHandshakes: Limiter;
  devLogins: Limiter;
  conversations: Limiter;
  searches: Limiter;
  renames: Limiter;
  feedback: Limiter;
  exports: Limiter;
}

/** A limit a plugin keeps for itself (e.g. the persona plugin's writes): its own key prefix, per minute. */
export interface RateLimitOptions {
  /** Names the limit in the `rate_limits` table and in logs, e.g. "persona_write". */
  keyPrefix: string;
  /** How many per key and minute. */
  points: number;
  /** Turns the caller's key into the stored one (addressKey for per-address limits). */
  key?: (raw: string) => string;
}

function guarded(keyPrefix: string, limiter: RateLimiterPostgres | RateLimiterMemory, logger: Logger, key: (k: string) => string = (k) => k): Limiter {
  const log = logger.child({ module: "limits" });
  return {
    async allow(raw) {
      try {
        await limiter.consume(key(raw));
        return true;
      } catch (outcome) {
        if (outcome instanceof RateLimiterRes) return false;
        log.warn({ limit: keyPrefix, err: safeError(outcome) }, "rate limit store unavailable");
        return true;
      }
    },
  };
}

/**
 * A limit counted in the `rate_limits` table, so it holds across instances: fixed one-minute windows per key.
 * The core's limits and the plugins' are all made with it.
 */
export function createRateLimiter(sql: Sql, logger: Logger, options: RateLimitOptions): Limiter {
  const { keyPrefix, points } = options;
  return guarded(
    keyPrefix,
    new RateLimiterPostgres({
      storeClient: storeClientFor(sql),
      storeType: "client",
      tableName: "rate_limits",
      tableCreated: true,
      clearExpiredByTimeout: true,
      keyPrefix,
      points,
      duration: 60,
      // A key over its limit is refused from memory until its window ends: a flood costs no queries.
      inMemoryBlockOnConsumed: points + 1,
    }),
    logger,
    options.key,
  );
}

/**
 * Every limit but `handshakes` counts in the `rate_limits` table (createRateLimiter), so it holds across
 * instances; per-address keys go through addressKey.
 */
export function createLimiters(config: Config, sql: Sql, logger: Logger): Limiters {
  const make = (keyPrefix: string, points: number, key?: (k: string) => string): Limiter => createRateLimiter(sql, logger, { keyPrefix, points, key });
  return {
    handshakes: guarded("handshake", new RateLimiterMemory({ keyPrefix: "handshake", points: config.handshakesPerIpPerMin, duration: 60 }), logger, addressKey),
    // Counted in memory in front and written to rate_limits in one batched statement a second (server/http/batched-limits.ts):
    // a connect or a sign-in costs no round trip for its limit, and the count still holds across instances.
    sessionHandshakes: batchedLimiter({ sql, logger: logger.child({ module: "limits" }), keyPrefix: "handshake", points: config.handshakesPerIpPerMin, key: addressKey }),
    devLogins: batchedLimiter({ sql, logger: logger.child({ module: "limits" }), keyPrefix: "dev_login", points: config.handshakesPerIpPerMin, key: addressKey }),
    conversations: make("conversation_new", LIMITS.conversationsPerUserPerMin),
    searches: make("search", LIMITS.searchesPerUserPerMin),
    renames: make("rename", LIMITS.renamesPerUserPerMin),
    feedback: make("feedback", LIMITS.feedbackPerUserPerMin),
    exports: make("export", LIMITS.exportsPerUserPerMin),
  };
}
