/**
 * Many farmers with the same farm asking the same question at the same moment, with the model at full
 * speed, each get exactly the reply a lone farmer gets (the models here are deterministic): streamed
 * (the chat:token deltas joined, seq without gap) and stored (content, status `complete`, agent_runs).
 * Once with the offline model, once through the OpenAI-compatible provider against a fast local server.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { ChatMessage } from "../../server/chat/events.js";
import { devLogin, once, readySocket, startTestApp, type ClientSocket, type TestApp } from "../helpers/app.js";
import { startOpenAiStandIn, type OpenAiStandIn } from "../helpers/openai-standin.js";

const FARMERS = 40;
const QUESTION = "Sabirabadda 14 hektar pambıq üçün suvarma, gübrə və əkin vaxtı nədir?";

let t: TestApp | undefined;
let standIn: OpenAiStandIn | undefined;
const sockets: ClientSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await t?.close();
  await standIn?.close();
  t = undefined;
  standIn = undefined;
});

interface Reply {
  runId: string;
  streamed: string;
  seqs: number[];
  done: ChatMessage;
}

async function signedInFarmers(app: TestApp, n: number, tag: string) {
  const farmers: { socket: ClientSocket; conversationId: string }[] = [];
  // Sequentially: sign-in and provisioning are not what is under test.
  for (let i = 0; i < n; i += 1) {
    const cookie = await devLogin(app.url, `${tag}-${i}@example.az`);
    const { socket, ready } = await readySocket(app.url, cookie);
    sockets.push(socket);
    farmers.push({ socket, conversationId: ready.conversation.id });
  }
  // The same farm for everyone, so the deterministic model owes everyone the same answer.
  await app.app.database.sql`
    UPDATE alem_personas SET full_name = 'Fərid Həsənov', region = 'Sabirabad', crop_type = 'Pambıq',
           total_area_ha = 14, experience_level = 'intermediate'
     WHERE email LIKE ${`${tag}-%`}`;
  return farmers;
}

/** Sends the question and collects the run's tokens until chat:done. */
async function ask(farmer: { socket: ClientSocket; conversationId: string }): Promise<Reply> {
  const tokens: { runId: string; seq: number; delta: string }[] = [];
  const onToken = (p: { runId: string; seq: number; delta: string }) => tokens.push(p);
  farmer.socket.on("chat:token", onToken);
  const done = once(farmer.socket, "chat:done", () => true, 120_000);
  const ack = await farmer.socket.emitWithAck("chat:send", {
    conversationId: farmer.conversationId,
    text: QUESTION,
    clientMessageId: randomUUID(),
  });
  if (ack.status !== "OK") throw new Error(`chat:send refused: ${ack.error.code}`);
  const { runId } = ack.data;
  const finished = await done;
  farmer.socket.off("chat:token", onToken);
  expect(finished.runId).toBe(runId);
  const mine = tokens.filter((x) => x.runId === runId);
  return { runId, streamed: mine.map((x) => x.delta).join(""), seqs: mine.map((x) => x.seq), done: finished.message };
}

async function expectSameAsLoneReply(app: TestApp, expected: string) {
  const farmers = await signedInFarmers(app, FARMERS + 1, `same-${randomUUID().slice(0, 8)}`);
  const lone = await ask(farmers[0]!);
  expect(lone.done.status).toBe("complete");
  expect(lone.streamed).toBe(expected);

  const replies = await Promise.all(farmers.slice(1).map((f) => ask(f)));
  const short = replies.filter((r) => r.streamed !== expected || r.done.content !== expected);
  expect(
    short.map((r) => `${r.runId}: streamed ${r.streamed.length}, stored ${r.done.content.length} of ${expected.length} chars, ${r.done.status}`),
  ).toEqual([]);
  for (const r of replies) {
    expect(r.seqs).toEqual(r.seqs.map((_, i) => i + 1));
    expect(r.done).toMatchObject({ status: "complete", content: expected, seq: r.seqs.length });
  }
  const runIds = replies.map((r) => r.runId);
  const stored = await app.app.database.sql<{ content: string; status: string; run_status: string; error_code: string | null }[]>`
    SELECT m.content, m.status, r.status AS run_status, r.error_code
      FROM messages m JOIN agent_runs r ON r.id = m.run_id WHERE m.run_id = ANY(${runIds}::uuid[])`;
  expect(stored).toHaveLength(FARMERS);
  for (const row of stored) expect(row).toEqual({ content: expected, status: "complete", run_status: "complete", error_code: null });
}

describe("concurrent replies at full speed are whole", () => {
  it(`offline model: ${FARMERS} farmers at once each get the lone farmer's reply, streamed and stored`, async () => {
    t = await startTestApp({ env: { OFFLINE_PACE_MS: "0", CHAT_RATE_LIMIT_PER_MIN: "100" } });
    // The lone reply first, on its own farmer: what every concurrent reply must equal.
    const [probe] = await signedInFarmers(t, 1, `lone-${randomUUID().slice(0, 8)}`);
    const lone = await ask(probe!);
    expect(lone.done.status).toBe("complete");
    expect(lone.streamed.length).toBeGreaterThan(300);
    expect(lone.done.content).toBe(lone.streamed);
    // Words that come faster than a frame interval share a chat:token frame: fewer frames than words.
    const words = lone.streamed.match(/\s*\S+\s*/g)!.length;
    expect(lone.seqs.length).toBeLessThan(words);
    await expectSameAsLoneReply(t, lone.streamed);
  }, 240_000);

  it(`openai provider, a local server streaming ~1000 tokens/s: ${FARMERS} farmers at once each get the whole answer`, async () => {
    standIn = await startOpenAiStandIn({ tokens: 300, paceMs: 0, ttftMs: 5 });
    t = await startTestApp({
      env: { LLM_PROVIDER: "openai", OPENAI_BASE_URL: standIn.baseUrl, OPENAI_API_KEY: "sk-test", CHAT_RATE_LIMIT_PER_MIN: "100" },
    });
    await expectSameAsLoneReply(t, standIn.answer);
  }, 240_000);

  it("a model stream that ends without a finish reason is stored as error incomplete_stream, with the text it had", async () => {
    standIn = await startOpenAiStandIn({ tokens: 50, paceMs: 0, ttftMs: 0, cutAfter: 20 });
    t = await startTestApp({ env: { LLM_PROVIDER: "openai", OPENAI_BASE_URL: standIn.baseUrl, OPENAI_API_KEY: "sk-test" } });
    const [farmer] = await signedInFarmers(t, 1, `cut-${randomUUID().slice(0, 8)}`);
    const error = once(farmer!.socket, "chat:error");
    const reply = await ask(farmer!);
    expect(await error).toMatchObject({ runId: reply.runId, code: "model_error" });
    const partial = standIn.answerTokens.slice(0, 20).join("");
    expect(reply.streamed).toBe(partial);
    expect(reply.done).toMatchObject({ status: "error", content: partial });
    const [run] = await t.app.database.sql`SELECT status, error_code FROM agent_runs WHERE id = ${reply.runId}`;
    expect(run).toEqual({ status: "error", error_code: "incomplete_stream" });
  }, 60_000);
});
