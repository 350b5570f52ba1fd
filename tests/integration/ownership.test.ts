import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devLogin, once, readySocket, signInFarmer, type ClientSocket, type TestApp, startTestApp } from "../helpers/app.js";

let t: TestApp;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  // A measured pace: B's reply is still streaming while A tries to stop it.
  t = await startTestApp({ oidc: false, env: { OFFLINE_PACE_MS: "20" } });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
});

/** A farmer with one open tab. */
const farmer = async (email: string) => (await signInFarmer(t, email, sockets)).tab();

describe("ownership before action", () => {
  it("user A cannot stop, read or learn ids of user B's reply; B's reply completes", async () => {
    const a = await farmer("owner.a@example.az");
    const b = await farmer("owner.b@example.az");
    const bConversation = b.ready.conversation.id;
    const clientMessageId = randomUUID();

    const seenByA: string[] = [];
    for (const event of ["chat:token", "chat:message", "chat:done", "chat:tool", "chat:error"] as const) {
      a.socket.on(event, (p: { runId?: string; message?: { conversationId: string } }) => {
        seenByA.push(`${event}:${p.runId ?? p.message?.conversationId}`);
      });
    }

    const firstToken = once(b.socket, "chat:token");
    const sent = await b.socket.emitWithAck("chat:send", {
      conversationId: bConversation, text: "Pambıq üçün suvarma nə vaxt?", clientMessageId,
    });
    expect(sent.status).toBe("OK");
    const { runId, messageId } = (sent as { data: { runId: string; messageId: string } }).data;
    const done = once(b.socket, "chat:done", (p) => p.runId === runId, 30_000);
    await firstToken;

    // A stops B's run: not_found, and the run goes on.
    const stop = await a.socket.emitWithAck("chat:stop", { runId });
    expect(stop).toMatchObject({ status: "ERROR", error: { code: "not_found" } });

    // A replays B's clientMessageId into B's conversation: not_found, and no ids of B's in the answer.
    const replay = await a.socket.emitWithAck("chat:send", { conversationId: bConversation, text: "x", clientMessageId });
    expect(replay).toMatchObject({ status: "ERROR", error: { code: "not_found" } });
    expect(JSON.stringify(replay)).not.toContain(runId);
    expect(JSON.stringify(replay)).not.toContain(messageId);

    // A opens B's conversation: not_found.
    const open = await a.socket.emitWithAck("conversation:open", { conversationId: bConversation });
    expect(open).toMatchObject({ status: "ERROR", error: { code: "not_found" } });

    // A connecting with B's conversation id gets their own conversation, not B's.
    const aCookie = await devLogin(t.url, "owner.a@example.az");
    const aAgain = await readySocket(t.url, aCookie, { conversationId: bConversation });
    sockets.push(aAgain.socket);
    expect(aAgain.ready.conversation.id).not.toBe(bConversation);
    expect(JSON.stringify(aAgain.ready)).not.toContain(runId);

    const finished = await done;
    expect(finished.message.status).toBe("complete");
    expect(finished.message.content.length).toBeGreaterThan(0);
    expect(seenByA.filter((e) => e.includes(runId) || e.includes(bConversation))).toEqual([]);
    const [row] = await t.app.database.sql`SELECT status FROM agent_runs WHERE id = ${runId}`;
    expect(row!.status).toBe("complete");
  });

  it("B re-sending its own clientMessageId still gets its own ids back (duplicate detection, scoped to the sender)", async () => {
    const b = await farmer("owner.dup@example.az");
    const clientMessageId = randomUUID();
    const payload = { conversationId: b.ready.conversation.id, text: "Salam", clientMessageId };
    const done = once(b.socket, "chat:done", () => true, 30_000);
    const first = await b.socket.emitWithAck("chat:send", payload);
    const second = await b.socket.emitWithAck("chat:send", payload);
    expect(first.status).toBe("OK");
    expect(second).toEqual(first);
    await done;
    const rows = await t.app.database.sql`SELECT 1 FROM messages WHERE client_message_id = ${clientMessageId}`;
    expect(rows).toHaveLength(1);
  });
});
