import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookieOf, startTestApp, type TestApp } from "../helpers/app.js";
import { freePort } from "../helpers/ports.js";

/**
 * Google sign-in (the real passport-google-oauth20 strategy) against a strict, certified OpenID Provider
 * (oidc-provider): the token only in the Authorization header at userinfo, PKCE required and verified.
 */
let t: TestApp;

beforeAll(async () => {
  const port = await freePort();
  t = await startTestApp({ oidc: "strict", env: { PORT: String(port) } });
});
afterAll(async () => {
  await t?.close();
});

/** The browser's part: our /auth/google, the provider's hops (with its own cookies), back to our callback. */
async function signIn(): Promise<{ location: string; cookie: string | undefined; preLoginCookie: string; authorizeUrl: URL }> {
  const start = await fetch(`${t.url}/auth/google`, { redirect: "manual" });
  expect(start.status).toBe(302);
  const preLoginCookie = sessionCookieOf(start);
  const authorizeUrl = new URL(start.headers.get("location")!);
  const jar = new Map<string, string>();
  let next = authorizeUrl;
  for (let hop = 0; hop < 10 && next.origin === t.strictOidc!.issuerUrl; hop++) {
    const res = await fetch(next, {
      redirect: "manual",
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    expect([302, 303]).toContain(res.status);
    next = new URL(res.headers.get("location")!, next);
  }
  expect(`${next.origin}${next.pathname}`).toBe(`${t.url}/auth/google/callback`);
  const back = await fetch(next, { headers: { cookie: preLoginCookie }, redirect: "manual" });
  expect(back.status).toBe(302);
  const cookie = back.headers.getSetCookie().find((c) => c.startsWith("yonca.sid="))?.split(";")[0];
  return { location: back.headers.get("location")!, cookie, preLoginCookie, authorizeUrl };
}

async function me(cookie: string | undefined) {
  return fetch(`${t.url}/api/me`, { headers: cookie ? { cookie } : {} });
}

describe("sign-in against a strict OpenID provider", () => {
  it("signs in: PKCE S256 accepted by the provider, userinfo called with a bearer header and no token in the URL", async () => {
    t.strictOidc!.next = { sub: "strict-100", email: "Strict.Farmer@Example.AZ", name: "Aygün Həsənova", email_verified: true };
    t.strictOidc!.requests.length = 0;
    const { location, cookie, authorizeUrl } = await signIn();
    expect(authorizeUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(location).toBe("/");
    const res = await me(cookie);
    expect(res.status).toBe(200);
    expect((await res.json()).user).toMatchObject({ email: "strict.farmer@example.az", name: "Aygün Həsənova" });
    const userinfo = t.strictOidc!.requests.filter((r) => r.path === "/userinfo");
    expect(userinfo).toEqual([{ path: "/userinfo", tokenInQuery: false, bearer: true }]);
    const [row] = await t.app.database.sql`SELECT google_sub FROM users WHERE email = 'strict.farmer@example.az'`;
    expect(row!.google_sub).toBe("strict-100");
  });

  for (const [label, verified] of [["false", false], ["missing", undefined], ["0", 0], ['"false"', "false"]] as const) {
    it(`refuses email_verified ${label}: no session, no user`, async () => {
      const email = `unverified.${label.replaceAll('"', "")}@example.az`;
      t.strictOidc!.next = { sub: `strict-unverified-${label}`, email, name: "X", email_verified: verified };
      const { location, cookie, preLoginCookie } = await signIn();
      expect(location).toBe("/?error=sign_in_failed");
      expect(cookie === undefined || (await me(cookie)).status === 401).toBe(true);
      expect((await me(preLoginCookie)).status).toBe(401);
      expect(await t.app.database.sql`SELECT 1 FROM users WHERE email = ${email}`).toHaveLength(0);
    });
  }
});

describe("sign-in against the mock provider refuses unverified emails too", () => {
  let m: TestApp;
  beforeAll(async () => {
    m = await startTestApp();
  });
  afterAll(async () => {
    await m?.close();
  });

  for (const [label, verified] of [["missing", undefined], ["0", 0]] as const) {
    it(`email_verified ${label} → refused`, async () => {
      const email = `mock.unverified.${label}@example.az`;
      m.oidc!.next = { sub: `mock-${label}`, email, email_verified: verified as unknown as boolean };
      const start = await fetch(`${m.url}/auth/google`, { redirect: "manual" });
      const preLoginCookie = sessionCookieOf(start);
      const atProvider = await fetch(start.headers.get("location")!, { redirect: "manual" });
      const back = await fetch(atProvider.headers.get("location")!, { headers: { cookie: preLoginCookie }, redirect: "manual" });
      expect(back.headers.get("location")).toBe("/?error=sign_in_failed");
      expect(await m.app.database.sql`SELECT 1 FROM users WHERE email = ${email}`).toHaveLength(0);
    });
  }
});
