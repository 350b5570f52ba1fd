import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pathToFileURL } from "node:url";
import { systemDataDir } from "../../server/db/embedded.js";
import { freePort } from "../helpers/ports.js";
import { until } from "../helpers/until.js";

/** `npm start` as a user runs it: the real CLI in a child process, on embedded PostgreSQL. */
const root = path.resolve(import.meta.dirname, "../..");
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "yonca-start-"));
  chmodSync(dir, 0o755); // embedded PostgreSQL runs as the postgres user when started by root
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(env: Record<string, string>, cwd = root): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const { DATABASE_URL: _ignored, EMBEDDED_PG_DIR: _default, ...inherited } = process.env;
  const tsx = pathToFileURL(path.join(root, "node_modules/tsx/dist/loader.mjs")).href; // from any working folder
  const child = spawn(process.execPath, ["--import", tsx, path.join(root, "server/cli/start.ts")], {
    cwd,
    env: { ...inherited, LOG_LEVEL: "warn", OFFLINE_PACE_MS: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (c) => (out += c));
  child.stderr!.on("data", (c) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Waits for a line in a starting child's output (embedded PostgreSQL may take a while on a first start). */
const waitFor = (predicate: () => boolean, what: string) => until(predicate, { timeout: 60_000, interval: 100, what });

describe("npm start on embedded PostgreSQL", () => {
  it("prints the URL and psql line, answers /readyz, shows alem_personas to psql, stops on Ctrl-C and keeps the data and the sessions", async () => {
    const port = await freePort();
    const pgPort = await freePort();
    // A folder that does not exist yet, two levels deep, like the default .data/postgres
    const env = { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), EMBEDDED_PG_DIR: path.join(dir, ".data", "postgres"), DEV_LOGIN: "1" };
    const first = start(env);
    await waitFor(() => first.output().includes("Stop with Ctrl-C"), "the banner");
    expect(first.output()).toContain(`http://localhost:${port}`);
    expect(first.output()).toContain(`psql -h localhost -p ${pgPort} -U yonca -d yonca`);
    expect(first.output()).toContain("Sign in:   dev login");
    // No SESSION_SECRET: one is generated once and kept with the data, owner-only, and the banner says where
    const secretFile = path.join(dir, ".data", "postgres", "session-secret");
    expect(first.output()).toContain(`secret in ${secretFile}`);
    // Dev login is on (no Google, loopback PUBLIC_URL): the server listens on this machine only, and says so.
    expect(first.output()).toContain("Listening: 127.0.0.1 (this machine only, while dev login is on)");
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    // the banner is the last thing printed: no log line after it
    expect(first.output().trimEnd().endsWith("Stop with Ctrl-C.")).toBe(true);
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
    // the same session, signed with the kept secret, is still signed in after the restart
    const again = await fetch(`http://localhost:${port}/api/me`, { headers: { cookie } });
    const login2 = await fetch(`http://localhost:${port}/auth/dev-login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "kept@example.az" }),
    });
    const cookie2 = login2.headers.getSetCookie()[0]!.split(";")[0]!;
    const kept = (await (await fetch(`http://localhost:${port}/api/me`, { headers: { cookie: cookie2 } })).json()).persona;
    expect(again.status).toBe(200);
    expect((await again.json()).persona).toMatchObject({ id: persona.id });
    expect(kept).toMatchObject({ id: persona.id, finCode: persona.finCode });
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 120_000);

  it("with the default data folder in a 0700 folder: as root keeps the data where the postgres user reaches it, and finds it again", async () => {
    // a project cloned into a private home folder (mode 0700), started from its folder as `npm start` does
    const home = path.join(dir, "home");
    const project = path.join(home, "app");
    mkdirSync(project, { recursive: true });
    chmodSync(home, 0o700);
    const system = systemDataDir(project);
    try {
      const env = { PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()), DEV_LOGIN: "1", YONCA_SKIP_WEB_BUILD: "1" };
      const first = start(env, project);
      await waitFor(() => first.output().includes("Stop with Ctrl-C") || first.output().includes("Cannot start"), "the banner");
      const asRoot = process.getuid?.() === 0;
      if (asRoot) {
        expect(first.output()).toContain(`Data:      embedded PostgreSQL in ${system} (`);
        expect(first.output()).toContain(`started as root and ${home} is closed to the postgres user`);
        expect(statSync(system).mode & 0o777).toBe(0o700);
        expect(statSync(system).uid).not.toBe(0);
        expect(existsSync(path.join(project, ".data"))).toBe(false);
      } else {
        // other users are unaffected: the default folder in the project
        expect(first.output()).toContain("Data:      embedded PostgreSQL in .data/postgres (");
        expect(existsSync(path.join(project, ".data/postgres/PG_VERSION"))).toBe(true);
      }
      const login = await fetch(`http://localhost:${env.PORT}/auth/dev-login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "private@example.az" }),
      });
      const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
      const persona = (await (await fetch(`http://localhost:${env.PORT}/api/me`, { headers: { cookie } })).json()).persona;
      const psql = spawnSync("psql", ["-h", "localhost", "-p", env.EMBEDDED_PG_PORT, "-U", "yonca", "-d", "yonca", "-Atc", "SELECT fin_code FROM alem_personas"], {
        env: { ...process.env, PGPASSWORD: "yonca" },
        encoding: "utf8",
      });
      expect(psql.stdout.trim()).toBe(persona.finCode);
      first.child.kill("SIGINT");
      expect(await first.exited).toBe(0);

      const second = start(env, project);
      await waitFor(() => second.output().includes("Stop with Ctrl-C"), "the second banner");
      if (asRoot) expect(second.output()).toContain(`embedded PostgreSQL in ${system} (`);
      const login2 = await fetch(`http://localhost:${env.PORT}/auth/dev-login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "private@example.az" }),
      });
      const cookie2 = login2.headers.getSetCookie()[0]!.split(";")[0]!;
      const kept = (await (await fetch(`http://localhost:${env.PORT}/api/me`, { headers: { cookie: cookie2 } })).json()).persona;
      expect(kept).toMatchObject({ id: persona.id, finCode: persona.finCode });
      second.child.kill("SIGINT");
      expect(await second.exited).toBe(0);

      if (asRoot) {
        // the home folder opened later: the data stays where it is, not a fresh cluster in .data/postgres
        chmodSync(home, 0o755);
        const third = start(env, project);
        await waitFor(() => third.output().includes("Stop with Ctrl-C") || third.output().includes("Cannot start"), "the third banner");
        expect(third.output()).toContain(`embedded PostgreSQL in ${system} (`);
        third.child.kill("SIGINT");
        expect(await third.exited).toBe(0);
      }
    } finally {
      rmSync(system, { recursive: true, force: true });
      rmSync(`${system}.log`, { force: true });
      try {
        rmdirSync(path.dirname(system)); // /var/lib/yonca-chat, when this test created it and nothing else is there
      } catch {}
    }
  }, 120_000);

  // The core's variables (server/config.ts) and a plugin's (server/agent/config.ts, server/plugin-configs.ts) alike.
  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ LLM_PROVIDER: "gpt" }, "LLM_PROVIDER"],
  ])("exits non-zero with one line naming an invalid variable (%j)", async (env, variable) => {
    const run = start(env);
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split("\n").filter((l) => !l.startsWith("npm warn"));
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^Invalid configuration: ${variable}: `))]);
  });

  it("refuses DEV_LOGIN=true with a public PUBLIC_URL unless NODE_ENV=development, in one line", async () => {
    const run = start({ PUBLIC_URL: "https://yonca.example.org", DEV_LOGIN: "true", NODE_ENV: "" });
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split("\n").filter((l) => !l.startsWith("npm warn"));
    expect(lines).toEqual([expect.stringMatching(/^Invalid configuration: DEV_LOGIN: refused with a public PUBLIC_URL/)]);
  });

  it("exits non-zero with a clear message when DATABASE_URL cannot be reached", async () => {
    const run = start({ PORT: String(await freePort()), DATABASE_URL: `postgres://nobody:x@127.0.0.1:${await freePort()}/nowhere` });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/Cannot start: cannot use the database \(PostgreSQL at 127\.0\.0\.1:\d+\/nowhere\): ECONNREFUSED/);
    expect(run.output()).not.toContain("nobody:x");
  }, 20_000);
});
