/**
 * The client process of the bench (forked by run.ts): every socket.io-client socket lives here, so the
 * server's memory is measured without them and client work runs on its own core. It answers the
 * parent's commands (protocol.ts) one at a time.
 */
import { randomUUID } from "node:crypto";
import { io as connectBare, type Socket } from "socket.io-client";
import type { SessionReady } from "../../server/chat/events.js";
import { devLogin, once, socketFor, type ClientSocket } from "../helpers/app.js";
import { startOpenAiStandIn, type OpenAiStandIn } from "../helpers/openai-standin.js";
import {
  LATE_TOKEN_MS, monotonicMs, type ArrivalResult, type Command, type ConversationsResult, type LoadResult, type RepliesResult, type Reply,
  type StreamResult,
} from "./protocol.js";

const base = BigInt(process.env.BENCH_MONOTONIC_BASE ?? "0");
const now = () => monotonicMs(base);
const TIMEOUT_MS = 15_000;

const cookies = new Map<string, string>();
let standIn: { server: OpenAiStandIn; ttftMs: number } | undefined;
const bareGroups = new Map<string, Socket[]>();
let streamTag = 0;
const TOKEN = /\s*\S+\s*/g;
const groups = new Map<string, { socket: ClientSocket; ready: SessionReady }[]>();

/** How a streamed or stored reply differs from the expected one, for the bench's notes (no user text: the simulator's words). */
function describeChange(expected: string, streamed: string, stored: string, frames: number): string {
  const where = (text: string) => {
    if (text === expected) return "same";
    let i = 0;
    while (i < text.length && i < expected.length && text[i] === expected[i]) i++;
    return `${text.length} of ${expected.length} chars, first difference at ${i}: expected ${JSON.stringify(expected.slice(i, i + 24))}, got ${JSON.stringify(text.slice(i, i + 24))}`;
  };
  return `streamed (${frames} frames): ${where(streamed)}; stored: ${where(stored)}`;
}

/** Runs `fn` over `items` with at most `concurrency` in flight. */
async function pool<T>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

function countError(errors: Record<string, number>, error: unknown) {
  const key = error instanceof Error ? error.message : String(error);
  errors[key] = (errors[key] ?? 0) + 1;
}

/** Connects with the user's cookie; resolves on session:ready, rejects on a refusal, session:error or timeout. */
async function connectReady(url: string, email: string): Promise<{ socket: ClientSocket; ready: SessionReady }> {
  const cookie = cookies.get(email);
  if (!cookie) throw new Error("not signed in");
  const socket = socketFor(url, cookie, { autoConnect: false });
  try {
    const ready = await new Promise<SessionReady>((resolve, reject) => {
      once(socket, "session:ready", () => true, TIMEOUT_MS).then(resolve, reject);
      socket.once("session:error", (e) => reject(new Error(`session:error ${e.code}`)));
      socket.once("connect_error", (e) => reject(new Error(`connect_error ${e.message}`)));
      socket.connect();
    });
    return { socket, ready };
  } catch (error) {
    socket.disconnect();
    throw error;
  }
}

/** The baseline: a plain Socket.IO server that emits `hello` on connection. */
function connectBareServer(url: string): Promise<Socket> {
  const socket = connectBare(url, { transports: ["websocket"], forceNew: true, reconnection: false, autoConnect: false });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), TIMEOUT_MS);
    socket.once("hello", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("connect_error", (e) => {
      clearTimeout(timer);
      reject(new Error(`connect_error ${e.message}`));
    });
    socket.connect();
  });
}

async function measured<R extends LoadResult>(run: (r: LoadResult) => Promise<Omit<R, keyof LoadResult> | void>): Promise<R> {
  const cpu = process.cpuUsage();
  const started = now();
  const result: LoadResult = { latencies: [], errors: {}, wallMs: 0, clientCpuMs: 0 };
  const extra = await run(result);
  const used = process.cpuUsage(cpu);
  return { ...result, ...extra, wallMs: now() - started, clientCpuMs: (used.user + used.system) / 1000 } as R;
}

const handlers = {
  async login(c: Extract<Command, { cmd: "login" }>) {
    return measured(async (r) => {
      await pool(c.emails, c.concurrency, async (email) => {
        const t0 = now();
        try {
          cookies.set(email, await devLogin(c.url, email));
          r.latencies.push(now() - t0);
        } catch (error) {
          countError(r.errors, error);
        }
      });
    });
  },

  async connectLoop(c: Extract<Command, { cmd: "connectLoop" }>) {
    const jobs = Array.from({ length: c.total }, (_, i) => c.emails[i % c.emails.length]!);
    return measured(async (r) => {
      await pool(jobs, c.concurrency, async (email) => {
        const t0 = now();
        try {
          const socket = c.target === "bare" ? await connectBareServer(c.url) : (await connectReady(c.url, email)).socket;
          r.latencies.push(now() - t0);
          socket.disconnect();
        } catch (error) {
          countError(r.errors, error);
        }
      });
    });
  },

  async arrivals(c: Extract<Command, { cmd: "arrivals" }>): Promise<ArrivalResult> {
    return measured<ArrivalResult>(async (r) => {
      const interval = 1000 / c.perSecond;
      const start = now();
      const inFlight: Promise<void>[] = [];
      let maxScheduleLagMs = 0;
      let i = 0;
      // One timer per batch of due arrivals: when this process falls behind, it catches up at once
      // instead of drifting, and the lag is reported so a slow client is not mistaken for a slow server.
      while (i < c.emails.length) {
        const due = start + i * interval;
        const wait = due - now();
        if (wait > 0) await new Promise((res) => setTimeout(res, wait));
        for (; i < c.emails.length && start + i * interval <= now(); i++) {
          maxScheduleLagMs = Math.max(maxScheduleLagMs, now() - (start + i * interval));
          const email = c.emails[i]!;
          const t0 = now();
          inFlight.push(
            connectReady(c.url, email).then(
              ({ socket }) => {
                r.latencies.push(now() - t0);
                socket.disconnect();
              },
              (error) => countError(r.errors, error),
            ),
          );
        }
      }
      await Promise.all(inFlight);
      return { maxScheduleLagMs };
    });
  },

  async open(c: Extract<Command, { cmd: "open" }>) {
    const held = groups.get(c.group) ?? [];
    groups.set(c.group, held);
    return measured(async (r) => {
      await pool(c.emails, c.concurrency, async (email) => {
        const t0 = now();
        try {
          held.push(await connectReady(c.url, email));
          r.latencies.push(now() - t0);
        } catch (error) {
          countError(r.errors, error);
        }
      });
    });
  },

  async close(c: Extract<Command, { cmd: "close" }>) {
    return measured(async () => {
      for (const { socket } of groups.get(c.group) ?? []) socket.disconnect();
      groups.delete(c.group);
      for (const socket of bareGroups.get(c.group) ?? []) socket.disconnect();
      bareGroups.delete(c.group);
    });
  },

  async replies(c: Extract<Command, { cmd: "replies" }>): Promise<RepliesResult> {
    const sockets = (groups.get(c.group) ?? []).slice(0, c.count);
    const receipts: [string, number, number][] = [];
    const acks: number[] = [];
    const done: number[] = [];
    const finalSeqs: number[] = [];
    const streamed = new Map<string, string>();
    let sampleText: string | null = null;
    let shortReplies = 0;
    let tokensReceived = 0;
    // Receipt time is taken first thing in the handler: after socket.io-client parsed the packet, as an app would see it.
    const onToken = (p: { runId: string; seq: number; delta: string }) => {
      receipts.push([p.runId, p.seq, now()]);
      streamed.set(p.runId, (streamed.get(p.runId) ?? "") + p.delta);
    };
    for (const { socket } of sockets) socket.on("chat:token", onToken);
    try {
      return await measured<RepliesResult>(async (r) => {
        for (let round = 0; round < c.rounds; round++) {
          await Promise.all(
            sockets.map(async ({ socket, ready }) => {
              const conversationId = ready.conversation.id;
              const finished = once(socket, "chat:done", (p) => p.message.conversationId === conversationId, TIMEOUT_MS * 2);
              const t0 = now();
              try {
                const ack = await socket
                  .timeout(TIMEOUT_MS)
                  .emitWithAck("chat:send", { conversationId, text: "Pambıq üçün suvarma nə vaxt lazımdır?", clientMessageId: randomUUID(), language: "az" });
                if (ack.status !== "OK") throw new Error(`chat:send ${ack.error.code}`);
                acks.push(now() - t0);
                const end = await finished;
                if (end.message.status !== "complete") throw new Error(`reply ${end.message.status}`);
                done.push(now() - t0);
                finalSeqs.push(end.message.seq);
                sampleText ??= end.message.content;
                // Frames may carry several tokens (coalesced): count the model's tokens in the text instead.
                tokensReceived += streamed.get(end.runId)?.match(/\s*\S+\s*/g)?.length ?? 0;
                // A reply that is not the model's whole answer is lost data, whatever its status says.
                if (c.expected !== undefined && (end.message.content !== c.expected || streamed.get(end.runId) !== c.expected)) {
                  shortReplies++;
                  throw new Error("short reply (streamed or stored text ≠ the lone reply)");
                }
              } catch (error) {
                finished.catch(() => {});
                countError(r.errors, error);
              }
            }),
          );
        }
        return { receipts, acks, done, finalSeqs, sampleText, shortReplies, tokensReceived };
      });
    } finally {
      for (const { socket } of sockets) socket.off("chat:token", onToken);
    }
  },

  async standIn(c: Extract<Command, { cmd: "standIn" }>) {
    await standIn?.server.close();
    standIn = { server: await startOpenAiStandIn({ tokens: c.tokens, paceMs: c.paceMs, ttftMs: c.ttftMs, clock: now }), ttftMs: c.ttftMs };
    return { baseUrl: standIn.server.baseUrl, answer: standIn.server.answer };
  },

  async openBare(c: Extract<Command, { cmd: "openBare" }>) {
    const held = bareGroups.get(c.group) ?? [];
    bareGroups.set(c.group, held);
    return measured(async (r) => {
      await pool(Array.from({ length: c.count }), 50, async () => {
        try {
          held.push(await connectBareServer(c.url));
        } catch (error) {
          countError(r.errors, error);
        }
      });
    });
  },

  async stream(c: Extract<Command, { cmd: "stream" }>): Promise<StreamResult> {
    if (!standIn) throw new Error("no stream simulator: send standIn first");
    const sim = standIn;
    const answer = sim.server.answer;
    const expectedTokens = sim.server.answerTokens.length;
    const acks: number[] = [];
    const firstTokenAdded: number[] = [];
    const perTokenAdded: number[] = [];
    let tokensLost = 0;
    let frames = 0;
    let shortReplies = 0;
    const changedSamples: string[] = [];
    const lateBySecond: Record<number, number> = {};
    const levelStart = now();
    // What each reply received, accounted for once the level is over: the client's own work (a regex per
    // token, string joins) must not run while other replies still stream, or it delays their receipt.
    const finished: { tag: string; t0: number; received: [number, string][]; finalText: string }[] = [];
    const ask = async (
      tag: string,
      start: (onFrame: (delta: string) => void) => Promise<{ ack: () => void; done: Promise<string> }>,
    ) => {
      const received: [number, string][] = [];
      const t0 = now();
      const { done } = await start((delta) => received.push([now(), delta])).then((s) => {
        acks.push(now() - t0);
        return s;
      });
      finished.push({ tag, t0, received, finalText: await done });
    };
    const account = ({ tag, t0, received, finalText }: (typeof finished)[number]) => {
      frames += received.length;
      const streamed = received.map(([, d]) => d).join("");
      if (streamed !== answer || finalText !== answer) {
        shortReplies++;
        if (changedSamples.length < 3) changedSamples.push(describeChange(answer, streamed, finalText, received.length));
      }
      const writes = sim.server.writeTimes.get(tag) ?? [];
      sim.server.writeTimes.delete(tag);
      let j = 0;
      for (const [at, delta] of received) {
        for (const _ of delta.match(TOKEN) ?? []) {
          if (writes[j] !== undefined) {
            const added = at - writes[j]!;
            perTokenAdded.push(added);
            if (added > LATE_TOKEN_MS) {
              const second = Math.floor((at - levelStart) / 1000);
              lateBySecond[second] = (lateBySecond[second] ?? 0) + 1;
            }
          }
          j++;
        }
      }
      if (received[0]) firstTokenAdded.push(received[0][0] - t0 - sim.ttftMs);
      tokensLost += Math.max(0, expectedTokens - Math.min(j, (finalText.match(TOKEN) ?? []).length));
    };
    return measured<StreamResult>(async (r) => {
      const run = async (i: number) => {
        const tag = `b${++streamTag}`;
        try {
          if (c.target === "bare") {
            const socket = bareGroups.get(c.group)![i]!;
            await ask(tag, async (onFrame) => {
              const onToken = (p: { tag: string; delta: string }) => p.tag === tag && onFrame(p.delta);
              socket.on("relay:token", onToken);
              const done = new Promise<string>((resolve, reject) => {
                const timer = setTimeout(() => reject(new Error("timed out waiting for relay:done")), TIMEOUT_MS * 4);
                const onDone = (p: { tag: string; text: string }) => {
                  if (p.tag !== tag) return;
                  clearTimeout(timer);
                  socket.off("relay:done", onDone);
                  socket.off("relay:token", onToken);
                  resolve(p.text);
                };
                socket.on("relay:done", onDone);
              });
              done.catch(() => {}); // counted where it is awaited; a failed start must not leave it unhandled
              await socket.timeout(TIMEOUT_MS).emitWithAck("relay:start", { tag });
              return { ack: () => {}, done };
            });
          } else {
            const { socket, ready } = groups.get(c.group)![i]!;
            const conversationId = ready.conversation.id;
            await ask(tag, async (onFrame) => {
              const onToken = (p: { conversationId?: string; delta: string }) => p.conversationId === conversationId && onFrame(p.delta);
              socket.on("chat:token", onToken);
              const finished = once(socket, "chat:done", (p) => p.message.conversationId === conversationId, TIMEOUT_MS * 4)
                .finally(() => socket.off("chat:token", onToken));
              finished.catch(() => {}); // counted where it is awaited; a failed send must not leave it unhandled
              const ack = await socket
                .timeout(TIMEOUT_MS)
                .emitWithAck("chat:send", { conversationId, text: `Pambıq üçün suvarma? [q:${tag}]`, clientMessageId: randomUUID(), language: "az" });
              if (ack.status !== "OK") {
                finished.catch(() => {});
                throw new Error(`chat:send ${ack.error.code}`);
              }
              return {
                ack: () => {},
                done: finished.then((end) => {
                  if (end.message.status !== "complete") throw new Error(`reply ${end.message.status}`);
                  return end.message.content;
                }),
              };
            });
          }
        } catch (error) {
          tokensLost += expectedTokens;
          countError(r.errors, error);
        }
      };
      await Promise.all(Array.from({ length: c.count }, (_, i) => run(i)));
      for (const reply of finished) account(reply);
      for (const latency of perTokenAdded) r.latencies.push(latency); // a spread of 300 000 arguments overflows the stack
      return { acks, firstTokenAdded, perTokenAdded: [], tokensExpected: expectedTokens * c.count, tokensLost, frames, shortReplies, changedSamples, lateBySecond };
    });
  },

  async conversations(c: Extract<Command, { cmd: "conversations" }>): Promise<ConversationsResult> {
    const sockets = groups.get(c.group) ?? [];
    let issued = 0;
    let chats = 0;
    return measured<ConversationsResult>(async (r) => {
      await Promise.all(
        sockets.map(async ({ socket }) => {
          while (issued < c.total) {
            const n = issued++;
            const t0 = now();
            try {
              const ack = await socket.timeout(TIMEOUT_MS).emitWithAck("conversation:new", {});
              if (ack.status !== "OK") throw new Error(`conversation:new ${ack.error.code}`);
              r.latencies.push(now() - t0);
              if (n % c.chatEvery !== 0) continue;
              const conversationId = ack.data.conversation.id;
              const finished = once(socket, "chat:done", (p) => p.message.conversationId === conversationId, TIMEOUT_MS * 2);
              const sent = await socket
                .timeout(TIMEOUT_MS)
                .emitWithAck("chat:send", { conversationId, text: "Alma bağında gübrə planı?", clientMessageId: randomUUID(), language: "az" });
              if (sent.status !== "OK") {
                finished.catch(() => {});
                throw new Error(`chat:send ${sent.error.code}`);
              }
              await finished;
              chats++;
            } catch (error) {
              countError(r.errors, error);
            }
          }
        }),
      );
      return { chats };
    });
  },
};

process.on("message", async (message: { id: number; command: Command }) => {
  const { id, command } = message;
  let reply: Reply;
  try {
    if (command.cmd === "exit") {
      for (const group of groups.keys()) await handlers.close({ cmd: "close", group });
      for (const sockets of bareGroups.values()) for (const socket of sockets) socket.disconnect();
      await standIn?.server.close();
      process.send!({ id, ok: true, result: null } satisfies Reply, () => process.exit(0));
      return;
    }
    const handler = handlers[command.cmd] as (c: Command) => Promise<unknown>;
    reply = { id, ok: true, result: await handler(command) };
  } catch (error) {
    reply = { id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  process.send!(reply);
});
process.send!({ id: 0, ok: true, result: "ready" } satisfies Reply);
