/**
 * DELETE /api/me and `npm run user:delete`: every row of the farmer in every table that references a
 * user is gone, persona_events keeps nothing of them, their sockets end on both instances (Redis adapter)
 * and a reply streaming for them stops; another farmer keeps everything.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisNamespaceFor } from "../../server/chat/adapter.js";
import { farmerWithData } from "../helpers/account.js";
import { once, readySocket, startTestApp, type ClientSocket, type TestApp } from "../helpers/app.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const shared = {
  SOCKET_ADAPTER: "redis",
  ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  SESSION_SECRET: "account-delete-secret-long-enough-to-sign",
  // slow enough that a reply is still streaming when the account goes
  OFFLINE_PACE_MS: "40",
  HANDSHAKES_PER_IP_PER_MIN: "100000",
  LOG_LEVEL: "info",
};
let db: TestDatabase;
let a: TestApp;
let b: TestApp;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  a = await startTestApp({ db, env: shared, oidc: false });
  b = await startTestApp({ db, env: shared, oidc: false });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  const stream = a ? `${await redisNamespaceFor(a.app.database)}:socket.io` : undefined;
  await a?.close();
  await b?.close();
  if (stream) {
    const redis = await createClient({ url: a.config.redisUrl }).connect();
    await redis.del(stream);
    await redis.close();
  }
  await db?.drop();
});

/**
 * Rows anywhere that still hold the farmer: by every foreign key chain to `users` (information_schema),
 * and, for tables with no such key (rate limits, adapters), by the user's id, persona id or email in the row's text.
 */
async function leftovers(app: TestApp, who: { userId: string; personaId: string; email: string; fin: string }): Promise<Record<string, number>> {
  const sql = app.app.database.sql;
  const found: Record<string, number> = {};
  const fks = await sql<{ table_name: string; column_name: string; foreign_table: string }[]>`
    SELECT kcu.table_name, kcu.column_name, ccu.table_name AS foreign_table
      FROM information_schema.table_constraints tc
      JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
      JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
     WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'`;
  // users.id itself, and every column that references users directly
  const direct = fks.filter((f) => f.foreign_table === "users");
  expect(direct.map((f) => f.table_name).sort()).toEqual(expect.arrayContaining(["alem_personas", "conversations", "journal_entries", "message_feedback", "sessions"]));
  const [u] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM users WHERE id = ${who.userId}`;
  if (u!.n) found.users = u!.n;
  for (const f of direct) {
    const [r] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM ${sql(f.table_name)} WHERE ${sql(f.column_name)} = ${who.userId}`;
    if (r!.n) found[`${f.table_name}.${f.column_name}`] = r!.n;
  }
  // every base table, whole rows as text: ids, email or FIN anywhere (messages, runs, events, proposals, limits…)
  const tables = await sql<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  expect(tables.length).toBeGreaterThan(10);
  for (const { table_name } of tables) {
    const [r] = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM ${sql(table_name)} t
       WHERE t::text LIKE ${`%${who.userId}%`} OR t::text LIKE ${`%${who.personaId}%`} OR t::text ILIKE ${`%${who.email}%`} OR t::text LIKE ${`%${who.fin}%`}`;
    if (r!.n) found[table_name] = r!.n;
  }
  return found;
}

const remove = (app: TestApp, cookie: string, confirm: unknown) =>
  fetch(`${app.url}/api/me`, { method: "DELETE", headers: { "content-type": "application/json", cookie, origin: app.url }, body: JSON.stringify({ confirm }) });

describe("deleting an account", () => {
  it("needs the email typed exactly; a wrong one deletes nothing", async () => {
    const f = await farmerWithData(a, "typed@example.az", "typed-marker", sockets);
    const res = await remove(a, f.cookie, "someone@example.az");
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("confirmation_mismatch");
    expect((await remove(a, f.cookie, undefined)).status).toBe(400);
    const cross = await fetch(`${a.url}/api/me`, { method: "DELETE", headers: { "content-type": "application/json", cookie: f.cookie, origin: "https://evil.example" }, body: JSON.stringify({ confirm: "typed@example.az" }) });
    expect(cross.status).toBe(403);
    const [kept] = await a.app.database.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.user_id = ${f.userId}`;
    expect(kept!.n).toBe(2);
  });

  it("removes every row of the farmer in every table, ends their sockets on both instances and stops their streaming reply", async () => {
    const email = "leaving@example.az";
    const f = await farmerWithData(a, email, "leaving-marker", sockets);
    const other = await farmerWithData(b, "staying@example.az", "staying-marker", sockets);
    const who = { userId: f.userId, personaId: f.persona.id, email, fin: f.persona.fin_code };
    // a persona change (history with the name and FIN) and a rate-limit counter keyed on the id
    expect((await fetch(`${a.url}/api/me/persona`, { method: "PATCH", headers: { "content-type": "application/json", cookie: f.cookie, origin: a.url }, body: JSON.stringify({ region: "Sabirabad" }) })).status).toBe(200);
    expect(Object.keys(await leftovers(a, who)).length).toBeGreaterThan(5);

    // one more tab on the other instance; a reply streaming on instance a
    const onB = await readySocket(b.url, f.cookie);
    sockets.push(onB.socket);
    const closedA = once(f.socket, "server:closing");
    const closedB = once(onB.socket, "server:closing");
    const disconnectedA = new Promise<string>((resolve) => f.socket.once("disconnect", resolve));
    const disconnectedB = new Promise<string>((resolve) => onB.socket.once("disconnect", resolve));
    const sent = await f.socket.emitWithAck("chat:send", { conversationId: f.conversationId, text: "Pambıq üçün suvarma qrafiki necə olmalıdır?", clientMessageId: randomUUID(), language: "az" } as never);
    expect(sent.status).toBe("OK");
    await once(f.socket, "chat:token");
    expect(a.app.chat.runs.size).toBe(1);

    // deleted through the other instance: the stop reaches instance a through the adapter
    const res = await remove(b, f.cookie, ` ${email.toUpperCase()} `);
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("yonca.sid=;"))).toBe(true);
    expect(await closedA).toEqual({ reason: "logout" });
    expect(await closedB).toEqual({ reason: "logout" });
    expect(await disconnectedA).toBe("io server disconnect");
    expect(await disconnectedB).toBe("io server disconnect");
    const runId = (sent as { data: { runId: string } }).data.runId;
    await a.app.chat.runs.settled(runId, 5000);
    expect(a.app.chat.runs.size).toBe(0);
    // stopped by the deletion, not run to its end
    expect(a.logs.some((l) => l.includes('"msg":"reply finished"') && l.includes(runId) && l.includes('"status":"stopped"'))).toBe(true);

    expect(await leftovers(a, who)).toEqual({});
    // persona_events: no row of their persona (no tombstone either), and no row that names them or holds their phone
    const events = await a.app.database.sql<{ persona_id: string; changes: unknown }[]>`SELECT persona_id, changes FROM persona_events`;
    expect(events.filter((e) => e.persona_id === f.persona.id)).toEqual([]);
    expect(events.some((e) => e.persona_id === other.persona.id)).toBe(true);
    const text = JSON.stringify(events);
    expect(text.includes(f.persona.full_name)).toBe(false);
    expect(text.includes(f.persona.phone)).toBe(false);
    // the session is over: the old cookie is signed out on both instances
    expect((await fetch(`${a.url}/api/me`, { headers: { cookie: f.cookie } })).status).toBe(401);
    expect((await fetch(`${b.url}/api/me`, { headers: { cookie: f.cookie } })).status).toBe(401);
    // the other farmer keeps everything
    const [kept] = await a.app.database.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.user_id = ${other.userId}`;
    expect(kept!.n).toBe(2);
    expect((await fetch(`${b.url}/api/me`, { headers: { cookie: other.cookie } })).status).toBe(200);
  });

  it("npm run user:delete -- <email>: asks first (nothing deleted without yes), then deletes everything; their socket closes and their streaming reply stops", async () => {
    const email = "by.letter@example.az";
    const f = await farmerWithData(a, email, "letter-marker", sockets);
    const who = { userId: f.userId, personaId: f.persona.id, email, fin: f.persona.fin_code };
    const env = { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: "warn" };
    const cli = ["--import", "tsx", path.join(root, "server/cli/user-delete.ts")];

    const refused = execFile(process.execPath, [...cli, email], { cwd: root, env });
    refused.stdin!.end("no\n");
    expect(await new Promise<number | null>((resolve) => refused.on("exit", resolve))).toBe(1);
    expect(Object.keys(await leftovers(a, who)).length).toBeGreaterThan(5);
    const missing = await run(process.execPath, [...cli, "nobody@example.az", "--yes"], { cwd: root, env }).catch((e: { code: number; stderr: string }) => e);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining("No account with the email nobody@example.az") });

    // asked; while it waits for the answer, a reply starts streaming for the farmer
    const asked = execFile(process.execPath, [...cli, email], { cwd: root, env });
    let out = "";
    await new Promise<void>((resolve) => asked.stdout!.on("data", (c) => ((out += c), out.includes('Type "yes"') && resolve())));
    const sent = await f.socket.emitWithAck("chat:send", { conversationId: f.conversationId, text: "Pambıq üçün suvarma qrafiki necə olmalıdır?", clientMessageId: randomUUID(), language: "az" } as never);
    expect(sent.status).toBe("OK");
    const runId = (sent as { data: { runId: string } }).data.runId;
    await once(f.socket, "chat:token");
    const closed = new Promise<void>((resolve) => f.socket.once("disconnect", () => resolve()));
    asked.stdin!.end("yes\n");
    expect(await new Promise<number | null>((resolve) => asked.on("exit", resolve))).toBe(0);
    expect(out).toContain(`Deleted the account ${email}`);
    expect(await leftovers(a, who)).toEqual({});
    // its sessions ended in SQL: the open socket is closed by its instance
    await closed;
    // the instance notices at the reply's next progress save that its message is gone, and stops it
    await a.app.chat.runs.settled(runId, 10_000);
    expect(a.logs.some((l) => l.includes('"msg":"reply stopped: its message was deleted"') && l.includes(runId))).toBe(true);
  });
});
