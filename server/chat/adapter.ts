import { createHash } from "node:crypto";
import { createAdapter as createPostgresAdapter } from "@socket.io/postgres-adapter";
import { createAdapter as createRedisStreamsAdapter } from "@socket.io/redis-streams-adapter";
import pg from "pg";
import { createClient } from "redis";
import { Adapter, MessageType, type BroadcastOptions } from "socket.io-adapter";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { safeError, type Logger } from "../logger.js";
import type { ChatServer } from "./plugins.js";

/** The Socket.IO adapter that carries events between instances (SOCKET_ADAPTER), opened before Socket.IO starts. */
export interface SocketAdapter {
  kind: "postgres" | "redis";
  install(io: ChatServer): void;
  /** Redis keys this adapter writes (the stream), for operators and test cleanup. */
  redisKeys: string[];
  close(): Promise<void>;
}

export class SocketAdapterError extends Error {
  override name = "SocketAdapterError";
}

/**
 * Instances belong together exactly when they share a database, so the Redis stream and channels are
 * named after the database (cluster id + database name): deployments or test runs that share one Redis
 * never hear each other, and no extra setting can be set differently on two instances of one deployment.
 */
export async function redisNamespaceFor(database: Database): Promise<string> {
  const [row] = await database.sql<{ id: string }[]>`
    SELECT (SELECT system_identifier FROM pg_control_system())::text || '/' || current_database() AS id`;
  return `yonca:${createHash("sha256").update(row!.id).digest("hex").slice(0, 12)}`;
}

export async function openSocketAdapter(deps: {
  config: Config;
  database: Database;
  databaseUrl: string;
  logger: Logger;
}): Promise<SocketAdapter | undefined> {
  const { config } = deps;
  const logger = deps.logger.child({ module: "socket-adapter" });
  if (config.socketAdapter === "postgres") return openPostgresAdapter(deps.databaseUrl, logger);
  if (config.socketAdapter === "redis") return openRedisAdapter(config.redisUrl, await redisNamespaceFor(deps.database), logger);
  return undefined;
}

function openPostgresAdapter(databaseUrl: string, logger: Logger): SocketAdapter {
  // Two connections: one LISTENs, one publishes. One publisher keeps NOTIFYs — and so a reply's tokens — in order.
  // The `pg` pool is the adapter's own; the app uses postgres.js.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, application_name: "yonca-chat-adapter" });
  pool.on("error", (error) => logger.warn({ err: safeError(error) }, "socket adapter connection lost"));
  return {
    kind: "postgres",
    redisKeys: [],
    install(io) {
      const factory = createPostgresAdapter(pool, {
        errorHandler: (error) => logger.warn({ err: safeError(error) }, "socket adapter error"),
        heartbeatInterval: 2000,
        heartbeatTimeout: 6000,
      });
      io.adapter(function postgresAdapter(nsp: unknown) {
        return deliverLocallyFirst(factory(nsp) as unknown as PublishingAdapter, logger);
      } as unknown as Parameters<ChatServer["adapter"]>[0]);
    },
    close: () => pool.end().catch(() => {}),
  };
}

/** Reconnect forever, 50 ms doubling to 2 s: node-redis's default gives up after a socket timeout. */
const reconnectStrategy = (retries: number) => Math.min(50 * 2 ** retries, 2000) + Math.floor(Math.random() * 100);

async function openRedisAdapter(url: string, namespace: string, logger: Logger): Promise<SocketAdapter> {
  const redisLocation = redactedRedisUrl(url);
  // The publisher has no offline queue: while Redis is away a publish fails at once, the adapter logs it and
  // still delivers to this instance's sockets, and no backlog of tokens grows in memory.
  // No per-command timeout (node-redis's default is 5 s, an AbortSignal timer per command, i.e. per token
  // frame): a publish that waits does not hold any delivery up (deliverLocallyFirst), in-flight publishes
  // are bounded there, and a lost connection fails them at once.
  const client = createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: 0 },
    socket: { connectTimeout: 3000, reconnectStrategy },
  });
  // The adapter's own copies (one blocking XREAD reader, one subscriber) keep the queue: its reader retries
  // at once after an error, and instant failures would spin the event loop; queued, it waits for the reconnect.
  const duplicate = client.duplicate.bind(client);
  client.duplicate = ((overrides = {}) => duplicate({ ...overrides, disableOfflineQueue: false })) as typeof client.duplicate;
  let down = false;
  // An 'error' without a listener would crash the process: a Redis outage is logged once and outlived.
  client.on("error", (error: unknown) => {
    if (down) return;
    down = true;
    logger.error({ err: safeError(error), redis: redisLocation }, "Redis unreachable; reconnecting");
  });
  client.on("ready", () => {
    if (!down) return;
    down = false;
    logger.info({ redis: redisLocation }, "Redis reachable again");
  });

  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new SocketAdapterError(`REDIS_URL: Redis at ${redisLocation} did not answer within 5 s`)), 5000);
      }),
    ]);
  } catch (error) {
    client.destroy();
    throw error instanceof SocketAdapterError ? error : new SocketAdapterError(`REDIS_URL: ${String((error as Error).message)}`);
  } finally {
    clearTimeout(timer);
  }
  down = false;

  const streamName = `${namespace}:socket.io`;
  logger.info({ redis: redisLocation, stream: streamName }, "socket adapter on Redis");
  return {
    kind: "redis",
    redisKeys: [streamName],
    install(io) {
      const factory = createRedisStreamsAdapter(client, {
        streamName,
        channelPrefix: streamName,
        sessionKeyPrefix: `${namespace}:sio:session:`,
        // Room for ~2 s of tokens at national load (1000 replies × 40 frames/s) for a reader that lags;
        // entries trimmed before a slow instance reads them would be lost to its sockets.
        maxLen: 100_000,
        readCount: 1000,
        // A closing instance's reader stops after its current blocking read: keep that short.
        blockTimeInMs: 1000,
        // Every payload is JSON: skip the adapter's per-message binary scan.
        onlyPlaintext: true,
      });
      // Socket.IO calls this with `new`: a plain function, returning the adapter, not an arrow.
      io.adapter(function redisStreamsAdapter(nsp: unknown) {
        const adapter = deliverLocallyFirst(factory(nsp) as unknown as PublishingAdapter, logger) as unknown as ReturnType<typeof factory>;
        // While Redis is away, counting the instances (PUBSUB NUMSUB) fails, and Socket.IO leaves the promise of
        // serverSideEmit unhandled, which would end the process: count this instance alone until Redis is back.
        const serverCount = adapter.serverCount.bind(adapter);
        adapter.serverCount = () => serverCount().catch(() => 1);
        return adapter;
      } as unknown as Parameters<ChatServer["adapter"]>[0]);
    },
    async close() {
      // io.close() has closed the adapter (its reader and subscriber copies); this is the publisher. A graceful
      // close waits for commands in flight, which hang while Redis is away: bounded, then cut.
      let t: NodeJS.Timeout | undefined;
      await Promise.race([client.close().catch(() => {}), new Promise((r) => (t = setTimeout(r, 1000)))]);
      clearTimeout(t);
      if (client.isOpen) client.destroy();
    },
  };
}

/** The Redis URL without its password, for logs and errors. */
function redactedRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = "";
    u.username = "";
    return u.toString();
  } catch {
    return "(invalid URL)";
  }
}

/** The parts of socket.io-adapter's ClusterAdapter (both adapters extend it) that deliverLocallyFirst uses. */
interface PublishingAdapter extends Adapter {
  publishAndReturnOffset(message: { type: MessageType; data: unknown }): Promise<string>;
}

/** Publishes waiting for the bus at once; past this, broadcasts reach this instance's sockets only (and it is logged). */
const MAX_PUBLISHES_IN_FLIGHT = 50_000;
/** While broadcasts are dropped, one log line per this period at most, with how many were dropped since the last. */
const DROPPED_LOG_EVERY_MS = 10_000;

/**
 * Broadcasts reach this instance's own sockets at once, in the order they were emitted, and are published
 * to the other instances beside that. socket.io-adapter's ClusterAdapter first awaits the publish (an XADD
 * or a NOTIFY round trip) and only then delivers locally: every token frame waited for the bus, and a
 * publish that failed or timed out was delivered at once, ahead of frames still waiting, so a reply's
 * frames could arrive out of order under load (bench: "changed replies" with two instances on Redis).
 * The bus keeps its own order (one publishing connection), so other instances get frames in order too.
 */
export function deliverLocallyFirst<A extends PublishingAdapter>(
  adapter: A,
  logger: Logger,
  limits: { maxInFlight?: number; droppedLogEveryMs?: number } = {},
): A {
  const maxInFlight = limits.maxInFlight ?? MAX_PUBLISHES_IN_FLIGHT;
  const droppedLogEveryMs = limits.droppedLogEveryMs ?? DROPPED_LOG_EVERY_MS;
  let inFlight = 0;
  let dropped = 0;
  let droppedLoggedAt = -Infinity;
  let droppedTimer: NodeJS.Timeout | undefined;
  const logDropped = () => {
    clearTimeout(droppedTimer);
    droppedTimer = undefined;
    if (dropped === 0) return;
    logger.error({ inFlight, dropped }, "socket adapter: the bus does not keep up; other instances miss events until it does");
    droppedLoggedAt = performance.now();
    dropped = 0;
  };
  let failing = false;
  adapter.broadcast = function broadcast(this: A, packet: unknown, opts: BroadcastOptions): void {
    Adapter.prototype.broadcast.call(this, packet, opts);
    if (opts.flags?.local) return;
    if (inFlight >= maxInFlight) {
      // At the limit, the count goes up and down by one around it: a line per crossing was hundreds of
      // lines a second at national load (bench, two instances on Redis at K = 1000). One per period instead.
      // Drops after a line are told at the period's end, also when the bus has caught up by then.
      dropped += 1;
      const wait = droppedLoggedAt + droppedLogEveryMs - performance.now();
      if (wait <= 0) logDropped();
      else droppedTimer ??= setTimeout(logDropped, wait).unref();
      return;
    }
    inFlight += 1;
    this.publishAndReturnOffset({
      type: MessageType.BROADCAST,
      data: { packet, opts: { rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags } },
    })
      .then(
        () => {
          failing = false;
        },
        (error: unknown) => {
          // Once per outage, not once per token frame.
          if (!failing) logger.warn({ err: safeError(error) }, "socket adapter: publishing failed; other instances miss events until it works again");
          failing = true;
        },
      )
      .finally(() => {
        inFlight -= 1;
      });
  } as A["broadcast"];
  return adapter;
}
