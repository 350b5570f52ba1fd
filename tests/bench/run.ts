/**
 * `npm run bench [-- --quick]`: the app on real PostgreSQL (embedded in a temporary folder unless
 * DATABASE_URL is set), driven by socket.io-client users from a second process, with the baselines that
 * bound each figure measured in the same run. Prints one table, writes bench-results/*.json.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import postgres, { type Sql } from "postgres";
import { loadConfig } from "../../server/config.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../server/db/embedded.js";
import { createLogger } from "../../server/logger.js";
import { startApp, type App } from "../../server/main.js";
import { freePort } from "../helpers/ports.js";
import { plans, target, type Bench } from "./context.js";
import { startClients, type ClientDriver } from "./driver.js";
import { cpuSpan, openFilesLimit } from "./measure.js";
import { createProfiler } from "./profile.js";
import { monotonicMs } from "./protocol.js";
import { render, writeJson } from "./report.js";
import { bareConnects, pgRoundTrips } from "./scenarios/baselines.js";
import { emailsOf, newUsers, returningConnects, serverIdle, signIn } from "./scenarios/connect.js";
import { conversationHeap, idleSockets } from "./scenarios/memory.js";
import { classifierRows } from "./scenarios/classifiers.js";
import { searchRows } from "./scenarios/search.js";
import { streamRelay } from "./scenarios/stream.js";
import { replyTokens } from "./scenarios/tokens.js";
import { bytes, ms } from "./stats.js";
import { connectTargets, conversationTargets, newUsersTarget, tokenTarget } from "./targets.js";
import { TOKEN_FRAME_MS } from "../../server/chat/runs.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// Quick mode (a smoke run for development): `-- --quick` or BENCH_QUICK=1. BENCH_ONLY=stream runs only the stream rows.
const plan = plans[process.argv.includes("--quick") || process.env.BENCH_QUICK === "1" ? "quick" : "full"];
// BENCH_ONLY: a comma list of connect, stream, search, classifiers runs only those rows.
const only = (process.env.BENCH_ONLY ?? "").split(",").map((s) => s.trim()).filter(Boolean);
// Two-instance stream rows, one set per adapter (comma list; full plan default "postgres", quick none).
const streamAdapters = (process.env.BENCH_STREAM_ADAPTERS ?? (plan.name === "full" ? "postgres" : "")).split(",").filter(Boolean);
async function streamRows(bench: Bench, config: ReturnType<typeof loadConfig>) {
  await streamRelay(bench, config, profiled);
  for (const adapter of streamAdapters) {
    progress(`stream: 2 instances, SOCKET_ADAPTER=${adapter}`);
    const env = { SOCKET_ADAPTER: adapter, ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) };
    await streamRelay(bench, config, profiled, { label: `2 instances, ${adapter}`, instances: [env, env] });
  }
}
const startedAt = new Date().toISOString();
const profileDir = path.join(repoRoot, "bench-results", `profiles-${startedAt.replace(/[:.]/g, "-")}`);
const profiled = createProfiler(process.argv.includes("--profile"), profileDir);
// Instances in processes of their own (tests/bench/instance.ts) write a whole-life profile there too.
if (process.argv.includes("--profile")) process.env.BENCH_INSTANCE_PROFILE_DIR = profileDir;
const loadAtStart = os.loadavg();
const wallStart = performance.now();
const progress = (what: string) => process.stderr.write(`[bench ${((performance.now() - wallStart) / 1000).toFixed(0).padStart(3)} s] ${what}\n`);

const cleanups: (() => Promise<unknown>)[] = [];
const cleanup = async () => {
  while (cleanups.length) await cleanups.pop()!().catch((e) => progress(`cleanup: ${e}`));
};
process.once("SIGINT", () => void cleanup().finally(() => process.exit(130)));

/** DATABASE_URL when set (a scratch database on it when we may create one), else embedded PostgreSQL in a temp dir. */
async function database(): Promise<{ url: string; label: string }> {
  const external = process.env.DATABASE_URL;
  if (external) {
    const name = `yonca_bench_${randomBytes(4).toString("hex")}`;
    const admin = postgres(external, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`CREATE DATABASE ${name}`);
      cleanups.push(async () => {
        const a = postgres(external, { max: 1, onnotice: () => {} });
        await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => a.end());
      });
      const url = new URL(external);
      url.pathname = `/${name}`;
      return { url: url.toString(), label: `DATABASE_URL server, scratch database ${name}` };
    } catch {
      return { url: external, label: "DATABASE_URL (no CREATEDB: bench rows stay, under bench-<run>-* emails)" };
    } finally {
      await admin.end();
    }
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "yonca-bench-pg-"));
  chmodSync(dir, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres({ dir: path.join(dir, "data"), port: await freePort() });
  cleanups.push(() => embedded.stop());
  return { url: embedded.url, label: `embedded PostgreSQL in ${dir}` };
}

/** Baselines, sign-ins, returning connects and new farmers: the connect rows (BENCH_ONLY=connect runs only these). */
async function connectPhase(bench: Bench) {
  const { clients, plan } = bench;
  progress("baselines: postgres.js round trips");
  const pg = await pgRoundTrips(bench);
  progress("baselines: bare Socket.IO connects");
  const bare = await bareConnects(bench);

  const pool = emailsOf(bench, "pool", plan.pool);
  const fresh = emailsOf(bench, "new", plan.newUsers.perSecond * plan.newUsers.seconds);
  progress(`signing in ${pool.length} returning users`);
  await signIn(bench, pool, `${pool.length} users`);
  // First connects provision the pool's personas (they are "returning" from here on) and warm the JIT.
  await clients.send({ cmd: "connectLoop", target: "app", url: bench.url, emails: pool, total: pool.length, concurrency: 20 });

  progress("connect → session:ready, returning users");
  const connects = await profiled("connect", () => returningConnects(bench, pool));

  progress(`signing in ${fresh.length} new users`);
  await signIn(bench, fresh, `${fresh.length} users`);
  progress(`new users at ${plan.newUsers.perSecond}/s for ${plan.newUsers.seconds} s`);
  const arrivals = await profiled("new-users", () => newUsers(bench, fresh));

  return { pg, bare, pool, fresh, connects, arrivals };
}

async function main() {
  progress(`plan ${plan.name}; starting PostgreSQL`);
  const db = await database();
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: String(port),
    DATABASE_URL: db.url,
    SESSION_SECRET: "bench-secret-that-is-long-enough-to-sign-cookies",
    DEV_LOGIN: "1",
    LLM_PROVIDER: "offline",
    OFFLINE_PACE_MS: "0",
    LOG_LEVEL: "warn",
    // Limits high enough that they never refuse the bench's load: they are not what is measured.
    CHAT_RATE_LIMIT_PER_MIN: "1000000",
    HANDSHAKES_PER_IP_PER_MIN: "1000000",
    CHAT_MAX_SOCKETS_PER_USER: "100000",
  });

  // Warnings the app logs during the run are counted (a few shown): a quiet run is part of the result.
  let warnings = 0;
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) if (++warnings <= 5) process.stderr.write(`[app] ${line}\n`);
      done();
    },
  });

  const monotonicBase = process.hrtime.bigint();
  const tokenHook = { calls: 0, emittedAt: new Map<string, number>() };
  // The optional server hook this bench asks for (see the report): apps without it ignore the option.
  const options = {
    logger: createLogger(config.logLevel, sink),
    host: "127.0.0.1",
    // conversation:new has a per-user limit with a fixed value; the 10,000-conversation row measures capacity.
    limiters: { conversations: { allow: async () => true } },
    observe: {
      onToken(token: { runId: string; seq: number }) {
        tokenHook.calls++;
        tokenHook.emittedAt.set(`${token.runId}:${token.seq}`, monotonicMs(monotonicBase));
      },
    },
  };
  const app: App = await startApp(config, options);
  cleanups.push(() => app.close({ graceMs: 0 }));
  const sql: Sql = postgres(db.url, { max: 1, onnotice: () => {} });
  cleanups.push(() => sql.end());
  const clients: ClientDriver = await startClients(monotonicBase);
  cleanups.push(() => clients.stop());

  const bench: Bench = {
    app,
    url: `http://127.0.0.1:${app.port}`,
    sql,
    clients,
    plan,
    runId: randomBytes(3).toString("hex"),
    monotonicBase,
    rows: [],
    targets: [],
    notes: [],
    tokenHook,
  };

  const whole = cpuSpan();
  if (only.length > 0) {
    if (only.includes("connect")) {
      const { pg, bare, fresh, connects, arrivals } = await connectPhase(bench);
      connectTargets(bench, { upsert: pg.upsert, bare, connects });
      newUsersTarget(bench, arrivals, fresh.length);
    }
    if (only.includes("stream")) {
      progress(`stream: K = ${plan.stream.levels.join(", ")} (app and bare relay)`);
      await streamRows(bench, config);
    }
    if (only.includes("search")) {
      progress("search: 2,000 and 100,000 messages");
      await searchRows(bench);
    }
    if (only.includes("classifiers")) {
      progress("classifiers: 4,000 and 100,000 characters");
      await classifierRows(bench);
    }
    const run = whole.stop();
    const meta = { startedAt, loadAverage: { start: loadAtStart, end: os.loadavg() }, machineCpu: run, database: db.label, node: process.version, cpus: os.cpus().length, only: only.join(",") };
    console.log(render(bench, meta));
    const file = writeJson(bench, meta, repoRoot);
    console.log(`\nWrote ${path.relative(process.cwd(), file)} and bench-results/latest.json.`);
    return;
  }
  const { pg, bare, pool, fresh, connects, arrivals } = await connectPhase(bench);

  progress("model chunk → client receipt");
  const tokens = await profiled("tokens", () => replyTokens(bench, pool));

  progress(`stream: K = ${plan.stream.levels.join(", ")} (app and bare relay)`);
  await streamRows(bench, config);

  progress(`${plan.idleSockets} idle sockets`);
  const idle = await idleSockets(bench, fresh.slice(0, plan.idleSockets));

  progress(`${plan.conversations.second} conversations`);
  const conversations = await profiled("conversations", () => conversationHeap(bench, pool));
  await serverIdle(bench);

  progress("search: 2,000 and 100,000 messages");
  await searchRows(bench);
  progress("classifiers: 4,000 and 100,000 characters");
  await classifierRows(bench);
  const run = whole.stop();

  // ---- targets ----
  connectTargets(bench, { upsert: pg.upsert, bare, connects });
  newUsersTarget(bench, arrivals, fresh.length);
  // A reply cut short is lost data, and the token figures would come from shortened replies.
  const perReply = [...tokens.rows].map(([c, row]) => [c, row.extra?.tokensPerReply as number, row.extra?.shortReplies as number, row.errors] as const);
  target(bench, {
    id: "tokens.whole",
    figure: "every measured reply is the lone reply's text (streamed and stored)",
    target: "tokens per reply the same at every concurrency; 0 short replies; 0 errors",
    value: perReply.map(([c, t, s, e]) => `c=${c}: ${t.toFixed(1)} tokens/reply, ${s} short, ${e} errors`).join("; "),
    met: perReply.every(([, t, s, e]) => s === 0 && e === 0 && t === perReply[0]![1]),
  });
  tokenTarget(bench, tokens.rows.get(500), TOKEN_FRAME_MS);
  target(bench, {
    id: "idleSockets",
    figure: `idle authenticated sockets (${plan.idleSockets})`,
    target: "≤ 40 KB resident memory each",
    value: idle.row.memory!,
    met: idle.rssPerSocket <= 40 * 1024 && idle.row.errors === 0,
  });
  conversationTargets(bench, { row: conversations.row, growth: conversations.growth, first: plan.conversations.first, second: plan.conversations.second });

  bench.notes.push(
    "Latencies are measured in the client process from socket.connect() (or emit) to the handler of the awaited event; every sample is kept (nearest-rank percentiles).",
    "Connect levels are closed loops: c sockets in flight, each closed once measured; a returning user's persona row already exists. The bare baseline runs the same loop against a plain `new Server()` in the app's process.",
    tokens.clock === "hook"
      ? "Token latency: emit time from the app's observe.onToken hook (the model hands the chunk to emitToken), receipt time in the client's chat:token handler; both on CLOCK_MONOTONIC, shared by the two processes."
      : "Token latency: emit time from Socket.IO's public socket.onAnyOutgoing on the server socket (called synchronously inside emitToken's io.to(room).emit, after encoding, before the engine write; the app offers no observe.onToken hook yet), receipt time in the client's chat:token handler; both on CLOCK_MONOTONIC, shared by the two processes.",
    `Tokens per reply by concurrency: ${[...tokens.rows].map(([c, r]) => `${c}: ${(r.extra?.tokensPerReply as number).toFixed(1)}`).join(", ")}; every reply is checked against the lone reply (${tokens.expected.length} characters; the reply sockets' personas are set to one farm so the deterministic model owes each the same text) and a short one counts as an error. The advisor streams at OFFLINE_PACE_MS=0: no pause between words, so a reply's chunks come back to back and each waits for the server's event loop to finish the ones before it.`,
    "Memory: process.memoryUsage() of the app process after forced full GCs; client sockets live in a separate process. RSS per socket can read low when the heap reuses pages freed by earlier scenarios; heap and external per socket are the JavaScript share.",
    `CPU%: percent of one core over the scenario's wall time: app = the app process (it also hosts the bare baseline server), cli = the client process, pg = all postgres processes, other = every other process on the machine. ${os.cpus().length} cores = ${os.cpus().length * 100} % in all. app CPU ms/op = the app process's CPU per measured operation.`,
    `New users: max schedule lag of the client's arrival timer ${ms(arrivals.row.extra?.maxScheduleLagMs as number)} ms (late starts are the client's, not the server's).`,
    `App log lines at warn or above during the run: ${warnings}. Limits raised: CHAT_RATE_LIMIT_PER_MIN, HANDSHAKES_PER_IP_PER_MIN, CHAT_MAX_SOCKETS_PER_USER = 1e5+; LOG_LEVEL=warn; open-files limit ${openFilesLimit()}.`,
  );

  const cores = os.cpus().length;
  const otherPct = Math.max(0, Math.round(((run.machineCpuMs - run.appCpuMs - run.pgCpuMs) / run.wallMs) * 100));
  const loadAtEnd = os.loadavg();
  if (otherPct > 25 || loadAtStart[0]! > cores) {
    bench.notes.unshift(
      `WARNING: the machine was shared: load average ${loadAtStart.map((l) => l.toFixed(1)).join(" ")} at start, ${loadAtEnd.map((l) => l.toFixed(1)).join(" ")} at end on ${cores} cores; processes other than the app and PostgreSQL (the bench's client process included) used ${otherPct} % of one core on average. Figures are contended; compare runs on a quiet machine.`,
    );
  }
  const meta = {
    startedAt,
    loadAverage: { start: loadAtStart, end: loadAtEnd },
    machineCpu: { wallMs: run.wallMs, appCpuMs: run.appCpuMs, pgCpuMs: run.pgCpuMs, machineCpuMs: run.machineCpuMs },
    finishedInS: Math.round((performance.now() - wallStart) / 1000),
    database: db.label,
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    totalMemory: os.totalmem(),
    warnings,
    tokenClock: tokens.clock,
  };
  console.log(render(bench, meta));
  const file = writeJson(bench, meta, repoRoot);
  console.log(`\nWrote ${path.relative(process.cwd(), file)} and bench-results/latest.json in ${meta.finishedInS} s (app RSS now ${bytes(process.memoryUsage().rss)}).`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanup();
    // Nothing of ours should keep the loop alive; a leftover handle must not hang `npm run bench`.
    setTimeout(() => process.exit(), 2000).unref();
  });
