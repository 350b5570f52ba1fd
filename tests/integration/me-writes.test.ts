import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devLogin, startTestApp, type TestApp } from "../helpers/app.js";

/**
 * GET /api/me (and every connect, which provisions the same way) writes the persona
 * row only when something changed: its last login at most once a minute. A write gives the row a new
 * version (xmin), so the row's xmin tells whether a call wrote it.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ oidc: false, env: { LOG_LEVEL: "warn" } });
});
afterAll(async () => {
  await t?.close();
});

async function version(email: string): Promise<{ xmin: string; lastLoginAt: number }> {
  const [row] = await t.app.database.sql<{ xmin: string; at: number }[]>`
    SELECT xmin::text, extract(epoch FROM last_login_at)::float8 AS at FROM alem_personas WHERE email = ${email}`;
  return { xmin: row!.xmin, lastLoginAt: row!.at };
}

describe("GET /api/me", () => {
  it("writes the persona row once a minute at most, however often it is called", async () => {
    const email = "often.me@example.az";
    const cookie = await devLogin(t.url, email);
    const me = async () => {
      const res = await fetch(`${t.url}/api/me`, { headers: { cookie } });
      expect(res.status).toBe(200);
      return res.json() as Promise<{ persona: { email: string } }>;
    };
    expect((await me()).persona.email).toBe(email);
    const first = await version(email);
    for (let i = 0; i < 20; i++) await me();
    expect(await version(email)).toEqual(first);

    // A minute later (the stored login made older), the next call records the login again.
    await t.app.database.sql`UPDATE alem_personas SET last_login_at = now() - interval '61 seconds' WHERE email = ${email}`;
    const aged = await version(email);
    await me();
    const after = await version(email);
    expect(after.xmin).not.toBe(aged.xmin);
    expect(after.lastLoginAt).toBeGreaterThan(aged.lastLoginAt);
    await me();
    expect(await version(email)).toEqual(after);
  });
});
