import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import net from "node:net";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devLogin, once, readySocket, startTestApp, type ClientSocket } from "../helpers/app.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { freePort } from "../helpers/ports.js";

const root = path.resolve(import.meta.dirname, "../..");
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe("graceful shutdown", () => {
  it("on SIGTERM during five streaming replies: exits 0 within 12 s, each reply stored complete or stopped", async () => {
    const port = await freePort();
    const url = `http://localhost:${port}`;
    const child = spawn(process.execPath, ["--import", "tsx", "server/cli/start.ts"], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: db.url,
        SESSION_SECRET: "shutdown-test-secret-long-enough-to-sign",
        DEV_LOGIN: "1",
        OFFLINE_PACE_MS: "150",
        LOG_LEVEL: "warn",
        YONCA_SKIP_WEB_BUILD: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (!output.includes("Stop with Ctrl-C")) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    const sockets: ClientSocket[] = [];
    const runIds: string[] = [];
    const closing: Promise<unknown>[] = [];
    for (let i = 0; i < 5; i++) {
      const cookie = await devLogin(url, `shutdown.${i}@example.az`);
      const { socket, ready } = await readySocket(url, cookie);
      sockets.push(socket);
      closing.push(once(socket, "server:closing", () => true, 30_000));
      const firstToken = once(socket, "chat:token");
      const ack = await socket.emitWithAck("chat:send", {
        conversationId: ready.conversation.id,
        text: "Pambıq üçün suvarma nə vaxt lazımdır?",
        clientMessageId: randomUUID(),
      });
      if (ack.status !== "OK") throw new Error("send failed");
      runIds.push(ack.data.runId);
      await firstToken;
    }

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    for (const reason of await Promise.all(closing)) expect(reason).toEqual({ reason: "shutdown" });
    for (const s of sockets) s.close();

    const sql = postgres(db.url, { max: 1 });
    try {
      const rows = await sql`SELECT m.status, m.content, r.status AS run_status FROM messages m JOIN agent_runs r ON r.id = m.run_id
                              WHERE m.run_id = ANY(${runIds}::uuid[])`;
      expect(rows).toHaveLength(5);
      for (const row of rows) {
        expect(["complete", "stopped"]).toContain(row.status);
        expect(row.run_status).toBe(row.status);
        expect(row.content.length).toBeGreaterThan(0);
      }
    } finally {
      await sql.end();
    }
  }, 90_000);

  it("a client whose request is still arriving (a slow upload) does not hold the shutdown open", async () => {
    // Node's server.close() waits for every connection; socket.io's io.close() waits for that too. A request
    // whose body keeps arriving slowly kept the shutdown waiting until the client was done.
    const app = await startTestApp({ db, oidc: false });
    const port = new URL(app.url).port;
    const client = net.connect(Number(port), "127.0.0.1");
    const ended = new Promise<void>((resolve) => client.on("close", () => resolve()));
    try {
      const answered = new Promise<string>((resolve) => client.once("data", (chunk) => resolve(String(chunk))));
      client.write(`POST /healthz HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\nhalf a body`);
      // The server has the request (it answers a POST to /healthz at once) while the body is still to come.
      expect(await answered).toMatch(/^HTTP\/1\.1 404/);
      // A slow upload: a byte now and then, so the connection is never idle for the keep-alive timeout.
      const trickle = setInterval(() => client.write("."), 200);
      client.on("close", () => clearInterval(trickle));
      await app.app.close({ graceMs: 0 });
      await ended;
      expect(app.logs.some((line) => line.includes('"msg":"server stopped"'))).toBe(true);
    } finally {
      client.destroy();
      await app.close();
    }
  }, 60_000);
});
