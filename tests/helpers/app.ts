import { Writable } from "node:stream";
import { OAuth2Server } from "oauth2-mock-server";
import { io as connect, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents, SessionReady } from "../../server/chat/events.js";
import { loadConfig, type Config } from "../../server/config.js";
import { createLogger } from "../../server/logger.js";
import { defaultPlugins, startApp, type App } from "../../server/main.js";
import { createWeatherPlugin } from "../../server/weather/plugin.js";
import { createTestDatabase, type TestDatabase } from "./db.js";
import { freePort } from "./ports.js";
import { startStrictOpenIdProvider, type StrictOpenIdProvider } from "./strict-oidc.js";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Identity {
  sub: string;
  email: string;
  name?: string;
  email_verified?: boolean;
}

/** A local OpenID provider standing in for Google (oauth2-mock-server): it signs in whoever `next` names. */
export interface LocalOpenIdProvider {
  server: OAuth2Server;
  issuerUrl: string;
  next: Identity;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startOpenIdProvider(): Promise<LocalOpenIdProvider> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  await server.start(await freePort(), "127.0.0.1");
  const issuerUrl = server.issuer.url!.replace(/\/$/, "");
  const provider: LocalOpenIdProvider = {
    server,
    issuerUrl,
    next: { sub: "google-sub-1", email: "farmer@example.az", name: "Test Farmer", email_verified: true },
    env: {
      GOOGLE_CLIENT_ID: "yonca-test-client",
      GOOGLE_CLIENT_SECRET: "yonca-test-secret",
      GOOGLE_AUTHORIZATION_URL: `${issuerUrl}/authorize`,
      GOOGLE_TOKEN_URL: `${issuerUrl}/token`,
      GOOGLE_USERINFO_URL: `${issuerUrl}/userinfo`,
    },
    stop: () => server.stop(),
  };
  server.service.on("beforeUserinfo", (response: { body: unknown }) => {
    response.body = { email_verified: true, ...provider.next };
  });
  return provider;
}

export interface TestApp {
  url: string;
  app: App;
  config: Config;
  db: TestDatabase;
  oidc: LocalOpenIdProvider | undefined;
  /** The strict provider, when started with `oidc: "strict"` (then `oidc` is undefined). */
  strictOidc: StrictOpenIdProvider | undefined;
  /** Every log line the app wrote (JSON), for the privacy tests. */
  logs: string[];
  /** Stops the app (keeps the database) and starts it again on the same port and database. */
  restart(env?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real app on an ephemeral port against a fresh PostgreSQL database, with a local OpenID provider
 * configured as Google, dev login on and the offline model at full speed unless `env` says otherwise.
 */
export async function startTestApp(
  options: { env?: Record<string, string>; oidc?: boolean | "strict"; db?: TestDatabase; /** Instead of the app's own plugins (server/main.ts). */ plugins?: typeof defaultPlugins } = {},
): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const port = options.env?.PORT ? Number(options.env.PORT) : await freePort();
  // "strict": panva's certified oidc-provider instead of the mock (bearer-only userinfo, PKCE verified).
  const strictOidc = options.oidc === "strict"
    ? await startStrictOpenIdProvider({ redirectUri: `http://localhost:${port}/auth/google/callback` })
    : undefined;
  const oidc = options.oidc === false || strictOidc ? undefined : await startOpenIdProvider();
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  let env: Record<string, string> = {
    NODE_ENV: "test",
    PORT: String(port),
    DATABASE_URL: db.url,
    SESSION_SECRET: "test-secret-one-that-is-long-enough-to-sign",
    DEV_LOGIN: "1",
    OFFLINE_PACE_MS: "0",
    // The internet is not reachable in tests: forecasts only where a test points WEATHER_URL at a stand-in.
    WEATHER_PROVIDER: "offline",
    LOG_LEVEL: "info",
    ...(oidc?.env ?? strictOidc?.env ?? {}),
    ...options.env,
  };
  const boot = async () => {
    const config = loadConfig(env);
    // The weather plugin reads its own variables (WEATHER_*, server/weather/config.ts) from the environment:
    // the app's plugins get this test's env instead of the test process's.
    const plugins = options.plugins ?? ((deps: Parameters<typeof defaultPlugins>[0]) =>
      defaultPlugins(deps).map((plugin) => (plugin.name === "weather" ? createWeatherPlugin({ env }) : plugin)));
    return { config, app: await startApp(config, { logger: createLogger(config.logLevel, sink), host: "127.0.0.1", plugins }) };
  };
  let { config, app } = await boot();
  const handle: TestApp = {
    url: `http://localhost:${port}`,
    app,
    config,
    db,
    oidc,
    strictOidc,
    logs,
    async restart(extraEnv = {}) {
      await handle.app.close({ graceMs: 0 });
      env = { ...env, ...extraEnv };
      ({ config, app } = await boot());
      handle.app = app;
      handle.config = config;
    },
    async close() {
      await handle.app.close({ graceMs: 0 });
      await oidc?.stop();
      await strictOidc?.stop();
      if (!options.db) await db.drop();
    },
  };
  return handle;
}

/** Signs in through dev login and returns the session cookie (`name=value`). */
export async function devLogin(baseUrl: string, email: string, name?: string): Promise<string> {
  const res = await fetch(`${baseUrl}/auth/dev-login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(name ? { email, name } : { email }),
  });
  if (res.status !== 204) throw new Error(`dev login failed: ${res.status} ${await res.text()}`);
  return sessionCookieOf(res);
}

export function sessionCookieOf(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("yonca.sid="));
  if (!cookie) throw new Error("no session cookie");
  return cookie.split(";")[0]!;
}

/** A socket.io-client socket with the session cookie (not yet connected unless `autoConnect`). */
export function socketFor(
  baseUrl: string,
  cookie: string | undefined,
  options: { transports?: ("websocket" | "polling")[]; origin?: string; conversationId?: string; autoConnect?: boolean } = {},
): ClientSocket {
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (options.origin) headers.origin = options.origin;
  return connect(baseUrl, {
    path: "/socket.io",
    transports: options.transports ?? ["websocket"],
    extraHeaders: headers,
    auth: options.conversationId ? { conversationId: options.conversationId } : {},
    reconnection: false,
    forceNew: true,
    autoConnect: options.autoConnect ?? true,
  });
}

export function once<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  predicate: (...args: Parameters<ServerToClientEvents[E]>) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`timed out waiting for ${String(event)}`));
    }, timeoutMs);
    const listener = (...args: Parameters<ServerToClientEvents[E]>) => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(args[0]);
    };
    socket.on(event, listener as never);
  });
}

export function connectError(socket: ClientSocket, timeoutMs = 10_000): Promise<Error> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out waiting for connect_error")), timeoutMs);
    socket.once("connect_error", (error) => {
      clearTimeout(timer);
      resolve(error);
    });
    socket.once("connect", () => {
      clearTimeout(timer);
      reject(new Error("connected, but a refusal was expected"));
    });
  });
}

/** Connects with the cookie and waits for `session:ready`. */
export async function readySocket(
  baseUrl: string,
  cookie: string,
  options: Parameters<typeof socketFor>[2] = {},
): Promise<{ socket: ClientSocket; ready: SessionReady }> {
  const socket = socketFor(baseUrl, cookie, { ...options, autoConnect: false });
  const ready = once(socket, "session:ready");
  socket.connect();
  return { socket, ready: await ready };
}

/**
 * A farmer signed in with dev login: `tab()` opens a connected socket (as a browser tab does) and waits for
 * its `session:ready`; each tab goes into `sockets`, for the file's afterAll to close.
 */
export async function signInFarmer(t: TestApp, email: string, sockets: ClientSocket[]) {
  const cookie = await devLogin(t.url, email);
  const tab = async (options: Parameters<typeof socketFor>[2] = {}) => {
    const r = await readySocket(t.url, cookie, options);
    sockets.push(r.socket);
    return r;
  };
  return { cookie, tab };
}
