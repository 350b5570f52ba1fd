import { randomUUID } from "node:crypto";
import { Adapter, type BroadcastOptions } from "socket.io-adapter";
import { safeError, type Logger } from "../logger.js";
import { rooms } from "./events.js";

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
