import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import type { Database } from "./client.js";

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../migrations");
const LOCK_ID = 7242021;

/** How many migrations drizzle-kit has written (migrations/meta/_journal.json). */
export function migrationCount(): number {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as { entries: unknown[] };
  return journal.entries.length;
}

/**
 * Applies migrations/ (drizzle-kit's output); a no-op when they are applied. Instances starting together
 * take turns on an advisory lock held by one reserved connection. drizzle's migrator records each migration
 * by the hash of its SQL and its journal time (`when`), never by its file name: a renamed migration is not
 * applied again (tests/integration/migration-names.test.ts).
 */
export async function applyMigrations(database: Database, options: { migrationsFolder?: string } = {}): Promise<void> {
  const lock = await database.sql.reserve();
  try {
    await lock`SELECT pg_advisory_lock(${LOCK_ID})`;
    await migrate(database.db, { migrationsFolder: options.migrationsFolder ?? MIGRATIONS_FOLDER });
  } finally {
    await lock`SELECT pg_advisory_unlock(${LOCK_ID})`.catch(() => {});
    lock.release();
  }
}

/** True when every migration file has been applied (for /readyz). */
export async function migrationsApplied(database: Database): Promise<boolean> {
  const [table] = await database.sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`;
  if (!table?.present) return false;
  const [row] = await database.sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`;
  return Number(row?.n ?? 0) >= migrationCount();
}
