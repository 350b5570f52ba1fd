import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { connectDatabase, LANE_SHARE, pipelined, type Database } from "../../server/db/client.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

/**
 * server/db/client.ts `pipelined`: a connect's chat-start statements on one reserved connection, shared by the
 * calls in flight together, but never more than the pool's connections less two at once, so that other
 * queries always find a connection.
 */
let testDb: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url, { max: 4 }); // two connections may be lanes of `pipelined`
});
afterAll(async () => {
  await database.close();
  await testDb.drop();
});

const backendPid = async (sql: Database["sql"]) => (await sql<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`)[0]!.pid;

describe("pipelined", () => {
  it("runs every statement of one call on one connection, and other queries still run while it holds it", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const pids = pipelined(database.sql, async (sql) => {
      const first = await Promise.all([backendPid(sql), backendPid(sql), backendPid(sql)]);
      await held;
      return [...first, await backendPid(sql)];
    });
    // Meanwhile the pool answers others.
    expect(await backendPid(database.sql)).toBeGreaterThan(0);
    release();
    expect(new Set(await pids).size).toBe(1);
  });

  it("lets calls in flight together share one connection, LANE_SHARE to a lane, and hands out the pool once all but two connections are lanes", async () => {
    const holders: (() => void)[] = [];
    const given: unknown[] = [];
    const pids: number[] = [];
    const hold = (i: number) =>
      pipelined(database.sql, async (sql) => {
        given[i] = sql;
        pids[i] = await backendPid(sql);
        await new Promise<void>((resolve) => holders.push(resolve));
      });
    // max 4: two lanes of LANE_SHARE calls each, then the pool.
    const calls = Array.from({ length: 2 * LANE_SHARE + 1 }, (_, i) => hold(i));
    await expect.poll(() => holders.length).toBe(2 * LANE_SHARE + 1);
    const first = given.slice(0, LANE_SHARE);
    const second = given.slice(LANE_SHARE, 2 * LANE_SHARE);
    expect(new Set(first).size).toBe(1);
    expect(new Set(second).size).toBe(1);
    expect(first[0]).not.toBe(second[0]);
    expect(first[0]).not.toBe(database.sql);
    expect(new Set(pids.slice(0, LANE_SHARE)).size).toBe(1); // one backend ran every statement of the lane
    expect(given[2 * LANE_SHARE]).toBe(database.sql); // two connections stay for everyone else
    // Two plain queries at once still find connections.
    expect(await Promise.all([backendPid(database.sql), backendPid(database.sql)])).toHaveLength(2);
    holders.forEach((resolve) => resolve());
    await Promise.all(calls);

    await expect(pipelined(database.sql, async () => Promise.reject(new Error("plugin failed")))).rejects.toThrow("plugin failed");
    const after = await pipelined(database.sql, async (sql) => sql);
    expect(after).not.toBe(database.sql); // the lanes went back: a new call reserves again
    // Every connection is free again: four statements that each hold their connection run at once.
    expect(await Promise.all(Array.from({ length: 4 }, () => database.sql`SELECT pg_sleep(0.05), pg_backend_pid() AS pid`))).toHaveLength(4);
  });
  it("survives a lane whose backend is terminated: the statement in flight fails, the next call gets a new connection", async () => {
    const admin = postgres(testDb.url, { max: 1, onnotice: () => {} });
    try {
      // A statement in flight when its backend goes: rejected, not lost, and the process goes on.
      let pid = 0;
      const inFlight = pipelined(database.sql, async (sql) => {
        pid = await backendPid(sql);
        return sql`SELECT pg_sleep(5)`;
      }).then(() => "completed", (error: Error) => error.message);
      await expect.poll(() => pid).toBeGreaterThan(0);
      await expect.poll(async () => (await admin`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ${pid} AND state = 'active'`)[0]!.n).toBe(1);
      await admin`SELECT pg_terminate_backend(${pid})`;
      expect(await inFlight).toMatch(/terminating connection|CONNECTION_CLOSED/);
      // The next statement on that connection object may still be handed the old backend's last word (postgres.js
      // rejects it, on the pool as on a lane); the one after runs on a new connection, and nothing hangs.
      const twice = <T>(run: () => Promise<T>) => run().catch(run);
      const afterwards = () => twice(() => pipelined(database.sql, backendPid));
      const next = await afterwards();
      expect(next).not.toBe(pid);
      expect(await twice(() => backendPid(database.sql))).toBeGreaterThan(0);
      // A call holding its lane between two statements when the backend goes: its next statement is refused
      // (written to the closed connection it would crash the process: porsager/postgres#1208), the lane is
      // never given back (#1199: the pool's next query would crash), and the calls after get a new one.
      let resume!: () => void;
      const paused = new Promise<void>((resolve) => (resume = resolve));
      let held = 0;
      const holding = pipelined(database.sql, async (sql) => {
        held = await backendPid(sql);
        await paused;
        return backendPid(sql);
      }).then(() => "completed", (error: Error) => error.message);
      await expect.poll(() => held).toBeGreaterThan(0);
      await admin`SELECT pg_terminate_backend(${held})`;
      await expect.poll(async () => (await admin`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ${held}`)[0]!.n).toBe(0);
      resume();
      expect(await holding).toMatch(/CONNECTION_CLOSED|ECONNRESET|EPIPE|terminating connection/);
      expect(await afterwards()).not.toBe(held);
      expect(await Promise.all(Array.from({ length: 4 }, () => twice(() => backendPid(database.sql))))).toHaveLength(4);
    } finally {
      await admin.end();
    }
  });
});
