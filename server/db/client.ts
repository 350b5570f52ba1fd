import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres, { type Sql } from "postgres";
import * as schema from "./schema.js";

export type Db = PostgresJsDatabase<typeof schema>;

export interface Database {
  sql: Sql;
  db: Db;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Pool size: enough for bursts of connects without starving PostgreSQL's default 100 slots across instances. */
  max?: number;
  /** Statement timeout: no request waits forever on a stuck query. */
  statementTimeoutMs?: number;
  connectTimeoutS?: number;
}

export function connectDatabase(url: string, options: DatabaseOptions = {}): Database {
  const sql = postgres(url, {
    max: options.max ?? 10,
    idle_timeout: 30,
    connect_timeout: options.connectTimeoutS ?? 5,
    // Keep notices quiet. Note: drizzle replaces the Date and JSON serializers with pass-through ones on
    // this client, so raw queries pass timestamps as ISO strings and JSON as text cast to ::jsonb.
    onnotice: () => {},
    connection: {
      application_name: "yonca-chat",
      statement_timeout: options.statementTimeoutMs ?? 10_000,
    },
  });
  const db = drizzle(sql, { schema });
  return { sql, db, close: () => sql.end({ timeout: 5 }) };
}
