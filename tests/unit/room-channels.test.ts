/**
 * RoomChannels (server/chat/room-channels.ts): a conversation room's broadcasts go by the room's own channel, to the
 * instances with a socket in the room, and a join can wait until its instance listens. Two Socket.IO servers
 * (not attached to HTTP: their namespaces and in-memory adapters only) stand for two instances; the pub/sub
 * bus between them is a small in-memory one whose subscriptions complete when the test says. The real Redis
 * path runs in tests/integration/room-channels.test.ts.
 */
import { Writable } from "node:stream";
import { Server } from "socket.io";
import { Adapter } from "socket.io-adapter";
import { afterEach, describe, expect, it, vi } from "vitest";
import { deliverLocallyFirst } from "../../server/chat/local-first.js";
import { RoomChannels } from "../../server/chat/room-channels.js";
import { createLogger } from "../../server/logger.js";

type Listener = (message: string, channel: string) => void;

function bus() {
  const channels = new Map<string, Set<Listener>>();
  const pending: (() => void)[] = [];
  return {
    pending,
    listeners: (channel: string) => channels.get(channel)?.size ?? 0,
    publisher: {
      async publish(channel: string, message: string) {
        const listeners = [...(channels.get(channel) ?? [])];
        queueMicrotask(() => listeners.forEach((l) => l(message, channel)));
        return listeners.length;
      },
    },
    /** A subscriber whose subscriptions take effect when the test releases them (pending). */
    subscriber: () => ({
      subscribe: (channel: string, listener: Listener) =>
        new Promise<void>((resolve) =>
          pending.push(() => {
            if (!channels.has(channel)) channels.set(channel, new Set());
            channels.get(channel)!.add(listener);
            resolve();
          }),
        ),
      async unsubscribe(channel: string, listener: Listener) {
        channels.get(channel)?.delete(listener);
      },
    }),
  };
}

const quiet = createLogger("info", new Writable({ write: (_c, _e, done) => done() }) as never);
const tick = () => new Promise((resolve) => setImmediate(resolve));

function instance(shared: ReturnType<typeof bus>, quietMs?: number) {
  const io = new Server();
  const adapter = io.of("/").adapter as Adapter & { publishAndReturnOffset(message: unknown): Promise<string> };
  const streamed: unknown[] = [];
  adapter.publishAndReturnOffset = async (message) => (streamed.push(message), "0-0");
  const channels = new RoomChannels(adapter, { publisher: shared.publisher, subscriber: shared.subscriber() }, "test#", quiet, quietMs);
  deliverLocallyFirst(adapter, quiet, {}, channels);
  return { io, adapter, channels, streamed };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe("RoomChannels", () => {
  it("sends a conversation's broadcasts to the instances with a socket in it, not to the stream, and not back to the sender", async () => {
    const shared = bus();
    const a = instance(shared);
    const b = instance(shared);
    const room = "conversation:c1";
    const heard = new Map<Adapter, unknown[]>([[a.adapter, []], [b.adapter, []]]);
    const local = Adapter.prototype.broadcast;
    vi.spyOn(Adapter.prototype, "broadcast").mockImplementation(function (this: Adapter, packet, opts) {
      heard.get(this)?.push((packet as { data: unknown[] }).data);
      return local.call(this, packet, opts);
    });

    a.adapter.addAll("socket-on-a", new Set([room]));
    b.adapter.addAll("socket-on-b", new Set([room]));
    // B's join waits for B's subscription, and only for it.
    let bListens = false;
    void b.channels.listening(room).then(() => (bListens = true));
    await tick();
    expect(bListens).toBe(false);
    shared.pending.splice(0).forEach((release) => release());
    await tick();
    expect(bListens).toBe(true);
    expect(shared.listeners(`test#${room}`)).toBe(2);

    a.io.to(room).emit("chat:token", { seq: 1 });
    a.io.to(room).emit("chat:done", { seq: 1 });
    await tick();
    expect(heard.get(a.adapter)).toEqual([["chat:token", { seq: 1 }], ["chat:done", { seq: 1 }]]); // once: its own, not its echo
    expect(heard.get(b.adapter)).toEqual([["chat:token", { seq: 1 }], ["chat:done", { seq: 1 }]]); // in order
    expect(a.streamed).toEqual([]);

    // Other rooms, and a conversation room with an exception, keep the stream.
    a.io.to("user:u1").emit("conversation:updated", {});
    a.io.to(room).except("socket-on-a").emit("chat:token", { seq: 2 });
    expect(a.streamed).toHaveLength(2);

    // B's last socket leaves the room: B stops listening, and hears nothing more of it.
    b.adapter.del("socket-on-b", room);
    expect(shared.listeners(`test#${room}`)).toBe(1);
    a.io.to(room).emit("chat:token", { seq: 3 });
    await tick();
    expect(heard.get(b.adapter)).toHaveLength(2); // still the two above (the stream stub delivers nothing)
    expect(heard.get(a.adapter)!.at(-1)).toEqual(["chat:token", { seq: 3 }]);
  });

  it("takes only a lone conversation room, and a join does not wait when nothing subscribes", async () => {
    const shared = bus();
    const a = instance(shared);
    const only = (rooms: string[], except: string[] = []) => a.channels.roomOf({ rooms: new Set(rooms), except: new Set(except), flags: {} });
    expect(only(["conversation:c1"])).toBe("conversation:c1");
    expect(only(["conversation:c1", "conversation:c2"])).toBeUndefined();
    expect(only(["conversation:c1"], ["socket"])).toBeUndefined();
    expect(only(["user:u1"])).toBeUndefined();
    expect(only([])).toBeUndefined();
    a.adapter.addAll("socket", new Set(["user:u1", "session:s1"]));
    expect(shared.pending).toHaveLength(0);
    await expect(a.channels.listening("conversation:nobody-here")).resolves.toBeUndefined();
  });

  it("stops publishing a room nobody else listens to, until an instance says it listens (a join, a reconnect) or the quiet time lapses", async () => {
    vi.useFakeTimers({ toFake: ["performance"] });
    const shared = bus();
    const published: string[] = [];
    const publish = shared.publisher.publish;
    shared.publisher.publish = (channel, message) => (published.push(channel), publish(channel, message));
    const a = instance(shared, 1000);
    const room = "conversation:alone";
    a.adapter.addAll("socket-on-a", new Set([room]));
    shared.pending.splice(0).forEach((release) => release());
    await tick();

    a.io.to(room).emit("chat:token", { seq: 1 });
    await tick(); // only A's own subscription got it
    a.io.to(room).emit("chat:token", { seq: 2 });
    a.io.to(room).emit("chat:token", { seq: 3 });
    expect(published).toHaveLength(1);

    // The quiet time lapses: one publish asks again (still nobody), then quiet again.
    vi.advanceTimersByTime(1001);
    a.io.to(room).emit("chat:token", { seq: 4 });
    await tick();
    a.io.to(room).emit("chat:token", { seq: 5 });
    expect(published).toHaveLength(2);

    // B joins: once subscribed it says so (through the stream, here straight to A), and A publishes at once.
    const b = instance(shared);
    b.channels.announce = (rooms) => rooms.forEach((r) => a.channels.heard(r));
    const heardOnB: unknown[] = [];
    const local = Adapter.prototype.broadcast;
    vi.spyOn(Adapter.prototype, "broadcast").mockImplementation(function (this: Adapter, packet, opts) {
      if (this === b.adapter) heardOnB.push((packet as { data: unknown[] }).data);
      return local.call(this, packet, opts);
    });
    b.adapter.addAll("socket-on-b", new Set([room]));
    shared.pending.splice(0).forEach((release) => release());
    await b.channels.listening(room);
    a.io.to(room).emit("chat:token", { seq: 6 });
    await tick();
    expect(published).toHaveLength(3);
    expect(heardOnB).toEqual([["chat:token", { seq: 6 }]]);

    // After its subscriber reconnected, B tells every room it listens to again.
    const announced: string[][] = [];
    b.channels.announce = (rooms) => announced.push(rooms);
    b.channels.announceAll();
    expect(announced).toEqual([[room]]);
  });
});
