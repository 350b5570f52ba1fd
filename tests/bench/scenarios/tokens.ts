import type { Socket } from "socket.io";
import { rowFrom, type Bench, type Row } from "../context.js";
import { cpuSpan } from "../measure.js";
import { monotonicMs, type LoadResult, type RepliesResult } from "../protocol.js";
import { summarize } from "../stats.js";
import { serverIdle } from "./connect.js";

export type TokenClock = "hook" | "onAnyOutgoing";

/**
 * Model chunk → client receipt. The emit time is taken in the app's process, on the monotonic clock the
 * client process also reads:
 *  - with the server hook (`startApp(config, { observe: { onToken } })`, see run.ts), when the model hands
 *    the chunk to emitToken, before Socket.IO is involved;
 *  - without it, by Socket.IO's own public `socket.onAnyOutgoing` on each server socket of the
 *    conversation, which the adapter calls synchronously inside emitToken's `io.to(room).emit`, after the
 *    packet is encoded and just before it is written to the engine. That misses only emitToken's
 *    bookkeeping and one JSON encoding (microseconds), never any queueing.
 * Each conversation has exactly one socket here, so a (runId, seq) is emitted once.
 */
export async function replyTokens(bench: Bench, emails: string[]): Promise<{ rows: Map<number, Row>; clock: TokenClock; expected: string }> {
  const { app, clients, plan } = bench;
  const largest = Math.max(...plan.replies.map((r) => r.concurrency));
  await serverIdle(bench);
  const opened = await clients.send<LoadResult>({ cmd: "open", url: bench.url, group: "replies", emails: emails.slice(0, largest), concurrency: 50 });
  if (opened.latencies.length < largest) throw new Error(`could not open ${largest} reply sockets: ${JSON.stringify(opened.errors)}`);

  const outgoing = new Map<string, number>();
  const listener = (event: string, payload: { runId?: string; seq?: number }) => {
    if (event === "chat:token") outgoing.set(`${payload.runId}:${payload.seq}`, monotonicMs(bench.monotonicBase));
  };
  const sockets = [...app.chat.io.of("/").sockets.values()] as Socket[];
  for (const socket of sockets) socket.onAnyOutgoing(listener);

  const rows = new Map<number, Row>();
  let clock: TokenClock = "onAnyOutgoing";
  let reference = "";
  try {
    // The same farm for every reply socket: the deterministic model then owes each of them the lone reply.
    await bench.sql`
      UPDATE alem_personas SET full_name = 'Fərid Həsənov', region = 'Sabirabad', crop_type = 'Pambıq',
             total_area_ha = 14, experience_level = 'intermediate'
       WHERE email = ANY(${emails.slice(0, largest)})`;
    const lone = await clients.send<RepliesResult>({ cmd: "replies", group: "replies", count: 1, rounds: 1 });
    if (lone.sampleText === null) throw new Error(`the lone reference reply failed: ${JSON.stringify(lone.errors)}`);
    reference = lone.sampleText;
    await clients.send({ cmd: "replies", group: "replies", count: 20, rounds: 2, expected: reference }); // warm-up of the reply path
    for (const { concurrency, rounds } of plan.replies) {
      outgoing.clear();
      bench.tokenHook.emittedAt.clear();
      const span = cpuSpan();
      const result = await clients.send<RepliesResult>({ cmd: "replies", group: "replies", count: concurrency, rounds, expected: reference });
      const s = span.stop();
      clock = bench.tokenHook.calls > 0 ? "hook" : "onAnyOutgoing";
      const emitted = clock === "hook" ? bench.tokenHook.emittedAt : outgoing;
      const samples: number[] = [];
      // A reply's first chunk waits for no earlier chunk of its own reply, only for the other replies' work.
      const firstChunks: number[] = [];
      let unmatched = 0;
      for (const [runId, seq, receivedAt] of result.receipts) {
        const at = emitted.get(`${runId}:${seq}`);
        if (at === undefined) unmatched++;
        else {
          samples.push(receivedAt - at);
          if (seq === 1) firstChunks.push(receivedAt - at);
        }
      }
      const replies = result.done.length;
      // Every completed reply's tokens must all arrive: fewer receipts than the stored seqs add up to is an error.
      const expected = result.finalSeqs.reduce((a, b) => a + b, 0);
      const missing = Math.max(0, expected - result.receipts.length);
      rows.set(
        concurrency,
        rowFrom(bench, {
          id: `tokens.c${concurrency}`,
          figure: `model chunk → client receipt, ${concurrency} concurrent replies`,
          result: {
            ...result,
            errors: {
              ...result.errors,
              ...(unmatched ? { "token without emit time": unmatched } : {}),
              ...(missing ? { "tokens missing (stored seq > received)": missing } : {}),
            },
          },
          span: s,
          samples,
          unit: "tokens/s",
          extra: {
            clock,
            replies,
            tokensPerReply: replies ? result.tokensReceived / replies : 0,
            framesPerReply: replies ? result.receipts.length / replies : 0,
            expectedChars: reference.length,
            shortReplies: result.shortReplies,
            storedSeqTotal: expected,
            firstChunkMs: summarize(firstChunks),
            sendToAckMs: summarize(result.acks),
            sendToDoneMs: summarize(result.done),
          },
        }),
      );
    }
  } finally {
    for (const socket of sockets) socket.offAnyOutgoing(listener);
    await clients.send({ cmd: "close", group: "replies" });
  }
  return { rows, clock, expected: reference };
}
