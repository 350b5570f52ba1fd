import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devLogin, once, readySocket, startTestApp, type ClientSocket, type TestApp } from "../helpers/app.js";

/**
 * One per-user budget (CHAT_RATE_LIMIT_PER_MIN) for every model run started —
 * chat:send, chat:regenerate, chat:edit — counted on runs started (model_run_starts), not on messages a
 * farmer can delete.
 */
let t: TestApp;
const sockets: ClientSocket[] = [];
const LIMIT = 4;

beforeAll(async () => {
  t = await startTestApp({ oidc: false, env: { CHAT_RATE_LIMIT_PER_MIN: String(LIMIT), LOG_LEVEL: "warn" } });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
});

async function tab(email: string) {
  const r = await readySocket(t.url, await devLogin(t.url, email));
  sockets.push(r.socket);
  return r.socket;
}

/** The ack's code ("OK" or the error's), after the reply (when one started) has finished. */
async function ask(socket: ClientSocket, conversationId: string): Promise<{ code: string; answerId?: string }> {
  const sent = await socket.emitWithAck("chat:send", { conversationId, text: "Pambığı nə vaxt suvarım?", clientMessageId: randomUUID() });
  if (sent.status !== "OK") return { code: sent.error.code };
  const done = await once(socket, "chat:done", (p) => p.runId === sent.data.runId, 30_000);
  return { code: "OK", answerId: done.message.id };
}

describe("the model-run budget", () => {
  it("is not given back by deleting conversations", async () => {
    const socket = await tab("deleter@example.az");
    const codes: string[] = [];
    for (let round = 0; round < LIMIT + 2; round++) {
      const fresh = await socket.emitWithAck("conversation:new", {});
      if (fresh.status !== "OK") throw new Error("conversation:new failed");
      const id = fresh.data.conversation.id;
      codes.push((await ask(socket, id)).code);
      // Deleting the conversation takes its messages and runs away, but not the runs' place in the budget.
      await socket.emitWithAck("conversation:delete", { conversationId: id });
    }
    expect(codes).toEqual([...Array(LIMIT).fill("OK"), "rate_limited", "rate_limited"]);
  });

  it("counts chat:send, chat:regenerate and chat:edit together", async () => {
    const socket = await tab("mixer@example.az");
    const fresh = await socket.emitWithAck("conversation:new", {});
    if (fresh.status !== "OK") throw new Error("conversation:new failed");
    const id = fresh.data.conversation.id;
    const first = await ask(socket, id);
    expect(first.code).toBe("OK");
    let answerId = first.answerId!;
    // Two regenerates: runs 2 and 3.
    for (let i = 0; i < 2; i++) {
      const res = await socket.emitWithAck("chat:regenerate", { messageId: answerId });
      if (res.status !== "OK") throw new Error(`chat:regenerate ${res.error.code}`);
      answerId = (await once(socket, "chat:done", (p) => p.runId === res.data.runId, 30_000)).message.id;
    }
    // Run 4: a send.
    const fourth = await ask(socket, id);
    expect(fourth.code).toBe("OK");
    answerId = fourth.answerId!;
    // The budget is spent: a send, a regenerate and an edit are all refused.
    expect((await ask(socket, id)).code).toBe("rate_limited");
    const regen = await socket.emitWithAck("chat:regenerate", { messageId: answerId });
    expect(regen.status === "ERROR" && regen.error.code).toBe("rate_limited");
    const messages = await t.app.database.sql<{ id: string }[]>`
      SELECT id FROM messages WHERE conversation_id = ${id} AND role = 'user' AND replaced_by IS NULL ORDER BY created_at DESC LIMIT 1`;
    const edit = await socket.emitWithAck("chat:edit", { messageId: messages[0]!.id, text: "Buğdanı nə vaxt suvarım?" });
    expect(edit.status === "ERROR" && edit.error.code).toBe("rate_limited");
  });

  it("is per user: another farmer is not affected", async () => {
    const socket = await tab("calm.neighbour@example.az");
    const fresh = await socket.emitWithAck("conversation:new", {});
    if (fresh.status !== "OK") throw new Error("conversation:new failed");
    expect((await ask(socket, fresh.data.conversation.id)).code).toBe("OK");
  });
});
