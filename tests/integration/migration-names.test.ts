/**
 * Migration files may be renamed (their names say what they do): drizzle's migrator records a migration by
 * the hash of its SQL and its journal time, so a database migrated under the old names applies nothing again.
 */
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, type Database } from "../../server/db/client.js";
import { applyMigrations, migrationCount, migrationsApplied, MIGRATIONS_FOLDER } from "../../server/db/migrate.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

interface Journal {
  entries: { tag: string; when: number }[];
}

/** A copy of migrations/ with every file (and journal tag) under another name, as before a rename. */
function renamedCopy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "yonca-migrations-"));
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalFile = path.join(dir, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as Journal;
  for (const entry of journal.entries) {
    const old = entry.tag.replace(/^(\d{4})_/, "$1_old_name_of_");
    renameSync(path.join(dir, `${entry.tag}.sql`), path.join(dir, `${old}.sql`));
    entry.tag = old;
  }
  writeFileSync(journalFile, JSON.stringify(journal, null, 2));
  return dir;
}

describe("renamed migrations", () => {
  let db: TestDatabase;
  let database: Database;
  let oldFolder: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    database = connectDatabase(db.url, { max: 2 });
    oldFolder = renamedCopy();
  });
  afterAll(async () => {
    await database?.close();
    await db?.drop();
    rmSync(oldFolder, { recursive: true, force: true });
  });

  it("a database migrated under the old names applies none of them again under the new ones", async () => {
    await applyMigrations(database, { migrationsFolder: oldFolder });
    const before = await database.sql<{ id: number; hash: string; created_at: string }[]>`
      SELECT id, hash, created_at::text FROM drizzle.__drizzle_migrations ORDER BY id`;
    expect(before).toHaveLength(migrationCount());

    // Each migration's SQL runs once: a second run of 0000 (CREATE TABLE users) would fail outright.
    await applyMigrations(database);
    const after = await database.sql<{ id: number; hash: string; created_at: string }[]>`
      SELECT id, hash, created_at::text FROM drizzle.__drizzle_migrations ORDER BY id`;
    expect(after).toEqual(before);
    expect(await migrationsApplied(database)).toBe(true);
  });
});
