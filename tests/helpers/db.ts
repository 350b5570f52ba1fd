import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";
import { connectDatabase, type Database } from "../../server/db/client.js";
import { applyMigrations } from "../../server/db/migrate.js";

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  return inject("adminDatabaseUrl");
}

export function urlForDatabase(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, empty database on the test server; `drop` removes it (and ends its connections). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `yonca_t_${randomBytes(5).toString("hex")}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: urlForDatabase(name),
    name,
    async drop() {
      const a = postgres(adminUrl(), { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}

/** A fresh database with the migrations applied, and a connection to it. */
export async function createMigratedDatabase(): Promise<TestDatabase & { database: Database }> {
  const testDb = await createTestDatabase();
  const database = connectDatabase(testDb.url, { max: 20 });
  await applyMigrations(database);
  return {
    ...testDb,
    database,
    async drop() {
      await database.close();
      await testDb.drop();
    },
  };
}

/**
 * A postgres.js client of its own on `url` that records each statement it sends whose text matches
 * `pattern`: for tests that count how many statements a piece of code takes.
 */
export function recordingClient(url: string, pattern: RegExp, max = 4): { sql: postgres.Sql; statements: string[] } {
  const statements: string[] = [];
  const sql = postgres(url, { max, onnotice: () => {}, debug: (_connection, query) => void (pattern.test(query) && statements.push(query)) });
  return { sql, statements };
}
