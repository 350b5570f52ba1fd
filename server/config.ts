import { randomBytes } from "node:crypto";
import path from "node:path";
import { z } from "zod";
import { parseTrustProxy, type TrustProxy } from "./http/client-address.js";

/**
 * The core's configuration, read from the environment at startup; each plugin reads its own variables with
 * readEnv in its config.ts (server/plugin-configs.ts lists them; every variable with its default in .env.example).
 * Empty strings count as unset. An invalid value throws ConfigError naming the variable.
 */
export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = "ConfigError";
  }
}

export const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().min(1);
export const bool = z
  .enum(["1", "0", "true", "false", "on", "off", "yes", "no"])
  .transform((v) => ["1", "true", "on", "yes"].includes(v));
export const csv = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);
export const url = z.string().url();

/** The variables the core reads (a unit test checks that no plugin's config.ts reads one of them). */
export const coreEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: port.default(3000),
  HOST: z.string().optional(),
  PUBLIC_URL: url.optional(),
  ALLOWED_ORIGINS: csv.optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  EMBEDDED_PG_DIR: z.string().optional(),
  EMBEDDED_PG_PORT: port.default(5433),
  SESSION_SECRET: csv.optional(),
  SESSION_SECRET_FILE: z.string().optional(),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  GOOGLE_AUTHORIZATION_URL: url.default("https://accounts.google.com/o/oauth2/v2/auth"),
  GOOGLE_TOKEN_URL: url.default("https://www.googleapis.com/oauth2/v4/token"),
  GOOGLE_USERINFO_URL: url.default("https://www.googleapis.com/oauth2/v3/userinfo"),
  DEV_LOGIN: bool.optional(),
  CHAT_MAX_MESSAGE_CHARS: positiveInt.max(100_000).default(4000),
  CHAT_RATE_LIMIT_PER_MIN: positiveInt.default(20),
  CHAT_MAX_SOCKETS_PER_USER: positiveInt.default(30),
  HANDSHAKES_PER_IP_PER_MIN: positiveInt.default(120),
  SOCKET_ADAPTER: z.enum(["none", "postgres", "redis"]).default("none"),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL").default("redis://127.0.0.1:6379"),
  INSTANCE_HEARTBEAT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  METRICS_PORT: port.optional(),
  METRICS_HOST: z.string().default("127.0.0.1"),
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** The built web app the server serves (default web/dist); another build for tests of the update prompt. */
  WEB_DIST: z.string().optional(),
});

export interface Config {
  /** The environment it was read from (empty values dropped): plugins read their own variables from it. */
  env: Readonly<Record<string, string>>;
  nodeEnv: "development" | "production" | "test";
  production: boolean;
  port: number;
  /**
   * The address the server listens on: HOST, else 127.0.0.1 while dev login is on (only this machine can
   * reach it), else 0.0.0.0.
   */
  host: string;
  publicUrl: string;
  allowedOrigins: string[];
  databaseUrl: string | undefined;
  /** explicitDir false: the default folder, which a start by root may move (server/db/embedded.ts). */
  embeddedPg: { dir: string; port: number; explicitDir: boolean };
  sessionSecrets: string[];
  /** True when SESSION_SECRET is unset: the secret is read from (or first written to) `sessionSecretFile` at start. */
  sessionSecretGenerated: boolean;
  /** SESSION_SECRET_FILE: where a generated session secret is kept (0600); unset = with the data (server/main.ts). */
  sessionSecretFile: string | undefined;
  google:
    | { clientId: string; clientSecret: string; authorizationUrl: string; tokenUrl: string; userInfoUrl: string }
    | undefined;
  devLogin: boolean;
  /** Why dev login is on or off, for the start banner. */
  devLoginReason: string;
  chat: { maxMessageChars: number; rateLimitPerMin: number; maxSocketsPerUser: number };
  handshakesPerIpPerMin: number;
  /** "postgres": Socket.IO events cross instances through @socket.io/postgres-adapter (several instances on one database). */
  socketAdapter: "none" | "postgres" | "redis";
  /** "redis": @socket.io/redis-streams-adapter at this URL (used only when SOCKET_ADAPTER=redis). */
  redisUrl: string;
  /** Prometheus metrics listener (server/metrics.ts); undefined = off. */
  metrics: { port: number; host: string } | undefined;
  /** How often an instance says it is alive; one silent for 4 beats is taken for dead and its replies marked `error`. */
  instanceHeartbeatMs: number;
  logLevel: string;
  /** express's `trust proxy`: which peers' X-Forwarded-For is believed; false = none (per-address limits key on the peer). */
  trustProxy: TrustProxy;
  /** WEB_DIST: the built web app to serve instead of web/dist (server/http/static.ts). */
  webDist?: string;
}

/** localhost, *.localhost, 127.0.0.0/8 or ::1: an app only this machine reaches. */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || /^127(\.\d{1,3}){3}$/.test(host) || host === "::1";
}

/** The environment with empty and blank values dropped and the rest trimmed: empty means unset. */
export function cleanEnv(source: NodeJS.ProcessEnv | Readonly<Record<string, string>>): Record<string, string> {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (v !== undefined && v.trim() !== "") cleaned[k] = v.trim();
  return cleaned;
}

/**
 * Reads the variables a zod object names from the environment (empty = unset); the first invalid one
 * throws ConfigError naming it. The core and every plugin's config.ts read theirs with it.
 */
export function readEnv<S extends z.ZodObject>(schema: S, source: NodeJS.ProcessEnv | Readonly<Record<string, string>>): z.infer<S> {
  const cleaned = cleanEnv(source);
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? "configuration");
    throw new ConfigError(variable, `${issue.message} (got ${JSON.stringify(cleaned[variable] ?? "")})`);
  }
  return parsed.data;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = cleanEnv(source);
  const e = readEnv(coreEnv, cleaned);
  const production = e.NODE_ENV === "production";
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  const allowedOrigins = e.ALLOWED_ORIGINS ?? [new URL(publicUrl).origin];
  for (const origin of allowedOrigins) {
    if (!URL.canParse(origin)) throw new ConfigError("ALLOWED_ORIGINS", `${JSON.stringify(origin)} is not an origin`);
  }

  if ((e.GOOGLE_CLIENT_ID === undefined) !== (e.GOOGLE_CLIENT_SECRET === undefined)) {
    const missing = e.GOOGLE_CLIENT_ID === undefined ? "GOOGLE_CLIENT_ID" : "GOOGLE_CLIENT_SECRET";
    throw new ConfigError(missing, "is required when the other Google variable is set");
  }
  const google = e.GOOGLE_CLIENT_ID
    ? {
        clientId: e.GOOGLE_CLIENT_ID,
        clientSecret: e.GOOGLE_CLIENT_SECRET!,
        authorizationUrl: e.GOOGLE_AUTHORIZATION_URL,
        tokenUrl: e.GOOGLE_TOKEN_URL,
        userInfoUrl: e.GOOGLE_USERINFO_URL,
      }
    : undefined;

  // Dev login signs anyone in as any email: on by itself only for a local, non-production app without Google.
  const loopback = isLoopbackUrl(publicUrl);
  const nodeEnvExplicit = cleaned.NODE_ENV !== undefined;
  let devLogin: boolean;
  let devLoginReason: string;
  if (e.DEV_LOGIN === undefined) {
    devLogin = !google && !production && loopback;
    devLoginReason = devLogin
      ? "on: Google is not configured and PUBLIC_URL is a loopback address"
      : google ? "off: Google sign-in is configured"
      : production ? "off: NODE_ENV=production"
      : "off: PUBLIC_URL is not a loopback address (set DEV_LOGIN=1 with NODE_ENV=development to force it)";
  } else {
    devLogin = e.DEV_LOGIN;
    devLoginReason = devLogin ? "on: DEV_LOGIN is set" : "off: DEV_LOGIN is off";
  }
  if (devLogin && production) throw new ConfigError("DEV_LOGIN", "dev login cannot be on in production");
  if (devLogin && !loopback && !(nodeEnvExplicit && e.NODE_ENV === "development")) {
    throw new ConfigError("DEV_LOGIN", `refused with a public PUBLIC_URL (${publicUrl}) unless NODE_ENV=development is set explicitly`);
  }

  if (production && !e.SESSION_SECRET) throw new ConfigError("SESSION_SECRET", "is required in production");
  for (const secret of e.SESSION_SECRET ?? []) {
    if (production && secret.length < 32) throw new ConfigError("SESSION_SECRET", "each secret needs 32 characters or more in production");
  }
  const sessionSecrets = e.SESSION_SECRET ?? [randomBytes(32).toString("base64url")];

  let trustProxy: TrustProxy;
  try {
    trustProxy = parseTrustProxy(e.TRUST_PROXY);
  } catch (error) {
    throw new ConfigError("TRUST_PROXY", `${(error as Error).message} (got ${JSON.stringify(e.TRUST_PROXY)}); use loopback, a hop count or CIDRs`);
  }

  return {
    env: cleaned,
    nodeEnv: e.NODE_ENV,
    production,
    port: e.PORT,
    host: e.HOST ?? (devLogin ? "127.0.0.1" : "0.0.0.0"),
    publicUrl,
    allowedOrigins: allowedOrigins.map((o) => new URL(o).origin),
    databaseUrl: e.DATABASE_URL,
    embeddedPg: { dir: e.EMBEDDED_PG_DIR ?? ".data/postgres", port: e.EMBEDDED_PG_PORT, explicitDir: e.EMBEDDED_PG_DIR !== undefined },
    sessionSecrets,
    sessionSecretGenerated: !e.SESSION_SECRET,
    sessionSecretFile: e.SESSION_SECRET_FILE === undefined ? undefined : path.resolve(e.SESSION_SECRET_FILE),
    google,
    devLogin,
    devLoginReason,
    chat: {
      maxMessageChars: e.CHAT_MAX_MESSAGE_CHARS,
      rateLimitPerMin: e.CHAT_RATE_LIMIT_PER_MIN,
      maxSocketsPerUser: e.CHAT_MAX_SOCKETS_PER_USER,
    },
    handshakesPerIpPerMin: e.HANDSHAKES_PER_IP_PER_MIN,
    socketAdapter: e.SOCKET_ADAPTER,
    redisUrl: e.REDIS_URL,
    metrics: e.METRICS_PORT === undefined ? undefined : { port: e.METRICS_PORT, host: e.METRICS_HOST },
    instanceHeartbeatMs: e.INSTANCE_HEARTBEAT_MS,
    logLevel: e.LOG_LEVEL,
    trustProxy,
    webDist: e.WEB_DIST,
  };
}
