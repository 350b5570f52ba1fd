import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/ports.js";

/** `npm start` as a user runs it: the real CLI in a child process, on embedded PostgreSQL. */
const root = path.resolve(import.meta.dirname, "../..");
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "yonca-start-"));
  chmodSync(dir, 0o755); // embedded PostgreSQL runs as the postgres user when started by root
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", "server/cli/start.ts"], {
    cwd: root,
    env: { ...inherited, LOG_LEVEL: "warn", OFFLINE_PACE_MS: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (c) => (out += c));
  child.stderr!.on("data", (c) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(predicate: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("npm start on embedded PostgreSQL", () => {
  it("prints the URL and psql line, answers /readyz, shows alem_personas to psql, stops on Ctrl-C and keeps the data", async () => {
    const port = await freePort();
    const pgPort = await freePort();
    // A folder that does not exist yet, two levels deep, like the default .data/postgres
    const env = { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), EMBEDDED_PG_DIR: path.join(dir, ".data", "postgres"), DEV_LOGIN: "1" };
    const first = start(env);
    await waitFor(() => first.output().includes("Stop with Ctrl-C"), "the banner");
    expect(first.output()).toContain(`http://localhost:${port}`);
    expect(first.output()).toContain(`psql -h localhost -p ${pgPort} -U yonca -d yonca`);
    expect(first.output()).toContain("Dev login: on: DEV_LOGIN is set");
    const ready = await fetch(`http://localhost:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });

    const login = await fetch(`http://localhost:${port}/auth/dev-login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "kept@example.az" }),
    });
    const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
    const persona = (await (await fetch(`http://localhost:${port}/api/me`, { headers: { cookie } })).json()).persona;

    {
      const psql = spawnSync("psql", ["-h", "localhost", "-p", String(pgPort), "-U", "yonca", "-d", "yonca", "-c", "\\d alem_personas"], {
        env: { ...process.env, PGPASSWORD: "yonca" },
        encoding: "utf8",
      });
      expect(psql.status).toBe(0);
      for (const column of ["alem_persona_id", "user_id", "fin_code", "crop_type", "total_area_ha", "ektis_verified", "data_source"]) {
        expect(psql.stdout).toContain(column);
      }
    }

    first.child.kill("SIGINT");
    expect(await first.exited).toBe(0);
    await expect(fetch(`http://localhost:${port}/healthz`)).rejects.toThrow();

    const second = start(env);
    await waitFor(() => second.output().includes("Stop with Ctrl-C"), "the second banner");
    const again = await fetch(`http://localhost:${port}/api/me`, { headers: { cookie } });
    // sessions need a fixed SESSION_SECRET to survive; the persona itself is kept either way
    const login2 = await fetch(`http://localhost:${port}/auth/dev-login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "kept@example.az" }),
    });
    const cookie2 = login2.headers.getSetCookie()[0]!.split(";")[0]!;
    const kept = (await (await fetch(`http://localhost:${port}/api/me`, { headers: { cookie: cookie2 } })).json()).persona;
    expect(again.status).toBe(401); // random per-start secret outside production
    expect(kept).toMatchObject({ id: persona.id, finCode: persona.finCode });
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 120_000);

  it("exits non-zero with one line naming an invalid variable", async () => {
    const run = start({ PORT: "eighty" });
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split("\n").filter((l) => !l.startsWith("npm warn"));
    expect(lines).toEqual([expect.stringMatching(/^Invalid configuration: PORT: /)]);
  });

  it("refuses DEV_LOGIN=true with a public PUBLIC_URL unless NODE_ENV=development, in one line", async () => {
    const run = start({ PUBLIC_URL: "https://yonca.example.org", DEV_LOGIN: "true", NODE_ENV: "" });
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split("\n").filter((l) => !l.startsWith("npm warn"));
    expect(lines).toEqual([expect.stringMatching(/^Invalid configuration: DEV_LOGIN: refused with a public PUBLIC_URL/)]);
  });

  it("exits non-zero with a clear message within 10 s when DATABASE_URL cannot be reached", async () => {
    const started = Date.now();
    const run = start({ PORT: String(await freePort()), DATABASE_URL: `postgres://nobody:x@127.0.0.1:${await freePort()}/nowhere` });
    expect(await run.exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.output()).toMatch(/Cannot start: cannot use the database \(PostgreSQL at 127\.0\.0\.1:\d+\/nowhere\): ECONNREFUSED/);
    expect(run.output()).not.toContain("nobody:x");
  }, 20_000);
});
