import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, pipelined, type Database } from "../../server/db/client.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

/**
 * server/db/client.ts `pipelined`: a connect's chat-start statements on one reserved connection, but never
 * more than the pool's connections less two at once, so that other queries always find a connection.
 */
let testDb: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url, { max: 4 }); // two connections may be held by `pipelined`
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

  it("hands out the pool itself once all but two connections are held, and gives a place back when a call fails", async () => {
    const holders: (() => void)[] = [];
    const given: unknown[] = [];
    const hold = (i: number) =>
      pipelined(database.sql, async (sql) => {
        given[i] = sql;
        await new Promise<void>((resolve) => holders.push(resolve));
      });
    const calls = [hold(0), hold(1), hold(2)];
    await expect.poll(() => holders.length).toBe(3);
    expect(given[0]).not.toBe(database.sql);
    expect(given[1]).not.toBe(database.sql);
    expect(given[2]).toBe(database.sql); // the third gets the pool: two connections stay for everyone else
    // Two plain queries at once still find connections.
    expect(await Promise.all([backendPid(database.sql), backendPid(database.sql)])).toHaveLength(2);
    holders.forEach((resolve) => resolve());
    await Promise.all(calls);

    await expect(pipelined(database.sql, async () => Promise.reject(new Error("plugin failed")))).rejects.toThrow("plugin failed");
    const after = await pipelined(database.sql, async (sql) => sql);
    expect(after).not.toBe(database.sql); // the failed call's place came back
  });
});
