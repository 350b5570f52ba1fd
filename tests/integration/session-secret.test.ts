/**
 * Without SESSION_SECRET (outside production) the secret is generated once and kept in a 0600 file:
 * a session survives a restart of the app; another file (another data folder) does not know it.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devLogin, startTestApp, type TestApp } from "../helpers/app.js";

let dir: string;
let t: TestApp;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "yonca-secret-"));
  t = await startTestApp({ oidc: false, env: { SESSION_SECRET: "", SESSION_SECRET_FILE: path.join(dir, "data", "session-secret") } });
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const me = (cookie: string) => fetch(`${t.url}/api/me`, { headers: { cookie } }).then((r) => r.status);

describe("the generated session secret", () => {
  it("is written once, owner-only, and a session survives two restarts with it", async () => {
    const file = path.join(dir, "data", "session-secret");
    expect(t.app.sessionSecretFile).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const secret = readFileSync(file, "utf8").trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const cookie = await devLogin(t.url, "kept.session@example.az");
    expect(await me(cookie)).toBe(200);

    await t.restart();
    expect(readFileSync(file, "utf8").trim()).toBe(secret);
    expect(await me(cookie)).toBe(200);
    await t.restart();
    expect(await me(cookie)).toBe(200);

    // another data folder, another secret: the cookie's signature no longer verifies
    await t.restart({ SESSION_SECRET_FILE: path.join(dir, "other", "session-secret") });
    expect(readFileSync(path.join(dir, "other", "session-secret"), "utf8").trim()).not.toBe(secret);
    expect(await me(cookie)).toBe(401);
  });

  it("is not used when SESSION_SECRET is set", async () => {
    await t.restart({ SESSION_SECRET: "an-explicit-secret-long-enough-to-sign-cookies" });
    expect(t.app.sessionSecretFile).toBeUndefined();
  });
});
