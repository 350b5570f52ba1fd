import { randomUUID } from "node:crypto";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectError, devLogin, readySocket, socketFor, startTestApp, type ClientSocket, type TestApp } from "../helpers/app.js";
import { until } from "../helpers/until.js";

v8.setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

let t: TestApp;
const sockets: ClientSocket[] = [];
beforeAll(async () => {
  t = await startTestApp({ env: { HANDSHAKES_PER_IP_PER_MIN: "400", CHAT_MAX_SOCKETS_PER_USER: "3", LOG_LEVEL: "warn" } });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
});

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function fuzzValue(rnd: () => number, depth = 0): unknown {
  const pick = Math.floor(rnd() * 12);
  switch (pick) {
    case 0: return null;
    case 1: return undefined;
    case 2: return rnd() * 1e12 - 5e11;
    case 3: return rnd() < 0.5;
    case 4: return "ə🌾\u0000\u202e\n\r".repeat(Math.floor(rnd() * 50));
    case 5: return "x".repeat(Math.floor(rnd() * (depth === 0 ? 40_000 : 2_000))); // whole packets stay under 64 KB
    case 6: return randomUUID();
    case 7: return depth > 4 ? [] : Array.from({ length: Math.floor(rnd() * 5) }, () => fuzzValue(rnd, depth + 1));
    case 8: {
      if (depth > 4) return {};
      const o: Record<string, unknown> = {};
      for (const k of ["conversationId", "text", "clientMessageId", "runId", "language", "__proto__", "constructor"]) if (rnd() < 0.5) o[k] = fuzzValue(rnd, depth + 1);
      return o;
    }
    case 9: return { conversationId: randomUUID(), text: "salam", clientMessageId: "x".repeat(Math.floor(rnd() * 200)) };
    case 10: return Number.NaN;
    default: return "";
  }
}

async function readySocketsOf(cookie: string): Promise<{ userId: string }> {
  const me = await (await fetch(`${t.url}/api/me`, { headers: { cookie } })).json();
  return { userId: me.user.id };
}

describe("abuse", () => {
  it("closes a socket that sends a 65 KB packet, and only that socket", async () => {
    const cookie = await devLogin(t.url, "big.packet@example.az");
    const victim = await readySocket(t.url, cookie);
    const bystander = await readySocket(t.url, cookie);
    sockets.push(victim.socket, bystander.socket);
    const closed = new Promise<string>((resolve) => victim.socket.once("disconnect", (reason) => resolve(reason)));
    victim.socket.emit("chat:send", { conversationId: victim.ready.conversation.id, text: "x".repeat(65 * 1024), clientMessageId: "big" }, () => {});
    expect(await closed).toMatch(/transport (close|error)/);
    expect(bystander.socket.connected).toBe(true);
    const ok = await bystander.socket.emitWithAck("conversation:list", {});
    expect(ok.status).toBe("OK");
  });

  it("survives 10,000 random payloads with heap growth under 20 %", async () => {
    const cookie = await devLogin(t.url, "fuzzer@example.az");
    const { socket } = await readySocket(t.url, cookie);
    sockets.push(socket);
    const events = ["chat:send", "chat:stop", "conversation:new", "conversation:open", "conversation:list", "session:retry", "nope", "__proto__", "constructor"];
    const rnd = random(20261123);
    const run = async (count: number) => {
      for (let i = 0; i < count; i += 50) {
        await Promise.all(
          Array.from({ length: 50 }, () => {
            const event = events[Math.floor(rnd() * events.length)]!;
            const args = [fuzzValue(rnd)];
            const raw = socket as unknown as { timeout(ms: number): { emitWithAck(e: string, ...a: unknown[]): Promise<unknown> }; emit(e: string, ...a: unknown[]): void };
            if (rnd() < 0.3 || !events.slice(0, 6).includes(event)) {
              raw.emit(event, ...args);
              return Promise.resolve();
            }
            return raw.timeout(10_000).emitWithAck(event, ...args).catch(() => undefined);
          }),
        );
      }
    };
    await run(1000); // warm up: JIT, pools, caches
    gc();
    const before = process.memoryUsage().heapUsed;
    await run(10_000);
    gc();
    const after = process.memoryUsage().heapUsed;
    expect(socket.connected).toBe(true);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect((after - before) / before).toBeLessThan(0.2);
    const list = await socket.emitWithAck("conversation:list", {});
    expect(list.status).toBe("OK");
  }, 120_000);

  it("refuses more sockets than CHAT_MAX_SOCKETS_PER_USER for one user", async () => {
    const cookie = await devLogin(t.url, "many.tabs@example.az");
    for (let i = 0; i < 3; i++) sockets.push((await readySocket(t.url, cookie)).socket);
    expect((await connectError(socketFor(t.url, cookie))).message).toBe("too_many_connections");
    sockets.pop()!.close();
    // the server learns of the close a moment after the client: wait for it to count two
    const userId = (await readySocketsOf(cookie)).userId;
    await until(async () => (await t.app.chat.io.in(`user:${userId}`).fetchSockets()).length === 2, { what: "the server to count two sockets" });
    const again = await readySocket(t.url, cookie);
    sockets.push(again.socket);
    expect(again.ready.user.email).toBe("many.tabs@example.az");
  });
});

describe("handshake flood", () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({ env: { HANDSHAKES_PER_IP_PER_MIN: "5", LOG_LEVEL: "warn" } });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it("refuses handshakes from an address over HANDSHAKES_PER_IP_PER_MIN", async () => {
    const cookie = await devLogin(limited.url, "flood@example.az");
    const results: string[] = [];
    for (let i = 0; i < 8; i++) {
      const socket = socketFor(limited.url, cookie, { transports: ["polling"] });
      results.push(
        await new Promise<string>((resolve) => {
          socket.once("connect", () => resolve("connected"));
          socket.once("connect_error", () => resolve("refused"));
        }),
      );
      socket.close();
    }
    expect(results.slice(0, 5)).toEqual(Array(5).fill("connected"));
    expect(results.slice(5)).toEqual(Array(3).fill("refused"));
  });
});
