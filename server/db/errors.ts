import { DrizzleQueryError } from "drizzle-orm/errors";

/** PostgreSQL's error fields as postgres.js gives them. */
export interface PostgresErrorFields {
  code?: string;
  constraint_name?: string;
}

/** The PostgreSQL error behind `error`: drizzle wraps it (DrizzleQueryError, with it as `cause`), raw queries do not. */
export function postgresErrorOf(error: unknown): PostgresErrorFields | undefined {
  const e = error instanceof DrizzleQueryError ? error.cause : error;
  return typeof e === "object" && e !== null && typeof (e as PostgresErrorFields).code === "string" ? (e as PostgresErrorFields) : undefined;
}

/** A row would break a unique constraint (PostgreSQL 23505); `constraint` names which (schema.ts). */
export class UniqueViolationError extends Error {
  override readonly name = "UniqueViolationError";
  constructor(readonly constraint: string, options: { cause: unknown }) {
    super(`unique constraint ${constraint} violated`, options);
  }
}

/** The one place that reads 23505: unique violations become UniqueViolationError, other errors pass unchanged. */
export function databaseError(error: unknown): unknown {
  if (error instanceof UniqueViolationError) return error;
  const pg = postgresErrorOf(error);
  if (pg?.code === "23505") return new UniqueViolationError(pg.constraint_name ?? "", { cause: pg });
  return error;
}

export function isUniqueViolation(error: unknown, constraint: string): error is UniqueViolationError {
  return error instanceof UniqueViolationError && error.constraint === constraint;
}

/** Awaits a query outside `transaction()` (which translates by itself), translating its error by databaseError. */
export async function query<T>(statement: PromiseLike<T>): Promise<T> {
  try {
    return await statement;
  } catch (error) {
    throw databaseError(error);
  }
}

/** Embedded PostgreSQL could not start (binaries, data folder, port, roles): the message says what to do. */
export class EmbeddedPostgresError extends Error {
  override name = "EmbeddedPostgresError";
}
