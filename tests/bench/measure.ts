import { readdirSync, readFileSync } from "node:fs";
import v8 from "node:v8";
import vm from "node:vm";

/**
 * A full GC without needing `node --expose-gc`: V8 lets a running process turn the flag on, and a new
 * context then sees `gc`. `npm run bench` stays `tsx tests/bench/run.ts`.
 */
function resolveGc(): () => void {
  const global = globalThis as { gc?: () => void };
  if (typeof global.gc === "function") return global.gc;
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}
const gc = resolveGc();

export interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** Memory after full collections, with turns of the event loop between them so weak callbacks and finalizers run. */
export async function memoryAfterGc(): Promise<Memory> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

const TICKS_PER_S = 100; // USER_HZ on Linux

/** The fields of /proc/<pid>/stat after the command name (field 3 onwards), or undefined when it is gone. */
function statFields(pid: string | number): { name: string; fields: string[] } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    return { name: stat.slice(stat.indexOf("(") + 1, close), fields: stat.slice(close + 2).split(" ") };
  } catch {
    return undefined;
  }
}

/** utime + stime (fields 14 and 15 of stat), in ticks. */
const ticksOf = (fields: string[]) => Number(fields[11]) + Number(fields[12]);

/** CPU ticks so far of these processes (the bench's app instances in processes of their own). */
function processTicks(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const stat = statFields(pid);
    if (stat) ticks += ticksOf(stat.fields);
  }
  return ticks;
}

/** Resident memory of these processes together (field 24 of stat, in pages). */
export function rssOf(pids: readonly number[]): number {
  let pages = 0;
  for (const pid of pids) pages += Number(statFields(pid)?.fields[21] ?? 0);
  return pages * 4096;
}

/** CPU ticks so far of every process named `postgres` (embedded or local), by pid: /proc/<pid>/stat utime + stime. */
function postgresTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return ticks;
  }
  for (const pid of pids) {
    const stat = statFields(pid); // undefined: the process ended between readdir and read
    if (stat?.name === "postgres") ticks.set(pid, ticksOf(stat.fields));
  }
  return ticks;
}

/** Busy ticks of the whole machine (all cores) from /proc/stat: everything but idle and iowait. */
function machineBusyTicks(): number {
  try {
    const [, ...values] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
    const n = values.map(Number);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0); // user nice system idle iowait irq softirq steal
    return total - n[3]! - n[4]!;
  } catch {
    return NaN;
  }
}

export interface CpuSpan {
  wallMs: number;
  appCpuMs: number;
  pgCpuMs: number;
  /** CPU of every process on the machine (the other engineers' test runs share it). */
  machineCpuMs: number;
}

/**
 * Starts counting CPU of the app, of PostgreSQL and of the whole machine; `stop` returns them with the
 * wall time. The app is this process, or the processes `appPids` when the app runs in processes of its
 * own (counted in ticks of 10 ms). Backends that exit in between lose their last ticks (a slight undercount).
 */
export function cpuSpan(appPids?: readonly number[]): { stop(): CpuSpan } {
  const app = process.cpuUsage();
  const appTicks = appPids ? processTicks(appPids) : 0;
  const pg = postgresTicks();
  const machine = machineBusyTicks();
  const t0 = performance.now();
  return {
    stop() {
      const used = process.cpuUsage(app);
      let pgTicks = 0;
      for (const [pid, ticks] of postgresTicks()) pgTicks += ticks - (pg.get(pid) ?? 0);
      return {
        wallMs: performance.now() - t0,
        appCpuMs: appPids ? ((processTicks(appPids) - appTicks) / TICKS_PER_S) * 1000 : (used.user + used.system) / 1000,
        pgCpuMs: (pgTicks / TICKS_PER_S) * 1000,
        machineCpuMs: ((machineBusyTicks() - machine) / TICKS_PER_S) * 1000,
      };
    },
  };
}

/** Resolves when `check` holds, checking on every `everyMs` (for states that emit no event, such as "all sockets gone"). */
export async function until(check: () => boolean, what: string, timeoutMs = 30_000, everyMs = 20): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The soft limit on open files (each socket is one on both sides), from /proc/self/limits. */
export function openFilesLimit(): string {
  try {
    const line = readFileSync("/proc/self/limits", "utf8").split("\n").find((l) => l.startsWith("Max open files"));
    return line?.split(/\s{2,}/)[1] ?? "unknown";
  } catch {
    return "unknown";
  }
}
