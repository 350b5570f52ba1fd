import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { rowFrom, type Bench, type Row } from "../context.js";
import { cpuSpan } from "../measure.js";
import type { LoadResult } from "../protocol.js";

/**
 * One postgres.js round trip, measured sequentially on a single connection so that each sample is
 * one network round trip plus the statement: `SELECT 1`, and a single-row upsert that commits (and
 * so waits for the WAL flush, as the persona upsert does).
 */
export async function pgRoundTrips(bench: Bench): Promise<{ select: Row; upsert: Row }> {
  const { sql, plan } = bench;
  await sql`CREATE TABLE IF NOT EXISTS bench_scratch (id int PRIMARY KEY, hits int NOT NULL, at timestamptz NOT NULL)`;
  const time = async (id: string, figure: string, query: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < 50; i++) await query(i); // warm the connection and the plan cache
    const latencies: number[] = [];
    const span = cpuSpan();
    const cpu = process.cpuUsage();
    for (let i = 0; i < plan.pgRoundTrips; i++) {
      const t0 = performance.now();
      await query(i);
      latencies.push(performance.now() - t0);
    }
    const used = process.cpuUsage(cpu);
    // The client here is the bench process itself, so its CPU is the "client" share.
    const result: LoadResult = { latencies, errors: {}, wallMs: 0, clientCpuMs: (used.user + used.system) / 1000 };
    const s = span.stop();
    return rowFrom(bench, { id, figure, result, span: { ...s, appCpuMs: 0 }, unit: "queries/s" });
  };
  const select = await time("pg.select1", "baseline: postgres.js SELECT 1 (1 connection, sequential)", () => sql`SELECT 1`);
  const upsert = await time(
    "pg.upsert",
    "baseline: postgres.js single-row upsert (commit)",
    (i) => sql`INSERT INTO bench_scratch (id, hits, at) VALUES (${i % 1000}, 1, now())
               ON CONFLICT (id) DO UPDATE SET hits = bench_scratch.hits + 1, at = now()`,
  );
  await sql`DROP TABLE bench_scratch`;
  return { select, upsert };
}

/**
 * A bare Socket.IO server in the app's process (a plain `new Server()`, no middleware, no database):
 * what connect → first event costs with nothing of ours in the way, at the same concurrency levels.
 */
export async function bareConnects(bench: Bench): Promise<Map<number, Row>> {
  const http = createServer();
  const io = new Server(http);
  io.on("connection", (socket) => socket.emit("hello"));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const rows = new Map<number, Row>();
  try {
    await bench.clients.send({ cmd: "connectLoop", target: "bare", url, emails: ["-"], total: 200, concurrency: 20 }); // warm-up
    for (const { concurrency, total } of bench.plan.connects) {
      const span = cpuSpan();
      const result = await bench.clients.send<LoadResult>({ cmd: "connectLoop", target: "bare", url, emails: ["-"], total, concurrency });
      rows.set(
        concurrency,
        rowFrom(bench, { id: `bare.c${concurrency}`, figure: `baseline: bare Socket.IO connect → first event, c=${concurrency}`, result, span: span.stop(), unit: "conn/s" }),
      );
    }
  } finally {
    await new Promise<void>((resolve) => io.close(() => resolve()));
  }
  return rows;
}
