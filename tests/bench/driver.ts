import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Command, Reply } from "./protocol.js";

/** The parent's handle on the client process: `send` runs one command there and returns its result. */
export interface ClientDriver {
  send<R>(command: Command): Promise<R>;
  pid: number;
  stop(): Promise<void>;
}

export async function startClients(monotonicBase: bigint): Promise<ClientDriver> {
  const child: ChildProcess = fork(fileURLToPath(new URL("./clients.ts", import.meta.url)), [], {
    // tsx's loader for the TypeScript child; a larger heap because it holds thousands of sockets.
    execArgv: ["--import", "tsx", "--max-old-space-size=4096"],
    env: { ...process.env, BENCH_MONOTONIC_BASE: monotonicBase.toString() },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  let exited: Error | undefined;

  const started = new Promise<void>((resolve, reject) => {
    pending.set(0, { resolve: () => resolve(), reject });
  });
  child.on("message", (reply: Reply) => {
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.ok) waiter.resolve(reply.result);
    else waiter.reject(new Error(`client process: ${reply.error}`));
  });
  child.on("exit", (code, signal) => {
    exited = new Error(`client process exited (${signal ?? code})`);
    for (const waiter of pending.values()) waiter.reject(exited);
    pending.clear();
  });
  await started;

  return {
    pid: child.pid!,
    send<R>(command: Command) {
      if (exited) return Promise.reject(exited);
      const id = nextId++;
      return new Promise<R>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, command });
      });
    },
    async stop() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      const id = nextId++;
      pending.set(id, { resolve: () => {}, reject: () => {} });
      child.send({ id, command: { cmd: "exit" } satisfies Command });
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}
