import { createAdapter as createRedisStreamsAdapter } from "@socket.io/redis-streams-adapter";
import { createClient } from "redis";
import { safeError, type Logger } from "../logger.js";
import { deliverLocallyFirst, type PublishingAdapter } from "./local-first.js";
import type { ChatServer } from "./plugins.js";
import { RoomChannels } from "./room-channels.js";
import { SocketAdapterError, type SocketAdapter } from "./socket-adapter.js";

/** Reconnect forever, 50 ms doubling to 2 s: node-redis's default gives up after a socket timeout. */
const reconnectStrategy = (retries: number) => Math.min(50 * 2 ** retries, 2000) + Math.floor(Math.random() * 100);

export async function openRedisAdapter(url: string, namespace: string, logger: Logger): Promise<SocketAdapter> {
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
