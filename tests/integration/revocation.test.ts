import { Socket as EngineSocket } from "engine.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devLogin, readySocket, socketFor, startTestApp, type TestApp } from "../helpers/app.js";
import { createTestDatabase } from "../helpers/db.js";
import { until } from "../helpers/until.js";

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ oidc: false });
});
afterAll(async () => {
  await t?.close();
});

/**
 * A raw engine.io connection speaking Socket.IO's packets by hand, as an attacker keeping the connection
 * open would. On the wire "40" is engine.io's MESSAGE (4) carrying Socket.IO's CONNECT (0): through
 * engine.io-client one sends "0" (CONNECT), "1" (DISCONNECT) and receives "2[…]" (EVENT), "4{…}" (CONNECT_ERROR).
 */
function rawClient(cookie: string, transport: "websocket" | "polling") {
  const socket = new EngineSocket(t.url, {
    path: "/socket.io/",
    transports: [transport],
    upgrade: false,
    extraHeaders: { cookie },
  });
  const packets: string[] = [];
  const waiters: { test: (p: string) => boolean; resolve: (p: string) => void }[] = [];
  let closed = false;
  const closedPromise = new Promise<void>((resolve) => socket.on("close", () => {
    closed = true;
    resolve();
  }));
  socket.on("message", (data) => {
    const packet = String(data);
    packets.push(packet);
    for (const w of [...waiters]) if (w.test(packet)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(packet);
    }
  });
  const opened = new Promise<void>((resolve, reject) => {
    socket.on("open", () => resolve());
    socket.on("error", reject);
  });
  const next = (test: (p: string) => boolean, timeoutMs = 10_000) =>
    new Promise<string>((resolve, reject) => {
      const found = packets.find(test);
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error(`no packet matched; got ${packets.map((p) => p.slice(0, 40)).join(" | ")}`)), timeoutMs);
      waiters.push({ test, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  return { socket, packets, opened, next, closedPromise, isClosed: () => closed };
}

const isReady = (p: string) => p.startsWith('2["session:ready"');
const isConnectError = (p: string) => p.startsWith("4");

async function logout(cookie: string) {
  const res = await fetch(`${t.url}/auth/logout`, { method: "POST", headers: { cookie } });
  expect(res.status).toBe(204);
}

describe("logout revokes open connections", () => {
  for (const transport of ["websocket", "polling"] as const) {
    it(`a raw engine.io client (${transport}) that re-sends CONNECT after logout gets no session:ready`, async () => {
      const cookie = await devLogin(t.url, `raw.${transport}@example.az`);
      const raw = rawClient(cookie, transport);
      await raw.opened;
      raw.socket.send("0");
      expect(await raw.next(isReady)).toContain(`raw.${transport}@example.az`);

      // Leave the namespace but keep the engine.io connection, as the attacker would, then log out (once the
      // server has let the socket go: with polling, the "1" travels in a request of its own that could
      // otherwise arrive after the logout, which would then close the whole connection).
      raw.socket.send("1");
      await until(() => ![...t.app.chat.io.of("/").sockets.values()].some((s) => s.data.email === `raw.${transport}@example.az`), { what: "the server to let the socket go" });
      await logout(cookie);
      const readiesBefore = raw.packets.filter(isReady).length;
      raw.socket.send("0");
      const refusal = await raw.next(isConnectError);
      expect(JSON.parse(refusal.slice(1))).toMatchObject({ message: "unauthorized" });
      expect(raw.packets.filter(isReady)).toHaveLength(readiesBefore);
      raw.socket.close();
    });

    it(`logout closes the engine.io connection itself (${transport}), so nothing can be re-sent on it`, async () => {
      const cookie = await devLogin(t.url, `close.${transport}@example.az`);
      const raw = rawClient(cookie, transport);
      await raw.opened;
      raw.socket.send("0");
      await raw.next(isReady);
      await logout(cookie);
      await raw.closedPromise;
      expect(raw.isClosed()).toBe(true);
      expect(raw.packets.filter(isReady)).toHaveLength(1);
    });
  }

  it("a session deleted in SQL ends its sockets (the trigger's NOTIFY), and only that session's", async () => {
    const cookie = await devLogin(t.url, "sql.delete@example.az");
    const other = await devLogin(t.url, "sql.delete@example.az");
    const { socket } = await readySocket(t.url, cookie);
    const { socket: survivor } = await readySocket(t.url, other);
    const disconnected = new Promise<string>((resolve) => socket.on("disconnect", (reason) => resolve(reason)));
    const sid = decodeURIComponent(cookie.split("=")[1]!).slice(2).split(".")[0]!;
    const deleted = await t.app.database.sql`DELETE FROM sessions WHERE sid = ${sid} RETURNING sid`;
    expect(deleted).toHaveLength(1);
    expect(await disconnected).toBe("io server disconnect");
    expect(survivor.connected).toBe(true);
    survivor.close();
  });

  it("a session that expires ends its sockets, and a new connect with it is refused", async () => {
    const cookie = await devLogin(t.url, "expiry@example.az");
    const { socket } = await readySocket(t.url, cookie);
    const disconnected = new Promise<string>((resolve) => socket.on("disconnect", (reason) => resolve(reason)));
    const sid = decodeURIComponent(cookie.split("=")[1]!).slice(2).split(".")[0]!;
    // Expiry as the store sees it: the row's expires_at passes (the trigger announces an UPDATE into the past).
    await t.app.database.sql`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE sid = ${sid}`;
    expect(await disconnected).toBe("io server disconnect");
    const again = socketFor(t.url, cookie);
    const error = await new Promise<Error>((resolve) => again.once("connect_error", resolve));
    expect(error.message).toBe("unauthorized");
    again.close();
  });

  it("a socket of a live session keeps working", async () => {
    const cookie = await devLogin(t.url, "still.alive@example.az");
    const { socket, ready } = await readySocket(t.url, cookie);
    const list = await socket.emitWithAck("conversation:list", {});
    expect(list.status).toBe("OK");
    expect(ready.user.email).toBe("still.alive@example.az");
    socket.close();
  });
});

describe("on every instance, without a socket adapter", () => {
  it("logout on instance A closes the session's socket on instance B (the sessions trigger's NOTIFY)", async () => {
    const db = await createTestDatabase();
    const env = { SESSION_SECRET: "revocation-two-instances-secret-long-enough", LOG_LEVEL: "warn" };
    const a = await startTestApp({ db, env, oidc: false });
    const b = await startTestApp({ db, env, oidc: false });
    try {
      const cookie = await devLogin(a.url, "two.instances@example.az");
      const { socket } = await readySocket(b.url, cookie);
      const disconnected = new Promise<string>((resolve) => socket.on("disconnect", (reason) => resolve(reason)));
      const res = await fetch(`${a.url}/auth/logout`, { method: "POST", headers: { cookie } });
      expect(res.status).toBe(204);
      expect(await disconnected).toBe("io server disconnect");
      const again = socketFor(b.url, cookie);
      const error = await new Promise<Error>((resolve) => again.once("connect_error", resolve));
      expect(error.message).toBe("unauthorized");
      again.close();
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  });
});
