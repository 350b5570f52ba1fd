import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectError, devLogin, readySocket, socketFor, startTestApp, type ClientSocket, type TestApp } from "../helpers/app.js";

/**
 * A session this instance has admitted before (a refresh, another tab, a reconnect) is remembered with its
 * user, and its next connect sends the chat start with the session check (server/chat/handshake.ts). The
 * check still decides, the client's requested conversation still opens, and an ended session is refused.
 */
let t: TestApp;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  t = await startTestApp({ oidc: false, env: { LOG_LEVEL: "warn" } });
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await t?.close();
});

async function ready(cookie: string, conversationId?: string) {
  const opened = await readySocket(t.url, cookie, { conversationId });
  sockets.push(opened.socket);
  return opened;
}

/** Why a new socket with this cookie is refused. */
async function refusal(cookie: string): Promise<string> {
  const socket = socketFor(t.url, cookie, { autoConnect: false });
  sockets.push(socket);
  const refused = connectError(socket);
  socket.connect();
  return (await refused).message;
}

async function ask(socket: ClientSocket, conversationId: string, text: string) {
  const done = new Promise<void>((resolve) => socket.once("chat:done", () => resolve()));
  const ack = await socket.emitWithAck("chat:send", { conversationId, text, clientMessageId: `${conversationId}-${text.length}` });
  expect(ack.status).toBe("OK");
  await done;
}

describe("a session the instance knows", () => {
  it("opens the conversation the client asks for, with its messages, not the latest one", async () => {
    const cookie = await devLogin(t.url, "known.requested@example.az");
    const first = await ready(cookie);
    const older = first.ready.conversation.id;
    await ask(first.socket, older, "Pomidorun yarpaqları saralır");
    const created = await first.socket.emitWithAck("conversation:new", {});
    if (created.status !== "OK") throw new Error("conversation:new failed");
    const latest = created.data.conversation.id;
    await ask(first.socket, latest, "Buğdanı nə vaxt səpim?");

    const latestOpened = await ready(cookie);
    expect(latestOpened.ready.conversation.id).toBe(latest);
    const reloaded = await ready(cookie, older);
    expect(reloaded.ready.conversation.id).toBe(older);
    expect(reloaded.ready.messages.map((m) => [m.role, m.conversationId])).toEqual([["user", older], ["assistant", older]]);
    expect(reloaded.ready.messages[0]!.content).toBe("Pomidorun yarpaqları saralır");
    expect(new Set(reloaded.ready.conversations.map((c) => c.id))).toEqual(new Set([older, latest]));
  });

  it("is refused once it has ended, though its user was remembered", async () => {
    const cookie = await devLogin(t.url, "known.ended@example.az");
    const first = await ready(cookie);
    expect(first.ready.persona.email).toBe("known.ended@example.az");
    const res = await fetch(`${t.url}/auth/logout`, { method: "POST", headers: { cookie } });
    expect(res.status).toBe(204);
    expect(await refusal(cookie)).toBe("unauthorized");
  });

  it("is refused once it has expired, with no notification to forget it (the check decides, not the memory)", async () => {
    const cookie = await devLogin(t.url, "known.deleted@example.az");
    await ready(cookie);
    const sid = decodeURIComponent(cookie.split("=")[1]!).slice(2).split(".")[0]!;
    // The session expires with its triggers off (as if its time had run out): no notification tells the
    // instance to forget it, so only the check can see it.
    await t.app.database.sql.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await tx`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE sid = ${sid}`;
    });
    expect(await refusal(cookie)).toBe("unauthorized");
  });

  it("is read again from scratch after a restart, and connects as before", async () => {
    const cookie = await devLogin(t.url, "known.restart@example.az");
    const first = await ready(cookie);
    for (const socket of sockets.splice(0)) socket.close();
    await t.restart();
    const after = await ready(cookie);
    expect(after.ready.conversation.id).toBe(first.ready.conversation.id);
    expect(after.ready.persona.id).toBe(first.ready.persona.id);
  });
});
