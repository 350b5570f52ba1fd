import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres, { type ReservedSql, type Sql } from "postgres";
import { databaseError } from "./errors.js";
import * as schema from "./schema.js";

export type Db = PostgresJsDatabase<typeof schema>;

export interface Database {
  sql: Sql;
  db: Db;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Pool size: enough for bursts of connects without starving PostgreSQL's default 100 slots across instances. */
  max?: number;
  /** Statement timeout: no request waits forever on a stuck query. */
  statementTimeoutMs?: number;
  connectTimeoutS?: number;
}

export function connectDatabase(url: string, options: DatabaseOptions = {}): Database {
  const sql = postgres(url, {
    max: options.max ?? 10,
    idle_timeout: 30,
    connect_timeout: options.connectTimeoutS ?? 5,
    // Keep notices quiet. Note: drizzle replaces the Date and JSON serializers with pass-through ones on
    // this client, so raw queries pass timestamps as ISO strings and JSON as text cast to ::jsonb.
    onnotice: () => {},
    connection: {
      application_name: "yonca-chat",
      statement_timeout: options.statementTimeoutMs ?? 10_000,
    },
  });
  const db = drizzle(sql, { schema });
  drizzles.set(sql, db);
  pipelines.set(sql, { maxLanes: Math.max((options.max ?? 10) - PIPELINE_SPARE, 0), lanes: [] });
  return { sql, db, close: () => sql.end({ timeout: 5 }) };
}

/** Connections of a pool that `pipelined` never holds: queries from elsewhere always find one. */
const PIPELINE_SPARE = 2;
/** Calls of `pipelined` that share one reserved connection at most (a burst of connects). */
export const LANE_SHARE = 16;

/** A connection reserved for `pipelined` calls, shared by those in flight together, released when the last ends. */
interface Lane {
  connection: Promise<ReservedSql>;
  calls: number;
}

/** The part of postgres.js's connection object (src/connection.js) that `watchClose` uses. */
interface PgConnection {
  onclose?: ((error: unknown) => void) | null;
}
type WithOptions = { options?: { onexecute?: (connection: PgConnection) => boolean } };

/**
 * `reserved`, made safe against its connection closing while it is held (its backend terminated, a restart):
 * postgres.js 3.4.9 crashes the process on the next write to such a reserved connection, and on the pool's
 * next query once it is released (porsager/postgres#1199, #1208). After the close, its statements are refused
 * here with CONNECTION_CLOSED and `release` leaves the connection to the pool, which has already taken it back
 * as closed and reconnects it when needed; `onClose` is told. postgres.js names a statement's connection only
 * through a query's `onexecute` option (which `sql.begin` uses the same way), and calls that connection's
 * `onclose` when it closes; so the statements are given `onexecute` until one has run.
 */
function watchClose(reserved: ReservedSql, onClose: () => void): ReservedSql {
  let watching: PgConnection | undefined;
  let closed = false;
  const closing = () => {
    closed = true;
    onClose();
  };
  const hook = <Q>(query: Q): Q => {
    const options = (query as WithOptions).options;
    if (!watching && options)
      options.onexecute = (connection) => {
        if (!watching) {
          watching = connection;
          connection.onclose = closing;
        }
        return true;
      };
    return query;
  };
  // A statement of a call still on a lane that closed is refused here, before it reaches the connection.
  const open = () => {
    if (closed) throw Object.assign(new Error("CONNECTION_CLOSED: the connection closed while reserved"), { code: "CONNECTION_CLOSED" });
  };
  return new Proxy(reserved, {
    apply: (target, self, args) => (open(), hook(Reflect.apply(target, self, args))),
    get: (target, property, receiver) =>
      property === "unsafe"
        ? (...args: Parameters<ReservedSql["unsafe"]>) => (open(), hook(target.unsafe(...args)))
        : property === "release"
          ? () => {
              if (closed) return;
              if (watching?.onclose === closing) watching.onclose = null;
              target.release();
            }
          : Reflect.get(target, property, receiver),
  });
}
const pipelines = new WeakMap<Sql, { maxLanes: number; lanes: Lane[] }>();

/**
 * Runs `fn`'s statements together on one reserved connection: the statements it issues before its first
 * await leave in one write and run back to back on one PostgreSQL backend, instead of one write and one
 * backend wake-up each on as many pooled connections (a connect's chat start: connect → session:ready went
 * 2.1 → 1.2 ms for its three statements, p50 on this 2-core machine). `fn` must use only the `sql` it is
 * given, and only for single statements (no transaction).
 *
 * Calls in flight together share that connection (a "lane", up to LANE_SHARE calls each): postgres.js
 * writes what is queued on a connection once per turn of the event loop, so the statements of the connects
 * that arrive in the same turn leave in one write and wake one backend, instead of one each. A lane goes back
 * to the pool when its last call ends. While all but PIPELINE_SPARE of the pool's connections are lanes,
 * `fn` gets the pool itself and its statements pipeline on busy connections as any query does, so other
 * queries never wait behind these. A lane whose connection closes (`watchClose`) takes no more calls and is
 * not given back: the pool replaces that connection as it replaces any (tests/integration/pipelined.test.ts).
 */
export async function pipelined<T>(sql: Sql, fn: (sql: Sql) => Promise<T>): Promise<T> {
  const pool = pipelines.get(sql);
  if (!pool) return fn(sql);
  let lane = pool.lanes.find((l) => l.calls < LANE_SHARE);
  if (!lane) {
    if (pool.lanes.length >= pool.maxLanes) return fn(sql);
    const created: Lane = { calls: 0, connection: undefined! };
    created.connection = sql.reserve().then((reserved) =>
      watchClose(reserved, () => leave(pool.lanes, created)),
    );
    created.connection.catch(() => {}); // each call awaits it and reports its failure
    pool.lanes.push((lane = created));
  }
  lane.calls++;
  try {
    return await fn(await lane.connection);
  } finally {
    if (--lane.calls === 0) {
      leave(pool.lanes, lane);
      lane.connection.then((connection) => connection.release(), () => {});
    }
  }
}

function leave(lanes: Lane[], lane: Lane) {
  const at = lanes.indexOf(lane);
  if (at >= 0) lanes.splice(at, 1);
}

const drizzles = new WeakMap<Sql, Db>();

/**
 * The drizzle database over a postgres.js client: the one connectDatabase made for the pool. Query
 * functions take the `Sql` their callers already hold and ask drizzle through this.
 */
export function dbOf(sql: Sql): Db {
  let db = drizzles.get(sql);
  if (!db) {
    db = drizzle(sql, { schema });
    drizzles.set(sql, db);
  }
  return db;
}

const preparedQueries = new WeakMap<Db, Map<object, unknown>>();

/**
 * A query drizzle builds once per database and afterwards only executes (with `sql.placeholder` values).
 * Building the SQL text costs more CPU than postgres.js's own work for a small query (measured: ~150 µs
 * a query), so the queries of every connect and sign-in (connect → session:ready) are built once.
 */
export function prepared<T>(db: Db, build: (db: Db) => T): T {
  let queries = preparedQueries.get(db);
  if (!queries) preparedQueries.set(db, (queries = new Map()));
  let query = queries.get(build) as T | undefined;
  if (!query) queries.set(build, (query = build(db)));
  return query;
}

/**
 * drizzle on one reserved connection (cheap: a dialect and a session). A reserved connection has no
 * `options` of its own; it shares the pool's, whose parsers drizzle already set (idempotent).
 */
function reservedDb(tx: ReservedSql, pool: Sql): Db {
  // Without `schema`: its relational config is rebuilt on every construction, and transactions use the
  // query builder only (`db.query` is the pool's).
  return drizzle(Object.assign(tx, { options: pool.options })) as unknown as Db;
}

/** Listeners for the time transactions wait for a pooled connection (postgres.js exposes no pool-wait hook). */
const poolWaitListeners = new WeakMap<Sql, (seconds: number) => void>();

/** Reports how long each `transaction()` on this client waited for its connection (server/metrics.ts). */
export function onPoolWait(sql: Sql, listener: (seconds: number) => void): void {
  poolWaitListeners.set(sql, listener);
}

/**
 * A transaction on a connection reserved for it; `fn` gets drizzle (`db`) and the raw connection (`tx`,
 * for advisory locks) on that one connection. Not drizzle's `db.transaction`, which runs on `sql.begin`:
 * postgres.js 3.4.9's `sql.begin` can, under load, send
 * BEGIN without reserving its connection (porsager/postgres#1189, #823: UNSAFE_TRANSACTION, or a
 * connection returned to the pool inside a transaction). `sql.reserve()` hands out a connection first,
 * and BEGIN/COMMIT are sent on it by hand.
 */
export async function transaction<T>(sql: Sql, fn: (tx: ReservedSql, db: Db) => Promise<T>): Promise<T> {
  const asked = performance.now();
  const tx = await sql.reserve();
  poolWaitListeners.get(sql)?.((performance.now() - asked) / 1000);
  try {
    await tx`BEGIN`;
    try {
      const result = await fn(tx, reservedDb(tx, sql));
      await tx`COMMIT`;
      return result;
    } catch (error) {
      await tx`ROLLBACK`.catch(() => {});
      throw databaseError(error);
    }
  } finally {
    tx.release();
  }
}
