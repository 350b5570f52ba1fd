import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../server/db/embedded.js";
import { freePort } from "./ports.js";

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}

/**
 * One PostgreSQL server for the run: DATABASE_URL when set (CI: the machine's server), otherwise an
 * embedded cluster in a temporary folder. Each test file creates its own database on it.
 */
let embedded: EmbeddedPostgres | undefined;
let dir: string | undefined;

export async function setup(project: TestProject) {
  let url = process.env.DATABASE_URL;
  if (!url) {
    dir = mkdtempSync(path.join(os.tmpdir(), "yonca-test-pg-"));
    chmodSync(dir, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
    embedded = await startEmbeddedPostgres({ dir: path.join(dir, "data"), port: await freePort() });
    url = embedded.adminUrl; // the superuser: each test file creates its own database
  }
  project.provide("adminDatabaseUrl", url);
}

export async function teardown() {
  await embedded?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
