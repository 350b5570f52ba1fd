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
