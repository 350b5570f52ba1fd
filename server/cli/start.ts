import { startApp, StartupError } from "../main.js";
import { EmbeddedPostgresError } from "../db/embedded.js";
import { buildWebIfStale } from "./build-web.js";
import { loadConfigOrExit } from "./common.js";

/** `npm start`: build the web app if needed, start PostgreSQL and the server, stop cleanly on Ctrl-C / SIGTERM. */
const config = loadConfigOrExit();
const say = (line: string) => process.stdout.write(`${line}\n`);

try {
  if (!process.env.YONCA_SKIP_WEB_BUILD) await buildWebIfStale(say);
} catch (error) {
  console.error(`Could not build the web app: ${(error as Error).message}`);
  process.exit(1);
}

let app: Awaited<ReturnType<typeof startApp>>;
try {
  app = await startApp(config);
} catch (error) {
  if (error instanceof StartupError || error instanceof EmbeddedPostgresError) {
    console.error(`Cannot start: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

const signIn = config.google ? "Google" : "";
const modes = [signIn, config.devLogin ? "dev login (email only, local development)" : ""].filter(Boolean).join(" + ");
say("");
say(`  Yonca Chat is running at ${config.publicUrl}`);
say(`  Sign-in:   ${modes || "none configured (set GOOGLE_CLIENT_ID/SECRET or DEV_LOGIN=1)"}`);
say(`  Database:  ${app.target.description}`);
say(`  Inspect:   ${app.target.psql}`);
say(`  Advisor:   ${config.llm.provider} model`);
say("  Stop with Ctrl-C.");
say("");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) {
      say("Forced exit.");
      process.exit(1);
    }
    stopping = true;
    say(`\n${signal}: stopping…`);
    app.close().then(() => process.exit(0));
  });
}
