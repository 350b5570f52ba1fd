import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectError, devLogin, once, readySocket, sessionCookieOf, socketFor, startTestApp, type TestApp,
} from "../helpers/app.js";
import { freePort } from "../helpers/ports.js";

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** The browser's part of the Google round trip, with redirects followed by hand so each hop can be checked. */
async function startGoogleSignIn() {
  const start = await fetch(`${t.url}/auth/google`, { redirect: "manual" });
  expect(start.status).toBe(302);
  const authorizeUrl = new URL(start.headers.get("location")!);
  const preLoginCookie = sessionCookieOf(start);
  const atProvider = await fetch(authorizeUrl, { redirect: "manual" });
  expect(atProvider.status).toBe(302);
  const callbackUrl = new URL(atProvider.headers.get("location")!);
  return { authorizeUrl, preLoginCookie, callbackUrl };
}

async function me(cookie?: string) {
  return fetch(`${t.url}/api/me`, { headers: cookie ? { cookie } : {} });
}

describe("Google sign-in (real passport-google-oauth20 against a local OpenID provider)", () => {
  it("redirects to the provider with state, PKCE S256 and the exact callback URL", async () => {
    const { authorizeUrl } = await startGoogleSignIn();
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(t.config.google!.authorizationUrl);
    expect(authorizeUrl.searchParams.get("state")).toMatch(/.{8,}/);
    expect(authorizeUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorizeUrl.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(authorizeUrl.searchParams.get("redirect_uri")).toBe(`${t.config.publicUrl}/auth/google/callback`);
    expect(authorizeUrl.searchParams.get("scope")).toBe("openid profile email");
  });

  it("completes a real round trip: new session id, user stored with the Google sub, /api/me answers", async () => {
    t.oidc!.next = { sub: "g-100", email: "Round.Trip@Example.AZ", name: "Nigar Əliyeva" };
    const { preLoginCookie, callbackUrl } = await startGoogleSignIn();
    const back = await fetch(callbackUrl, { headers: { cookie: preLoginCookie }, redirect: "manual" });
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe("/");
    const cookie = sessionCookieOf(back);
    expect(cookie).not.toBe(preLoginCookie); // session id regenerated at login
    const res = await me(cookie);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.user).toMatchObject({ email: "round.trip@example.az", name: "Nigar Əliyeva" });
    expect(body.persona).toMatchObject({ email: "round.trip@example.az", fullName: "Nigar Əliyeva", dataSource: "synthetic" });
    const [row] = await t.app.database.sql`SELECT email, google_sub FROM users WHERE email = 'round.trip@example.az'`;
    expect(row).toEqual({ email: "round.trip@example.az", google_sub: "g-100" });
    // the pre-login session id no longer signs anybody in
    expect((await me(preLoginCookie)).status).toBe(401);
  });

  it("refuses a wrong or missing state with no session and no 500; a failed check uses the state up", async () => {
    t.oidc!.next = { sub: "g-101", email: "state.check@example.az" };
    for (const tamper of [(u: URL) => u.searchParams.set("state", "forged-state-value"), (u: URL) => u.searchParams.delete("state")]) {
      const { preLoginCookie, callbackUrl } = await startGoogleSignIn();
      const bad = new URL(callbackUrl);
      tamper(bad);
      const res = await fetch(bad, { headers: { cookie: preLoginCookie }, redirect: "manual" });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/?error=invalid_state");
      expect((await me(preLoginCookie)).status).toBe(401);
      // the stored state was spent on the failed attempt: the genuine callback no longer signs in either
      const genuine = await fetch(callbackUrl, { headers: { cookie: preLoginCookie }, redirect: "manual" });
      expect(genuine.headers.get("location")).toBe("/?error=invalid_state");
    }
    expect(await t.app.database.sql`SELECT 1 FROM users WHERE email = 'state.check@example.az'`).toHaveLength(0);
  });

  it("refuses a replayed callback", async () => {
    t.oidc!.next = { sub: "g-103", email: "replay@example.az" };
    const { preLoginCookie, callbackUrl } = await startGoogleSignIn();
    const ok = await fetch(callbackUrl, { headers: { cookie: preLoginCookie }, redirect: "manual" });
    expect(ok.headers.get("location")).toBe("/");
    const signedIn = sessionCookieOf(ok);
    for (const cookie of [preLoginCookie, signedIn]) {
      const replay = await fetch(callbackUrl, { headers: { cookie }, redirect: "manual" });
      expect(replay.status).toBe(302);
      expect(replay.headers.get("location")).toBe("/?error=invalid_state");
      expect(replay.headers.getSetCookie().some((c) => c.startsWith("yonca.sid="))).toBe(false);
    }
  });

  it("turns a provider error into a polite redirect and no session", async () => {
    const { preLoginCookie, authorizeUrl } = await startGoogleSignIn();
    const url = new URL(`${t.url}/auth/google/callback`);
    url.searchParams.set("error", "access_denied");
    url.searchParams.set("state", authorizeUrl.searchParams.get("state")!);
    const res = await fetch(url, { headers: { cookie: preLoginCookie }, redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/\?error=/);
    expect((await me(preLoginCookie)).status).toBe(401);
  });

  it("refuses an identity without an email, creating no user", async () => {
    t.oidc!.next = { sub: "g-102", email: "" };
    const { preLoginCookie, callbackUrl } = await startGoogleSignIn();
    const res = await fetch(callbackUrl, { headers: { cookie: preLoginCookie }, redirect: "manual" });
    expect(res.headers.get("location")).toBe("/?error=sign_in_failed");
    expect(await t.app.database.sql`SELECT 1 FROM users WHERE google_sub = 'g-102'`).toHaveLength(0);
  });
});

describe("dev login", () => {
  it("answers 204 with a session cookie, and normalises the email", async () => {
    const cookie = await devLogin(t.url, "  Dev.Farmer@Example.AZ ");
    const body = await (await me(cookie)).json();
    expect(body.user.email).toBe("dev.farmer@example.az");
  });

  it.each([
    ["not json", "{"],
    ["no email", JSON.stringify({})],
    ["bad email", JSON.stringify({ email: "not-an-email" })],
    ["email as a number", JSON.stringify({ email: 42 })],
    ["an array", JSON.stringify([{ email: "a@b.az" }])],
    ["a 300-character email", JSON.stringify({ email: `${"a".repeat(290)}@example.az` })],
  ])("refuses %s with 400 and no session", async (_label, body) => {
    const res = await fetch(`${t.url}/auth/dev-login`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(json.error.code).toBe("bad_request");
    expect(JSON.stringify(json)).not.toMatch(/stack|SELECT|INSERT/);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("yonca.sid="))).toBe(false);
  });

  it("refuses a body over the JSON limit with 413", async () => {
    const res = await fetch(`${t.url}/auth/dev-login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "a@b.az", name: "x".repeat(20_000) }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("too_large");
  });

  it("refuses a write from a foreign origin with 403", async () => {
    const res = await fetch(`${t.url}/auth/dev-login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ email: "evil@example.az" }),
    });
    expect(res.status).toBe(403);
    expect(await t.app.database.sql`SELECT 1 FROM users WHERE email = 'evil@example.az'`).toHaveLength(0);
  });

  it("answers 401 on /api/me without a session, and 431 for an oversized cookie without crashing", async () => {
    expect((await me()).status).toBe(401);
    expect((await me("yonca.sid=s%3Atampered.signature")).status).toBe(401);
    const huge = await fetch(`${t.url}/api/me`, { headers: { cookie: `yonca.sid=${"x".repeat(20_000)}` } });
    expect(huge.status).toBe(431);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });
});

describe("the Socket.IO handshake", () => {
  it("refuses a socket without a cookie, with a tampered cookie, or after logout", async () => {
    expect((await connectError(socketFor(t.url, undefined))).message).toBe("unauthorized");
    const cookie = await devLogin(t.url, "socket.auth@example.az");
    const tampered = cookie.slice(0, -3) + (cookie.endsWith("abc") ? "xyz" : "abc");
    expect((await connectError(socketFor(t.url, tampered))).message).toBe("unauthorized");
    const { socket } = await readySocket(t.url, cookie);
    socket.close();
    await fetch(`${t.url}/auth/logout`, { method: "POST", headers: { cookie } });
    expect((await connectError(socketFor(t.url, cookie))).message).toBe("unauthorized");
  });

  it("refuses a WebSocket upgrade and a polling handshake from a foreign Origin, even with a valid cookie", async () => {
    const cookie = await devLogin(t.url, "origin.check@example.az");
    for (const transport of ["websocket", "polling"] as const) {
      const socket = socketFor(t.url, cookie, { transports: [transport], origin: "https://evil.example" });
      const error = await connectError(socket);
      expect(error.message).not.toBe("");
      socket.close();
    }
    // the same cookie from the allowed origin connects
    const { ready, socket } = await readySocket(t.url, cookie, { origin: t.config.allowedOrigins[0] });
    expect(ready.user.email).toBe("origin.check@example.az");
    socket.close();
  });

  it("logout answers 204 and disconnects every socket of that session, and only those", async () => {
    const cookie = await devLogin(t.url, "logout@example.az");
    const otherSession = await devLogin(t.url, "logout@example.az");
    const tabs = await Promise.all([readySocket(t.url, cookie), readySocket(t.url, cookie, { transports: ["polling"] })]);
    const other = await readySocket(t.url, otherSession);
    const gone = tabs.map(({ socket }) => new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason))));
    const closing = once(tabs[0]!.socket, "server:closing");
    const res = await fetch(`${t.url}/auth/logout`, { method: "POST", headers: { cookie } });
    expect(res.status).toBe(204);
    expect(await closing).toEqual({ reason: "logout" });
    expect(await Promise.all(gone)).toEqual(["io server disconnect", "io server disconnect"]);
    expect(other.socket.connected).toBe(true);
    expect((await me(cookie)).status).toBe(401);
    expect((await me(otherSession)).status).toBe(200);
    other.socket.close();
  });
});

describe("sessions across restarts and secret rotation", () => {
  it("keeps sessions over a restart, accepts the old secret during rotation, and refuses it once removed", async () => {
    const cookie = await devLogin(t.url, "rotation@example.az");
    await t.restart();
    expect((await me(cookie)).status).toBe(200);
    await t.restart({ SESSION_SECRET: "a-brand-new-secret-for-the-rotation-test,test-secret-one-that-is-long-enough-to-sign" });
    expect((await me(cookie)).status).toBe(200);
    const fresh = await devLogin(t.url, "rotation2@example.az");
    await t.restart({ SESSION_SECRET: "a-brand-new-secret-for-the-rotation-test" });
    expect((await me(cookie)).status).toBe(401);
    expect((await me(fresh)).status).toBe(200); // signed with the new secret
    const socket = socketFor(t.url, cookie);
    expect((await connectError(socket)).message).toBe("unauthorized");
  });
});

describe("a provider that does not answer", () => {
  let hanging: Server;
  let app: TestApp;
  beforeAll(async () => {
    hanging = createServer(() => {}); // accepts and never answers
    const port = await freePort();
    await new Promise<void>((r) => hanging.listen(port, "127.0.0.1", () => r()));
    app = await startTestApp({ env: { GOOGLE_TOKEN_URL: `http://127.0.0.1:${port}/token` } });
  });
  afterAll(async () => {
    await app?.close();
    hanging.closeAllConnections();
    hanging.close();
  });

  it("answers the callback with a provider_timeout redirect, creates no session and stays up", async () => {
    const start = await fetch(`${app.url}/auth/google`, { redirect: "manual" });
    const cookie = sessionCookieOf(start);
    const atProvider = await fetch(new URL(start.headers.get("location")!), { redirect: "manual" });
    const res = await fetch(new URL(atProvider.headers.get("location")!), { headers: { cookie }, redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/?error=provider_timeout");
    expect((await fetch(`${app.url}/api/me`, { headers: { cookie } })).status).toBe(401);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  }, 20_000);
});
