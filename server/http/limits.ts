import type { Sql } from "postgres";
import ipaddr from "ipaddr.js";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { Config } from "../config.js";
import { safeError, type Logger } from "../logger.js";
import { batchedLimiter } from "./batched-limits.js";

/**
 * Per-user limits with fixed values (README "Limits" lists every limit). Per-address limits (handshakes, dev
 * logins) both follow HANDSHAKES_PER_IP_PER_MIN: a sign-in is followed by a handshake, and the benchmark
 * raises that one knob.
 */
export const LIMITS = {
  conversationsPerUserPerMin: 30,
  personaWritesPerUserPerMin: 30,
  searchesPerUserPerMin: 60,
  renamesPerUserPerMin: 30,
  feedbackPerUserPerMin: 60,
  journalWritesPerUserPerMin: 30,
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
  personaWrites: Limiter;
  searches: Limiter;
  renames: Limiter;
  feedback: Limiter;
  journalWrites: Limiter;
  exports: Limiter;
}

/**
 * Every limit but `handshakes` counts in the `rate_limits` table (migrations/0003_h11_session_revocation.sql),
 * so it holds across instances. Fixed one-minute windows per key; per-address keys go through addressKey.
 */
export function createLimiters(config: Config, sql: Sql, logger: Logger): Limiters {
  const log = logger.child({ module: "limits" });
  const storeClient = storeClientFor(sql);
  const wrap = (keyPrefix: string, limiter: RateLimiterPostgres | RateLimiterMemory, key: (k: string) => string = (k) => k): Limiter => ({
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
  });
  const make = (keyPrefix: string, points: number, key?: (k: string) => string): Limiter =>
    wrap(
      keyPrefix,
      new RateLimiterPostgres({
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
      }),
      key,
    );
  return {
    handshakes: wrap("handshake", new RateLimiterMemory({ keyPrefix: "handshake", points: config.handshakesPerIpPerMin, duration: 60 }), addressKey),
    // Counted in memory in front and written to rate_limits in one batched statement a second (server/http/batched-limits.ts):
    // a connect or a sign-in costs no round trip for its limit, and the count still holds across instances.
    sessionHandshakes: batchedLimiter({ sql, logger: log, keyPrefix: "handshake", points: config.handshakesPerIpPerMin, key: addressKey }),
    devLogins: batchedLimiter({ sql, logger: log, keyPrefix: "dev_login", points: config.handshakesPerIpPerMin, key: addressKey }),
    conversations: make("conversation_new", LIMITS.conversationsPerUserPerMin),
    personaWrites: make("persona_write", LIMITS.personaWritesPerUserPerMin),
    searches: make("search", LIMITS.searchesPerUserPerMin),
    renames: make("rename", LIMITS.renamesPerUserPerMin),
    feedback: make("feedback", LIMITS.feedbackPerUserPerMin),
    journalWrites: make("journal_write", LIMITS.journalWritesPerUserPerMin),
    exports: make("export", LIMITS.exportsPerUserPerMin),
  };
}
