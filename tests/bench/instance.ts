/**
 * App instances for the stream bench. One instance runs in the bench's process (its CPU and heap are the
 * bench's `app` figures, and `--profile` sees it); several instances behind an adapter each run in a
 * process of their own, as instances of a real deployment do, so that they do not share one event loop.
 * A child is this file run with `BENCH_INSTANCE` set: it starts the app and tells the parent its port.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../../server/config.js";
import { createLogger } from "../../server/logger.js";
import { startApp, type App } from "../../server/main.js";
import { freePort } from "../helpers/ports.js";

/** The app with the openai provider at the simulator, on the bench's database (extra env: an adapter …). */
export async function startStreamApp(databaseUrl: string, baseUrl: string, env: Record<string, string> = {}): Promise<App> {
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: "bench-secret-that-is-long-enough-to-sign-cookies",
    DEV_LOGIN: "1",
    LLM_PROVIDER: "openai",
    OPENAI_BASE_URL: baseUrl,
    OPENAI_API_KEY: "sk-bench",
    LOG_LEVEL: "warn",
    CHAT_RATE_LIMIT_PER_MIN: "1000000",
    HANDSHAKES_PER_IP_PER_MIN: "1000000",
    CHAT_MAX_SOCKETS_PER_USER: "100000",
    ...env,
  });
  return startApp(config, { logger: createLogger("warn"), host: "127.0.0.1" });
}

/** What the parent holds of an instance: where it listens, its pid (none: the bench's own process), how to stop it. */
export interface StreamInstance {
  port: number;
  pid: number | undefined;
  close(): Promise<void>;
}

interface InstanceSpec {
  databaseUrl: string;
  baseUrl: string;
  env: Record<string, string>;
}

export async function startInstance(spec: InstanceSpec, ownProcess: boolean): Promise<StreamInstance> {
  if (!ownProcess) {
    const app = await startStreamApp(spec.databaseUrl, spec.baseUrl, spec.env);
    return { port: app.port, pid: undefined, close: () => app.close({ graceMs: 0 }) };
  }
  const profileDir = process.env.BENCH_INSTANCE_PROFILE_DIR;
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    // With `--profile`: a V8 CPU profile of the instance's whole life (written when it exits).
    execArgv: ["--import", "tsx", ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [])],
    env: { ...process.env, BENCH_INSTANCE: JSON.stringify(spec) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m: { port?: number; error?: string }) => (m.port ? resolve(m.port) : reject(new Error(`instance: ${m.error}`))));
    child.once("exit", (code) => reject(new Error(`instance exited (${code}) before it listened`)));
  });
  return {
    port,
    pid: child.pid,
    async close() {
      if (child.exitCode !== null) return;
      child.send({ cmd: "close" });
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ---- the child ----
if (process.env.BENCH_INSTANCE && process.send) {
  const spec = JSON.parse(process.env.BENCH_INSTANCE) as InstanceSpec;
  startStreamApp(spec.databaseUrl, spec.baseUrl, spec.env).then(
    (app) => {
      process.on("message", (m: { cmd?: string }) => {
        if (m.cmd === "close") void app.close({ graceMs: 0 }).finally(() => process.exit(0));
      });
      process.send!({ port: app.port });
    },
    (error: unknown) => {
      process.send!({ error: error instanceof Error ? error.message : String(error) }, () => process.exit(1));
    },
  );
}
