import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.js";
import { createLogger } from "../../server/logger.js";
import { startApp, type App } from "../../server/main.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { freePort } from "../helpers/ports.js";

/**
 * Dev login signs anyone in as any email, so it is for this machine only — the server
 * listens on loopback while it is on (unless HOST says otherwise) and dev login answers only requests from a
 * loopback address, also behind a proxy on this machine.
 */
const apps: App[] = [];
const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const app of apps) await app.close({ graceMs: 0 });
  for (const db of dbs) await db.drop();
});

async function boot(env: Record<string, string>): Promise<App> {
  const db = await createTestDatabase();
  dbs.push(db);
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: String(await freePort()),
    DATABASE_URL: db.url,
    SESSION_SECRET: "test-secret-one-that-is-long-enough-to-sign",
    WEATHER_PROVIDER: "offline",
    LOG_LEVEL: "silent",
    ...env,
  });
  // No `host` option: the server binds where the configuration says.
  const app = await startApp(config, { logger: createLogger("silent") });
  apps.push(app);
  return app;
}

function devLoginAs(app: App, headers: Record<string, string> = {}) {
  return fetch(`http://127.0.0.1:${app.port}/auth/dev-login`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ email: "admin@example.az" }),
  });
}

describe("dev login is for this machine only", () => {
  it("binds to 127.0.0.1 when dev login is on and HOST is unset; HOST wins; 0.0.0.0 without dev login", () => {
    const base = { NODE_ENV: "development", SESSION_SECRET: "x".repeat(40) };
    expect(loadConfig({ ...base, DEV_LOGIN: "1" }).host).toBe("127.0.0.1");
    expect(loadConfig({ ...base, DEV_LOGIN: "1", HOST: "::" }).host).toBe("::");
    expect(loadConfig({ ...base, DEV_LOGIN: "0" }).host).toBe("0.0.0.0");
  });

  it("listens on loopback while dev login is on", async () => {
    const app = await boot({ DEV_LOGIN: "1" });
    expect((app.server.address() as AddressInfo).address).toBe("127.0.0.1");
    expect((await devLoginAs(app)).status).toBe(204);
  });

  it("refuses a client forwarded by a proxy on this machine from another address, and says dev login is off to it", async () => {
    const app = await boot({ DEV_LOGIN: "1", TRUST_PROXY: "loopback" });
    const remote = { "x-forwarded-for": "203.0.113.50" };
    const res = await devLoginAs(app, remote);
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
    const providers = await (await fetch(`http://127.0.0.1:${app.port}/auth/providers`, { headers: remote })).json();
    expect(providers.devLogin).toBe(false);
    // A forwarded loopback client (the proxy's own machine) still may.
    expect((await devLoginAs(app, { "x-forwarded-for": "127.0.0.1" })).status).toBe(204);
  });
});
