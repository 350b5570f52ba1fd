import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devLogin, readySocket, startTestApp, type TestApp } from "../helpers/app.js";

/** An engine.io handshake (polling) as a client behind a proxy would make it: 200 accepted, 403 refused. */
async function handshake(url: string, forwardedFor?: string): Promise<number> {
  const res = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, {
    headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {},
  });
  await res.arrayBuffer();
  return res.status;
}

async function flood(url: string, count: number, forwardedFor: (i: number) => string | undefined): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push(await handshake(url, forwardedFor(i)));
  return statuses;
}

describe("TRUST_PROXY=loopback: limits key on the forwarded client address", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ oidc: false, env: { TRUST_PROXY: "loopback", HANDSHAKES_PER_IP_PER_MIN: "5", LOG_LEVEL: "warn" } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("one forwarded client flooding handshakes is refused while another is not", async () => {
    expect(await flood(t.url, 8, () => "203.0.113.7")).toEqual([200, 200, 200, 200, 200, 403, 403, 403]);
    expect(await handshake(t.url, "203.0.113.8")).toBe(200);
    // Another farmer behind the same proxy signs in and chats.
    const cookie = await devLogin(t.url, "behind.proxy@example.az");
    const { socket, ready } = await readySocket(t.url, cookie, { transports: ["polling"] });
    expect(ready.user.email).toBe("behind.proxy@example.az");
    socket.close();
  });

  it("counts handshakes without a session in memory (no row each), those with a session in PostgreSQL", async () => {
    expect(await t.app.database.sql`SELECT key FROM rate_limits WHERE key = 'handshake:203.0.113.7'`).toEqual([]);
    const cookie = await devLogin(t.url, "counted@example.az");
    const { socket } = await readySocket(t.url, cookie, { transports: ["polling"] });
    socket.close();
    // Counted in memory first, written to PostgreSQL in the next batch (at most a second later).
    await t.app.limiters.sessionHandshakes.flush?.();
    const rows = await t.app.database.sql`SELECT key, points FROM rate_limits WHERE key LIKE 'handshake:%'`;
    expect(rows.map((r) => r.key)).toEqual([expect.stringMatching(/^handshake:(127\.0\.0\.1|::1)$/)]);
  });

  it("dev logins are limited per forwarded address (HANDSHAKES_PER_IP_PER_MIN; dev login answers loopback clients only)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await fetch(`${t.url}/auth/dev-login`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "127.0.0.9" },
        body: JSON.stringify({ email: `dl${i}@example.az` }),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual(Array(5).fill(204));
    expect(statuses.slice(5)).toEqual([429, 429]);
    const other = await fetch(`${t.url}/auth/dev-login`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "127.0.0.10" },
      body: JSON.stringify({ email: "other.address@example.az" }),
    });
    expect(other.status).toBe(204);
  });
});

describe("TRUST_PROXY unset: X-Forwarded-For is ignored", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ oidc: false, env: { HANDSHAKES_PER_IP_PER_MIN: "5", LOG_LEVEL: "warn" } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("a forged X-Forwarded-For changes nothing: every handshake counts for the peer", async () => {
    expect(await flood(t.url, 8, (i) => `192.0.2.${i + 1}`)).toEqual([200, 200, 200, 200, 200, 403, 403, 403]);
    expect(await handshake(t.url)).toBe(403);
  });
});

describe("per-user limits", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ oidc: false, env: { LOG_LEVEL: "warn" } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("conversation:new and persona writes are limited per user (rate_limited), and other users are not affected", async () => {
    const cookie = await devLogin(t.url, "busy.creator@example.az");
    const { socket } = await readySocket(t.url, cookie);
    const codes: string[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await socket.emitWithAck("conversation:new", {});
      codes.push(res.status === "OK" ? "OK" : res.error.code);
    }
    expect(codes.slice(0, 30)).toEqual(Array(30).fill("OK"));
    expect(codes.slice(30)).toEqual(["rate_limited", "rate_limited"]);

    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await fetch(`${t.url}/api/me/persona`, {
        method: "PATCH",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify({ totalAreaHa: 10 + i }),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(200));
    expect(statuses.slice(30)).toEqual([429, 429]);

    const otherCookie = await devLogin(t.url, "calm.farmer@example.az");
    const { socket: other } = await readySocket(t.url, otherCookie);
    expect((await other.emitWithAck("conversation:new", {})).status).toBe("OK");
    socket.close();
    other.close();
  });
});
