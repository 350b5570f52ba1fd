import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devLogin, startTestApp, type TestApp } from "../helpers/app.js";

describe("session lifetime", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("100 anonymous GET /auth/google: no session row outlives 10 minutes", async () => {
    const before = Date.now();
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${t.url}/auth/google`, { redirect: "manual" });
      expect(res.status).toBe(302);
      await res.arrayBuffer();
    }
    const rows = await t.app.database.sql`SELECT expires_at FROM sessions WHERE user_id IS NULL`;
    expect(rows.length).toBeGreaterThanOrEqual(100);
    for (const row of rows) {
      expect(new Date(row.expires_at as string).getTime()).toBeLessThanOrEqual(before + 10 * 60_000 + 5_000);
    }
  });

  it("a request with an anonymous session's cookie does not extend it", async () => {
    const res = await fetch(`${t.url}/auth/google`, { redirect: "manual" });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("yonca.sid="))!.split(";")[0]!;
    const sid = decodeURIComponent(cookie.split("=")[1]!).slice(2).split(".")[0]!;
    const [first] = await t.app.database.sql`SELECT expires_at FROM sessions WHERE sid = ${sid}`;
    await (await fetch(`${t.url}/api/me`, { headers: { cookie } })).arrayBuffer();
    await (await fetch(`${t.url}/auth/providers`, { headers: { cookie } })).arrayBuffer();
    const [after] = await t.app.database.sql`SELECT expires_at FROM sessions WHERE sid = ${sid}`;
    expect(new Date(after!.expires_at as string).getTime()).toBeLessThanOrEqual(new Date(first!.expires_at as string).getTime());
  });

  it("a signed-in session keeps its 14 days", async () => {
    const cookie = await devLogin(t.url, "long.lived@example.az");
    const sid = decodeURIComponent(cookie.split("=")[1]!).slice(2).split(".")[0]!;
    const [row] = await t.app.database.sql`SELECT expires_at FROM sessions WHERE sid = ${sid}`;
    expect(new Date(row!.expires_at as string).getTime()).toBeGreaterThan(Date.now() + 13 * 24 * 3600_000);
  });

  it("expired sessions are pruned", async () => {
    await t.app.database.sql`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id IS NULL`;
    const { PostgresSessionStore } = await import("../../server/auth/session-store.js");
    const store = new PostgresSessionStore(t.app.database.sql, 1000, 0);
    expect(await store.prune()).toBeGreaterThanOrEqual(100);
    expect(await t.app.database.sql`SELECT 1 FROM sessions WHERE expires_at <= now()`).toHaveLength(0);
  });
});

describe("dev login on a public address", () => {
  let t: TestApp;
  beforeAll(async () => {
    // As an operator would run it: PUBLIC_URL public, NODE_ENV and DEV_LOGIN unset, Google not configured.
    t = await startTestApp({ oidc: false, env: { PUBLIC_URL: "https://yonca.example.org", NODE_ENV: "", DEV_LOGIN: "" } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("is off: POST /auth/dev-login answers 404 and signs nobody in", async () => {
    expect(t.config.devLogin).toBe(false);
    const res = await fetch(`${t.url}/auth/dev-login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "admin@example.org" }),
    });
    expect(res.status).toBe(404);
    expect(res.headers.getSetCookie().filter((c) => c.startsWith("yonca.sid="))).toEqual([]);
    expect(await (await fetch(`${t.url}/auth/providers`)).json()).toEqual({ google: false, devLogin: false });
  });
});
