import { randomUUID } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../server/db/embedded.js";
import { devLogin, once, readySocket, socketFor, startTestApp, type ClientSocket, type TestApp } from "../helpers/app.js";
import { freePort } from "../helpers/ports.js";
import { until } from "../helpers/until.js";

/**
 * A database that goes away and comes back: this suite runs its own embedded cluster, so that it can
 * stop and start it without touching the server other suites use.
 */
let dir: string;
let pgPort: number;
let pg: EmbeddedPostgres;
let t: TestApp;
const sockets: ClientSocket[] = [];

const readyz = async () => (await fetch(`${t.url}/readyz`)).status;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "yonca-outage-"));
  chmodSync(dir, 0o755);
  pgPort = await freePort();
  pg = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port: pgPort });
  t = await startTestApp({ db: { url: pg.url, name: "yonca", drop: async () => {} }, env: { OFFLINE_PACE_MS: "40" } });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the database goes away and comes back", () => {
  it("keeps the process up, readiness follows, clients recover, and every acknowledged message is stored once", async () => {
    const cookie = await devLogin(t.url, "outage@example.az");
    const { socket, ready } = await readySocket(t.url, cookie);
    sockets.push(socket);
    const conversationId = ready.conversation.id;
    const acked: string[] = [];

    // a reply streaming when the database stops
    const firstToken = once(socket, "chat:token");
    const inFlight = await socket.emitWithAck("chat:send", { conversationId, text: "Suvarma nə vaxt?", clientMessageId: randomUUID() });
    expect(inFlight.status).toBe("OK");
    if (inFlight.status === "OK") acked.push(inFlight.data.messageId);
    const inFlightDone = once(socket, "chat:done", (p) => inFlight.status === "OK" && p.runId === inFlight.data.runId, 60_000);
    await firstToken;

    await pg.stop();
    expect(await readyz()).toBe(503);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);

    // questions during the outage are refused, not half-stored
    const refusedId = randomUUID();
    const refused = await socket.timeout(20_000).emitWithAck("chat:send", { conversationId, text: "Bu itməlidir", clientMessageId: refusedId });
    expect(refused).toMatchObject({ status: "ERROR", error: { code: "unavailable" } });
    // a new tab cannot be provisioned: it is refused or told, never shown an unsaved persona
    const newcomer = socketFor(t.url, await devLogin(t.url, "outage@example.az").catch(() => cookie), { autoConnect: false });
    sockets.push(newcomer);
    let shownPersona = false;
    newcomer.on("session:ready", () => (shownPersona = true));
    const refusal = new Promise<string>((resolve) => {
      newcomer.once("connect_error", () => resolve("connect_error"));
      newcomer.once("session:error", (e) => resolve(e.code));
    });
    newcomer.connect();
    expect(["connect_error", "persona_unavailable"]).toContain(await refusal);
    expect(shownPersona).toBe(false);
    newcomer.close();

    pg = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port: pgPort });
    await until(async () => (await readyz().catch(() => 0)) === 200, { timeout: 30_000, interval: 100, what: "/readyz to answer 200 again" });

    // the reply that was streaming is stored once the database is back
    const done = await inFlightDone;
    expect(done.message.status).toBe("complete");

    // the same socket works again; a new connection gets its stored persona
    const after = await socket.emitWithAck("chat:send", { conversationId, text: "Yenə salam", clientMessageId: randomUUID() });
    expect(after.status).toBe("OK");
    if (after.status === "OK") acked.push(after.data.messageId);
    await once(socket, "chat:done", (p) => after.status === "OK" && p.runId === after.data.runId, 30_000);
    const again = await readySocket(t.url, cookie);
    sockets.push(again.socket);
    expect(again.ready.persona.id).toBe(ready.persona.id);

    const stored = await t.app.database.sql`SELECT id, role, status, client_message_id FROM messages WHERE conversation_id = ${conversationId}`;
    for (const id of acked) expect(stored.filter((m) => m.id === id)).toHaveLength(1);
    expect(stored.filter((m) => m.client_message_id === refusedId)).toHaveLength(0);
    expect(stored.filter((m) => m.status === "streaming")).toHaveLength(0);
    expect(stored.filter((m) => m.role === "user")).toHaveLength(2);
    expect(stored.filter((m) => m.role === "assistant")).toHaveLength(2);
    const orphans = await t.app.database.sql`
      SELECT r.id FROM agent_runs r LEFT JOIN messages m ON m.run_id = r.id WHERE m.id IS NULL OR r.status = 'running'`;
    expect(orphans).toHaveLength(0);
    const personas = await t.app.database.sql`SELECT 1 FROM alem_personas WHERE email = 'outage@example.az'`;
    expect(personas).toHaveLength(1);
  }, 120_000);
});
