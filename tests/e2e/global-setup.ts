import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { webBuildIsStale } from "../../server/cli/build-web.js";
import { startEmbeddedPostgres } from "../../server/db/embedded.js";
import { freePort } from "../helpers/ports.js";

/**
 * Builds web/dist when it is missing or older than its sources, and provides one PostgreSQL server
 * for the run (DATABASE_URL when set, else an embedded cluster); each worker creates its own database.
 */
export default async function globalSetup() {
  if (webBuildIsStale()) {
    execFileSync("npx", ["vite", "build", "--config", "web/vite.config.ts"], { stdio: "inherit", cwd: path.resolve(import.meta.dirname, "../..") });
  }
  if (process.env.DATABASE_URL) {
    process.env.E2E_ADMIN_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "yonca-e2e-pg-"));
  chmodSync(dir, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
  const embedded = await startEmbeddedPostgres({ dir: path.join(dir, "data"), port: await freePort() });
  process.env.E2E_ADMIN_DATABASE_URL = embedded.adminUrl; // the superuser: each worker creates its own database
  return async () => {
    await embedded.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
