import { rowFrom, type Bench, type Row } from "../context.js";
import { cpuSpan, memoryAfterGc, type Memory } from "../measure.js";
import type { ConversationsResult, LoadResult } from "../protocol.js";
import { bytes } from "../stats.js";
import { serverIdle } from "./connect.js";

/**
 * Idle authenticated sockets: the app process's memory after GC with no socket open, then with one
 * ready socket per user held open by the client process; the difference divided by the sockets. RSS is
 * the target's figure; heap and external (Buffers) show how much of it is JavaScript objects.
 */
export async function idleSockets(bench: Bench, emails: string[]): Promise<{ row: Row; rssPerSocket: number }> {
  await serverIdle(bench);
  const before = await memoryAfterGc();
  const span = cpuSpan();
  const result = await bench.clients.send<LoadResult>({ cmd: "open", url: bench.url, group: "idle", emails, concurrency: 100 });
  const s = span.stop();
  const open = bench.app.chat.io.of("/").sockets.size;
  const after = await memoryAfterGc();
  const per = (k: keyof Memory) => (after[k] - before[k]) / open;
  const row = rowFrom(bench, {
    id: "idleSockets",
    figure: `idle authenticated sockets (${emails.length}): opening them, connect → session:ready, c=100`,
    result,
    span: s,
    unit: "conn/s",
    extra: { openSockets: open, before, after, rssPerSocket: per("rss"), heapPerSocket: per("heapUsed"), externalPerSocket: per("external") },
  });
  row.memory = `${bytes(per("rss"))} RSS/socket (heap ${bytes(per("heapUsed"))}, external ${bytes(per("external"))}) over ${open} sockets`;
  await bench.clients.send({ cmd: "close", group: "idle" });
  return { row, rssPerSocket: per("rss") };
}

/**
 * Conversations do not pile up in the server's memory: heapUsed after GC once `first` conversations
 * exist, and again at `second`, created over a fixed set of sockets with one short reply every
 * `chatEvery` conversations.
 */
export async function conversationHeap(bench: Bench, emails: string[]): Promise<{ row: Row; growth: number; first: Memory; second: Memory }> {
  const { first: firstCount, second: secondCount, chatEvery, sockets } = bench.plan.conversations;
  await serverIdle(bench);
  const opened = await bench.clients.send<LoadResult>({ cmd: "open", url: bench.url, group: "conversations", emails: emails.slice(0, sockets), concurrency: 50 });
  if (opened.latencies.length < sockets) throw new Error(`could not open ${sockets} sockets: ${JSON.stringify(opened.errors)}`);
  try {
    const span = cpuSpan();
    const a = await bench.clients.send<ConversationsResult>({ cmd: "conversations", group: "conversations", total: firstCount, chatEvery });
    const first = await memoryAfterGc();
    const b = await bench.clients.send<ConversationsResult>({ cmd: "conversations", group: "conversations", total: secondCount - firstCount, chatEvery });
    const second = await memoryAfterGc();
    const s = span.stop();
    const result: LoadResult = {
      latencies: [...a.latencies, ...b.latencies],
      errors: Object.fromEntries(
        [...new Set([...Object.keys(a.errors), ...Object.keys(b.errors)])].map((k) => [k, (a.errors[k] ?? 0) + (b.errors[k] ?? 0)]),
      ),
      wallMs: a.wallMs + b.wallMs,
      clientCpuMs: a.clientCpuMs + b.clientCpuMs,
    };
    const growth = second.heapUsed / first.heapUsed - 1;
    const row = rowFrom(bench, {
      id: "conversations",
      figure: `conversation:new → ack, ${secondCount} conversations over ${sockets} sockets (1 reply per ${chatEvery})`,
      result,
      span: s,
      unit: "conv/s",
      extra: { first, second, heapGrowth: growth, chats: a.chats + b.chats },
    });
    row.memory = `heap ${bytes(first.heapUsed)} at ${firstCount} → ${bytes(second.heapUsed)} at ${secondCount} (${growth >= 0 ? "+" : ""}${(growth * 100).toFixed(1)} %)`;
    return { row, growth, first, second };
  } finally {
    await bench.clients.send({ cmd: "close", group: "conversations" });
  }
}
