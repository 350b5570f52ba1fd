import { randomUUID } from "node:crypto";
import { expect } from "vitest";
export { unzip } from "./zip.js";
import { devLogin, once, readySocket, type ClientSocket, type TestApp } from "./app.js";

/** A farmer with a conversation (question, answer, feedback), a journal entry and a proposal. */
export async function farmerWithData(app: TestApp, email: string, marker: string, sockets: ClientSocket[]) {
  const cookie = await devLogin(app.url, email, `Farmer ${marker}`);
  const { socket, ready } = await readySocket(app.url, cookie);
  sockets.push(socket);
  const conversationId = ready.conversation.id;
  const sent = await socket.emitWithAck("chat:send", { conversationId, text: `Pambıq suvarma ${marker}`, clientMessageId: randomUUID(), language: "az" } as never);
  if (sent.status !== "OK") throw new Error(JSON.stringify(sent));
  const done = await once(socket, "chat:done", (p) => p.runId === (sent.data as { runId: string }).runId);
  expect((await socket.emitWithAck("message:feedback", { messageId: done.message.id, rating: "up", comment: `fb ${marker}` } as never)).status).toBe("OK");
  const journal = await (socket as unknown as { emitWithAck(e: string, p: unknown): Promise<{ status: string }> }).emitWithAck("journal:add", { kind: "irrigation", text: `journal ${marker}`, date: "2026-05-01" });
  expect(journal.status).toBe("OK");
  const [persona] = await app.app.database.sql<{ id: string; fin_code: string; phone: string; full_name: string }[]>`
    SELECT alem_persona_id AS id, fin_code, phone, full_name FROM alem_personas WHERE email = ${email}`;
  await app.app.database.sql`INSERT INTO persona_proposals (persona_id, conversation_id, changes)
    VALUES (${persona!.id}, ${conversationId}, ${JSON.stringify({ region: { old: "Şamaxı", new: "Sabirabad" } })}::jsonb)`;
  const [user] = await app.app.database.sql<{ id: string }[]>`SELECT id FROM users WHERE email = ${email}`;
  return { cookie, socket, conversationId, persona: persona!, userId: user!.id };
}

