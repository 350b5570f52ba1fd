import { createHash, randomUUID } from "node:crypto";
import { createAdapter as createPostgresAdapter } from "@socket.io/postgres-adapter";
import { createAdapter as createRedisStreamsAdapter } from "@socket.io/redis-streams-adapter";
import pg from "pg";
import { createClient } from "redis";
import { Adapter, MessageType, type BroadcastOptions } from "socket.io-adapter";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { safeError, type Logger } from "../logger.js";
import { rooms } from "./events.js";
import type { ChatServer } from "./plugins.js";

/** The Socket.IO adapter that carries events between instances (SOCKET_ADAPTER), opened before Socket.IO starts. */
export interface SocketAdapter {
  kind: "postgres" | "redis";
  install(io: ChatServer): void;
  /**
   * Resolves once events sent to `room` from other instances reach this one (at most ~1 s, never rejects).
   * With Redis, a conversation's events travel on a channel of its own, listened to from the moment a local
   * socket joins the room: a snapshot of a reply streaming elsewhere is asked for after this, so the
   * tokens that follow it are not missed. Other rooms, and the PostgreSQL adapter: at once.
   */
  listening(room: string): Promise<void>;
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
    listening: () => Promise.resolve(),
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
  // The streams adapter sends its PUB/SUB messages (serverSideEmit, its heartbeats) without handling the
  // publish's rejection: while Redis is away each would be an unhandled rejection. Callers still get it.
  const publish = client.publish.bind(client);
  Object.defineProperty(client, "publish", {
    value: (...args: Parameters<typeof publish>) => {
      const sent = publish(...args);
      sent.catch(() => {});
      return sent;
    },
  });
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
  // A connection of its own for the conversation channels (RoomChannels): it queues while Redis is away and
  // subscribes again once it is back; the publisher's listener above logs the outage, once.
  const subscriber = client.duplicate();
  subscriber.on("error", () => {});
  try {
    await subscriber.connect();
  } catch (error) {
    subscriber.destroy();
    client.destroy();
    throw new SocketAdapterError(`REDIS_URL: ${String((error as Error).message)}`);
  }

  const streamName = `${namespace}:socket.io`;
  let channels: RoomChannels | undefined;
  logger.info({ redis: redisLocation, stream: streamName }, "socket adapter on Redis");
  return {
    kind: "redis",
    redisKeys: [streamName],
    listening: (room) => channels?.listening(room) ?? Promise.resolve(),
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
        const streams = factory(nsp) as unknown as PublishingAdapter;
        // The app uses the main namespace only; its conversations' events go by their channels.
        const conversationChannels = (nsp as { name?: string }).name === "/" ? (channels = new RoomChannels(streams, { publisher: client, subscriber }, `${streamName}#`, logger)) : undefined;
        const adapter = deliverLocallyFirst(streams, logger, {}, conversationChannels) as unknown as ReturnType<typeof factory>;
        // While Redis is away, counting the instances (PUBSUB NUMSUB) fails, and Socket.IO leaves the promise of
        // serverSideEmit unhandled, which would end the process: count this instance alone until Redis is back.
        const serverCount = adapter.serverCount.bind(adapter);
        adapter.serverCount = () => serverCount().catch(() => 1);
        return adapter;
      } as unknown as Parameters<ChatServer["adapter"]>[0]);
      // Told through the stream, in order before the snapshot the listening instance may ask for next.
      const main = channels;
      if (main) {
        main.announce = (listened) => io.serverSideEmit("room:listening", { rooms: listened });
        io.on("room:listening", ({ rooms: listened }) => listened.forEach((room) => main.heard(room)));
        // After a reconnect the subscriber has subscribed again (node-redis does it before "ready"): say so,
        // since other instances may have found these rooms quiet meanwhile.
        subscriber.on("ready", () => main.announceAll());
      }
    },
    async close() {
      // io.close() has closed the adapter (its reader and subscriber copies); this is the publisher. A graceful
      // close waits for commands in flight, which hang while Redis is away: bounded, then cut.
      let t: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all([client.close(), subscriber.close()]).catch(() => {}), new Promise((r) => (t = setTimeout(r, 1000)))]);
      clearTimeout(t);
      if (client.isOpen) client.destroy();
      if (subscriber.isOpen) subscriber.destroy();
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
  channels?: Pick<RoomChannels, "roomOf" | "quietNow" | "publish">,
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
    // A conversation nobody else listens to: nothing to publish, decided here, with no promise per frame.
    const room = channels?.roomOf(opts);
    if (room !== undefined && channels!.quietNow(room)) return;
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
    const published =
      room !== undefined
        ? channels!.publish(room, packet, opts)
        : this.publishAndReturnOffset({
            type: MessageType.BROADCAST,
            data: { packet, opts: { rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags } },
          });
    published
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

/** How long a join waits for its room's channel before it goes on (Redis away: the subscription waits for it). */
const LISTEN_WAIT_MS = 1000;
/**
 * A room that nobody else listened to is asked again (one publish) after this long: the safety net for a
 * listener that came without saying so (joins and reconnects say so, RoomChannels.announce).
 */
const QUIET_MS = 10_000;

/**
 * A conversation's broadcasts (its question, tokens, tools, end) go only to the instances with a socket in
 * its room: each room has a Redis pub/sub channel, which an instance listens to while one of its sockets is
 * in the room. Through the stream, every instance read every token frame of the country, and n instances
 * could relay no more than one. One channel carries all of a room's broadcasts, from one publishing
 * connection, so they arrive in the order they were sent, as through the stream. At most once, like the
 * stream past its length: a frame lost while Redis is away shows as a gap in seq, and the page reopens the
 * conversation (web/src/lib/chatState.ts). Other rooms (users, sessions) and server-side events keep the stream.
 *
 * Most conversations are open in one tab, on the instance that streams its reply: a publish that reached no
 * other instance makes the room quiet, and its broadcasts are not published for QUIET_MS. An instance that
 * starts listening to a room (a join, or its subscriber's reconnect) says so through the stream at once, before
 * it asks for a reply's text so far, so nothing after that snapshot is held back.
 */
export class RoomChannels {
  /** This instance's mark on what it publishes: it hears its own channels' messages and skips them. */
  private readonly id = randomUUID();
  /** Rooms with a socket here: the subscription, and whether Redis has confirmed it. */
  private readonly subscriptions = new Map<string, { done: Promise<void>; confirmed: boolean }>();
  /**
   * Rooms that no other instance listens to, until when: their broadcasts are not published. A publish tells
   * (Redis answers how many connections got it); an instance that starts listening says so at once (`heard`);
   * and a room is asked again after QUIET_MS, so a listener that came back without saying so is found too.
   */
  private readonly quiet = new Map<string, number>();
  /** Counts `heard`: a publish answered after one cannot make its room quiet (its count predates the listener). */
  private heardCount = 0;
  private failing = false;
  /** Tells the other instances that this one listens to `rooms` (set by the Redis adapter's install). */
  announce: (listened: string[]) => void = () => {};

  constructor(
    private readonly adapter: Adapter,
    private readonly redis: {
      publisher: { publish(channel: string, message: string): Promise<unknown> };
      subscriber: {
        subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>;
        unsubscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>;
      };
    },
    private readonly prefix: string,
    private readonly logger: Logger,
    private readonly quietMs = QUIET_MS,
  ) {
    adapter.on("create-room", (room: string) => {
      if (rooms.isConversation(room)) this.subscribe(room);
    });
    adapter.on("delete-room", (room: string) => {
      if (!rooms.isConversation(room)) return;
      this.subscriptions.delete(room);
      this.quiet.delete(room);
      this.redis.subscriber.unsubscribe(this.prefix + room, this.deliver).catch(() => {});
    });
  }

  /** The room a broadcast goes to when it goes by a channel: one conversation room, nobody excepted. */
  roomOf(opts: BroadcastOptions): string | undefined {
    if (opts.rooms.size !== 1 || (opts.except?.size ?? 0) > 0) return undefined;
    const room = opts.rooms.values().next().value!;
    return rooms.isConversation(room) ? room : undefined;
  }

  /** True while no other instance is known to listen to `room`: its broadcasts are not published. */
  quietNow(room: string): boolean {
    const quietUntil = this.quiet.get(room);
    if (quietUntil === undefined) return false;
    if (performance.now() < quietUntil) return true;
    this.quiet.delete(room); // lapsed: the next publish asks again
    return false;
  }

  publish(room: string, packet: unknown, opts: BroadcastOptions): Promise<unknown> {
    const here = this.subscriptions.get(room)?.confirmed === true;
    const heardBefore = this.heardCount;
    return this.redis.publisher.publish(this.prefix + room, JSON.stringify({ from: this.id, packet, flags: opts.flags })).then((received) => {
      // Only this instance's own subscription (or none) got it: nobody else listens, for now.
      if (Number(received) - (here ? 1 : 0) > 0 || this.heardCount !== heardBefore || this.quiet.has(room)) return received;
      // A reply goes on after its last tab here left, so rooms go quiet without a socket here: past a few
      // thousand, the lapsed ones are let go.
      if (this.quiet.size >= 10_000) for (const [r, until] of this.quiet) if (until <= performance.now()) this.quiet.delete(r);
      this.quiet.set(room, performance.now() + this.quietMs);
      return received;
    });
  }

  /** Tells the other instances every room this one listens to (after its subscriber reconnected). */
  announceAll(): void {
    const listened = [...this.subscriptions].filter(([, s]) => s.confirmed).map(([room]) => room);
    if (listened.length > 0) this.announce(listened);
  }

  /** Another instance listens to `room` now: publish its broadcasts again. */
  heard(room: string): void {
    this.heardCount += 1;
    this.quiet.delete(room);
  }

  listening(room: string): Promise<void> {
    const subscribed = this.subscriptions.get(room);
    if (!subscribed) return Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([subscribed.done, new Promise<void>((resolve) => (timer = setTimeout(resolve, LISTEN_WAIT_MS)))]).finally(() => clearTimeout(timer));
  }

  private subscribe(room: string): void {
    const subscription = { done: Promise.resolve(), confirmed: false };
    subscription.done = this.redis.subscriber.subscribe(this.prefix + room, this.deliver).then(
      () => {
        this.failing = false;
        if (this.subscriptions.get(room) !== subscription) return;
        subscription.confirmed = true;
        this.announce([room]);
      },
      (error: unknown) => {
        if (!this.failing) this.logger.warn({ err: safeError(error) }, "socket adapter: listening to a conversation's channel failed");
        this.failing = true;
      },
    );
    this.subscriptions.set(room, subscription);
  }

  private readonly deliver = (message: string, channel: string): void => {
    let parsed: { from?: string; packet?: unknown; flags?: BroadcastOptions["flags"] };
    try {
      parsed = JSON.parse(message) as typeof parsed;
    } catch {
      return;
    }
    if (parsed.from === this.id || !parsed.packet) return;
    // To this instance's sockets only: Adapter's own broadcast, not the publishing one above.
    Adapter.prototype.broadcast.call(this.adapter, parsed.packet as Parameters<Adapter["broadcast"]>[0], {
      rooms: new Set([channel.slice(this.prefix.length)]),
      except: new Set<string>(),
      flags: parsed.flags ?? {},
    });
  };
}
