import type { Sql } from "postgres";
import type { App } from "../../server/main.js";
import type { ClientDriver } from "./driver.js";
import type { CpuSpan } from "./measure.js";
import type { LoadResult } from "./protocol.js";
import { summarize, type Summary } from "./stats.js";

/** How much load each scenario applies; `--quick` scales everything down to a one-minute smoke run. */
export interface Plan {
  name: "full" | "quick";
  pgRoundTrips: number;
  /** Closed-loop connect levels, used for the bare Socket.IO baseline and for the app alike. */
  connects: { concurrency: number; total: number }[];
  /** Returning users signed in up front (connect levels, replies, conversations). */
  pool: number;
  newUsers: { perSecond: number; seconds: number };
  replies: { concurrency: number; rounds: number }[];
  idleSockets: number;
  conversations: { first: number; second: number; chatEvery: number; sockets: number };
  /** A realistic model stream (OpenAI-compatible simulator) relayed by the app and by a bare relay, K answers at once per level. */
  stream: { levels: number[]; tokens: number; paceMs: number; ttftMs: number };
}

const envNumber = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return process.env[name] && Number.isFinite(v) && v >= 0 ? v : fallback;
};
const envLevels = (fallback: number[]) =>
  process.env.BENCH_STREAM_LEVELS ? process.env.BENCH_STREAM_LEVELS.split(",").map(Number).filter((n) => n > 0) : fallback;

export const plans: Record<Plan["name"], Plan> = {
  full: {
    name: "full",
    pgRoundTrips: 2000,
    connects: [
      { concurrency: 1, total: 400 },
      { concurrency: 50, total: 2000 },
      { concurrency: 200, total: 3000 },
    ],
    pool: 500,
    newUsers: { perSecond: 200, seconds: 30 },
    replies: [
      { concurrency: 1, rounds: 50 },
      { concurrency: 100, rounds: 5 },
      { concurrency: 500, rounds: 3 },
    ],
    idleSockets: 5000,
    conversations: { first: 1000, second: 10_000, chatEvery: 10, sockets: 100 },
    stream: {
      levels: envLevels([50, 200, 500, 1000]),
      tokens: envNumber("BENCH_STREAM_TOKENS", 300),
      paceMs: envNumber("BENCH_STREAM_PACE_MS", 25),
      ttftMs: envNumber("BENCH_STREAM_TTFT_MS", 300),
    },
  },
  quick: {
    name: "quick",
    pgRoundTrips: 300,
    connects: [
      { concurrency: 1, total: 100 },
      { concurrency: 50, total: 300 },
      { concurrency: 200, total: 600 },
    ],
    pool: 500,
    newUsers: { perSecond: 200, seconds: 5 },
    replies: [
      { concurrency: 1, rounds: 10 },
      { concurrency: 100, rounds: 2 },
      { concurrency: 500, rounds: 1 },
    ],
    idleSockets: 1000,
    conversations: { first: 1000, second: 2000, chatEvery: 10, sockets: 100 },
    stream: {
      levels: envLevels([20, 50]),
      tokens: envNumber("BENCH_STREAM_TOKENS", 60),
      paceMs: envNumber("BENCH_STREAM_PACE_MS", 25),
      ttftMs: envNumber("BENCH_STREAM_TTFT_MS", 300),
    },
  },
};

/** One line of the table (and of the JSON report). */
export interface Row {
  id: string;
  figure: string;
  latency?: Summary;
  throughput?: { value: number; unit: string };
  errors: number;
  errorDetail?: Record<string, number>;
  /** The app process's resident memory when the scenario ended (no GC). */
  appRss: number;
  /** Percent of one core over the scenario's wall time (app, client, PostgreSQL, other processes), and the app's CPU per operation. */
  cpu?: { appPct: number; clientPct: number; pgPct: number; otherPct: number; appCpuMsPerOp?: number };
  /** What a memory figure measured, shown in place of latencies. */
  memory?: string;
  extra?: Record<string, unknown>;
}

export interface TargetResult {
  id: string;
  figure: string;
  target: string;
  value: string;
  met: boolean;
}

export interface Bench {
  app: App;
  /** 127.0.0.1 rather than localhost: no IPv6-first resolution and fallback in every client connect. */
  url: string;
  /** The bench's own connection (one), for round-trip baselines and row checks. */
  sql: Sql;
  clients: ClientDriver;
  plan: Plan;
  runId: string;
  monotonicBase: bigint;
  rows: Row[];
  targets: TargetResult[];
  notes: string[];
  /** Filled by the optional server hook (see run.ts); stays empty when the app does not offer it. */
  tokenHook: { calls: number; emittedAt: Map<string, number> };
}

/** Builds a table row from a client result and the server-side CPU span of the same scenario. */
export function rowFrom(
  bench: Bench,
  input: {
    id: string; figure: string; result: LoadResult; span: CpuSpan; ops?: number; unit?: string; samples?: number[]; extra?: Record<string, unknown>;
    /** The app's resident memory when it runs in processes of its own (default: this process's). */
    appRss?: number;
  },
): Row {
  const { result, span } = input;
  const samples = input.samples ?? result.latencies;
  const ops = input.ops ?? samples.length;
  const errors = Object.values(result.errors).reduce((a, b) => a + b, 0);
  const pct = (cpuMs: number) => Math.round((cpuMs / span.wallMs) * 100);
  const row: Row = {
    id: input.id,
    figure: input.figure,
    latency: summarize(samples),
    throughput: { value: ops / (span.wallMs / 1000), unit: input.unit ?? "ops/s" },
    errors,
    errorDetail: errors ? result.errors : undefined,
    appRss: input.appRss ?? process.memoryUsage().rss,
    cpu: {
      appPct: pct(span.appCpuMs),
      clientPct: pct(result.clientCpuMs),
      pgPct: pct(span.pgCpuMs),
      // Everything else on the machine: when this is large, the figures above are contended.
      otherPct: Math.max(0, pct(span.machineCpuMs - span.appCpuMs - result.clientCpuMs - span.pgCpuMs)),
      appCpuMsPerOp: ops ? span.appCpuMs / ops : undefined,
    },
    extra: input.extra,
  };
  bench.rows.push(row);
  return row;
}

export function target(bench: Bench, t: TargetResult): void {
  bench.targets.push(t);
}
