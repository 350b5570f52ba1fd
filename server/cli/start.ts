import path from "node:path";
import postgres from "postgres";
import { describeUrl } from "../db/index.js";
import { waitForDatabase } from "../db/wait.js";
import { buildWebIfStale } from "./build-web.js";
import { loadConfigOrExit } from "./common.js";

/** `npm start`: build the web app if needed, start PostgreSQL and the server, stop cleanly on Ctrl-C / SIGTERM. */
const config = loadConfigOrExit();
const say = (line: string) => process.stdout.write(`${line}\n`);

/** An unreachable DATABASE_URL is reported in seconds, before the app's heavier modules load. */
async function probeDatabase(url: string): Promise<void> {
  // backoff 0: postgres.js otherwise waits longer before each reconnect, and the probe reconnects every try
  const probe = postgres(url, { max: 1, connect_timeout: 3, backoff: () => 0, onnotice: () => {} });
  try {
    await waitForDatabase(probe, describeUrl(url).description, 4000);
  } catch (error) {
    console.error(`Cannot start: ${(error as Error).message}`);
    process.exit(1);
  } finally {
    await probe.end({ timeout: 1 });
  }
}
if (config.databaseUrl) await probeDatabase(config.databaseUrl);

try {
  if (!process.env.YONCA_SKIP_WEB_BUILD) await buildWebIfStale(say);
} catch (error) {
  console.error(`Could not build the web app: ${(error as Error).message}`);
  process.exit(1);
}

const { startApp, StartupError } = await import("../main.js");
const { EmbeddedPostgresError } = await import("../db/embedded.js");
const { ConfigError } = await import("../config.js");
let app: Awaited<ReturnType<typeof startApp>>;
try {
  app = await startApp(config);
} catch (error) {
  if (error instanceof StartupError || error instanceof EmbeddedPostgresError) {
    console.error(`Cannot start: ${error.message}`);
    process.exit(1);
  }
  // A plugin's own variables are read at its setup (e.g. WEATHER_URL, server/weather/config.ts): one line too.
  if (error instanceof ConfigError) {
    console.error(`Invalid configuration: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

// The banner comes last, after every log line of the start, and stays short: where, how to sign in, the data.
const signIn = [config.google ? "Google" : "", config.devLogin ? "dev login (any email, no password)" : ""].filter(Boolean).join(" or ");
say("");
say(`  Yonca Chat is running at ${config.publicUrl}`);
say(`  Sign in:   ${signIn || `none configured (${config.devLoginReason})`}`);
// Dev login answers only requests from this machine (server/auth/routes.ts): say where the server listens.
if (config.devLogin) say(`  Listening: ${config.host}${config.host === "127.0.0.1" || config.host === "::1" ? " (this machine only, while dev login is on)" : ""}`);
say(`  Data:      ${app.target.description}${app.target.note ? ` (${app.target.note})` : ""}`);
say(`  Inspect:   ${app.target.psql}`);
if (app.sessionSecretFile) say(`  Sessions:  kept across restarts; secret in ${shortPath(app.sessionSecretFile)}`);
say("  Stop with Ctrl-C.");
say("");

/** A path as the person who typed `npm start` reads it best: relative inside this folder, absolute outside it. */
function shortPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") ? relative : file;
}

// Ctrl-C reaches this process twice (from the terminal, and relayed by npm/tsx): a second signal
// within a second is the same request; a later one forces the exit.
let stoppingSince = 0;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stoppingSince) {
      if (Date.now() - stoppingSince < 1000) return;
      say("Forced exit.");
      process.exit(1);
    }
    stoppingSince = Date.now();
    say(`\n${signal}: stopping…`);
    app.close().then(() => process.exit(0));
  });
}
