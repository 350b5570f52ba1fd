import { Adapter, MessageType, type BroadcastOptions } from "socket.io-adapter";
import { safeError, type Logger } from "../logger.js";
import type { RoomChannels } from "./room-channels.js";

/** The parts of socket.io-adapter's ClusterAdapter (both adapters extend it) that deliverLocallyFirst uses. */
export interface PublishingAdapter extends Adapter {
  publishAndReturnOffset(message: { type: MessageType; data: unknown }): Promise<string>;
}

/** Publishes waiting for the bus at once; past this, broadcasts reach this instance's sockets only (and it is logged). */
const MAX_PUBLISHES_IN_FLIGHT = 50_000;
/** While broadcasts are dropped, one log line per this period at most, with how many were dropped since the last. */
const DROPPED_LOG_EVERY_MS = 10_000;

/**
 * Broadcasts reach this instance's own sockets at once, in the order they were emitted, and are published
 * to the other instances beside that. (socket.io-adapter's ClusterAdapter awaits the publish, an XADD or a
 * NOTIFY round trip, before it delivers locally: each frame would wait for the bus, and a publish that failed
 * or timed out would be delivered ahead of frames still waiting, out of order.) The bus keeps its own order
 * (one publishing connection), so other instances get frames in order too.
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
      // At the limit, the count goes up and down by one around it: one log line per period, not per crossing.
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
