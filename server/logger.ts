import { DrizzleQueryError } from "drizzle-orm/errors";
import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";

/**
 * Personal data never reaches the logs: these keys are censored wherever they appear (two levels
 * deep), and modules log ids and codes, never objects that came from a user.
 */
const privateKeys = [
  "email", "fullName", "full_name", "name", "finCode", "fin_code", "phone",
  "cookie", "cookies", "authorization", "token", "accessToken", "refreshToken", "access_token",
  "refresh_token", "id_token", "oauthCode", "password", "secret", "text", "content", "delta", "sid",
];
const redactPaths = [
  ...privateKeys,
  ...privateKeys.map((k) => `*.${k}`),
  ...privateKeys.map((k) => `*.*.${k}`),
  'req.headers["set-cookie"]',
  'res.headers["set-cookie"]',
];

/**
 * JSON lines (for machines, `npm start | jq`); in a terminal (stdout is a TTY) the same records made
 * readable by pino-pretty. `destination` (tests) always gets JSON.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const out = destination ?? (process.stdout.isTTY ? pretty({ colorize: true, sync: true, singleLine: true, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname,service" }) : undefined);
  return pino(
    {
      level,
      base: { service: "yonca-chat" },
      redact: { paths: redactPaths, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    out,
  );
}

export type { Logger };

/**
 * What of an error may be logged. PostgreSQL messages and details can quote values ("Key (email)=(…)
 * already exists", "invalid input syntax …: \"…\""), so for database errors only codes and names are kept.
 */
export function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error) && (typeof error !== "object" || error === null)) return { message: String(error).slice(0, 200) };
  const e = error as Error & Record<string, unknown>;
  // drizzle's DrizzleQueryError message holds the query's parameters (message text, emails): never logged.
  const isPostgres = e.name === "PostgresError" || typeof e.severity === "string" || e instanceof DrizzleQueryError;
  const out: Record<string, unknown> = { type: e.name ?? "Error" };
  for (const key of ["code", "errno", "constraint_name", "table_name", "column_name", "routine", "severity"]) {
    if (e[key] !== undefined) out[key] = e[key];
  }
  if (!isPostgres) {
    out.message = String(e.message ?? "").slice(0, 300);
    if (e.stack) out.stack = String(e.stack).split("\n").slice(1, 6).join("\n");
  }
  if (e.cause) out.cause = safeError(e.cause);
  return out;
}

/**
 * What of a model provider's error may be logged: its kind (error names and codes along the cause chain)
 * and the HTTP status, never its text. A provider's message can quote the request (the farmer's question,
 * the persona in the prompt).
 */
export function providerErrorFacts(error: unknown): Record<string, unknown> {
  const kinds: string[] = [];
  const out: Record<string, unknown> = {};
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const e = current as Record<string, unknown> & { constructor?: { name?: string } };
    const name = typeof e.name === "string" ? e.name : e.constructor?.name ?? "Error";
    kinds.push(typeof e.code === "string" && /^[\w.-]{1,40}$/.test(e.code) ? `${name}:${e.code}` : name);
    const status = [e.status, e.statusCode, (e.response as { status?: unknown } | undefined)?.status].find((s) => typeof s === "number");
    if (out.status === undefined && status !== undefined) out.status = status;
    if (typeof e.attempts === "number" && out.attempts === undefined) out.attempts = e.attempts;
    current = e.cause;
  }
  if (!(error && typeof error === "object")) kinds.push(typeof error);
  out.kind = kinds.join(" < ");
  return out;
}
