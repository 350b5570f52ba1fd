/**
 * The bench's two processes talk over the fork IPC channel: the parent runs the app (so its RSS and
 * heap are the server's alone) and asks the child, which holds every client socket, to drive load.
 * Both read CLOCK_MONOTONIC (process.hrtime), which is shared by all processes of the machine, so a
 * timestamp taken in one process can be subtracted from one taken in the other.
 */
export type Command =
  /** Dev login for each email (POST /auth/dev-login); the child keeps the cookies. */
  | { cmd: "login"; url: string; emails: string[]; concurrency: number }
  /** Closed loop: `concurrency` connects in flight until `total` are done; each socket is closed once measured. */
  | { cmd: "connectLoop"; target: "app" | "bare"; url: string; emails: string[]; total: number; concurrency: number }
  /** Open loop: one connect every 1000/perSecond ms, one email each (first connect of a new user), closed once ready. */
  | { cmd: "arrivals"; url: string; emails: string[]; perSecond: number }
  /** Opens one ready socket per email and keeps it in `group`. */
  | { cmd: "open"; url: string; group: string; emails: string[]; concurrency: number }
  | { cmd: "close"; group: string }
  /**
   * `rounds` times: the first `count` sockets of the group each ask one question at once and wait for chat:done.
   * With `expected`, a reply whose streamed text (chat:token deltas joined) or stored text differs from it is an error.
   */
  | { cmd: "replies"; group: string; count: number; rounds: number; expected?: string }
  /** `total` conversation:new spread over the group's sockets; every `chatEvery`-th also gets one question. */
  | { cmd: "conversations"; group: string; total: number; chatEvery: number }
  /** Starts the OpenAI-compatible stream simulator in the client process (tests/helpers/openai-standin.ts). */
  | { cmd: "standIn"; tokens: number; paceMs: number; ttftMs: number }
  /** Opens `count` sockets to the bare relay (bare) and keeps them in `group`. */
  | { cmd: "openBare"; url: string; group: string; count: number }
  /**
   * The first `count` sockets of `group` each ask for one streamed answer at once (app: chat:send; bare:
   * relay:start) and wait for its end; every answer is compared with the simulator's.
   */
  | { cmd: "stream"; target: "app" | "bare"; group: string; count: number }
  | { cmd: "exit" };

export interface LoadResult {
  /** Milliseconds per operation (connect → ready, ack, …). */
  latencies: number[];
  errors: Record<string, number>;
  wallMs: number;
  /** CPU the client process spent during the command. */
  clientCpuMs: number;
}

export interface ArrivalResult extends LoadResult {
  /** How late the child started connects against the schedule (its own event-loop lag), ms. */
  maxScheduleLagMs: number;
}

export interface RepliesResult extends LoadResult {
  /** chat:token receipts: runId, seq, receipt time (ms on the shared monotonic clock). */
  receipts: [string, number, number][];
  /** chat:send → ack, ms. */
  acks: number[];
  /** chat:send → chat:done, ms. */
  done: number[];
  /** The stored reply's last seq for each completed reply: the tokens a client should have received. */
  finalSeqs: number[];
  /** The stored text of the first completed reply (the reference when no `expected` was given). */
  sampleText: string | null;
  /** Replies whose streamed or stored text was not `expected` (also counted in errors). */
  shortReplies: number;
  /** Model tokens in the streamed text of the completed replies (words with their whitespace, the offline model's and the simulator's unit). */
  tokensReceived: number;
}

export interface StreamResult extends LoadResult {
  /** send → ack, ms. */
  acks: number[];
  /** send → first token receipt, minus the simulator's time to first token, ms. */
  firstTokenAdded: number[];
  /** For every token: client receipt − the simulator's write of it, ms. */
  perTokenAdded: number[];
  /** Tokens the simulator wrote for these answers, and tokens that did not arrive (or arrived changed). */
  tokensExpected: number;
  tokensLost: number;
  frames: number;
  /** Answers whose text was not the simulator's (short, or changed). */
  shortReplies: number;
  /** How the first few changed answers differed (positions and the simulator's words only). */
  changedSamples: string[];
  /** Tokens that arrived more than LATE_TOKEN_MS after the simulator wrote them, by second of the level (receipt time): where the tail sits. */
  lateBySecond: Record<number, number>;
}

/** A token this much later than the simulator's write counts as late in `lateBySecond` (the per-token target at K = 500). */
export const LATE_TOKEN_MS = 50;

export interface ConversationsResult extends LoadResult {
  chats: number;
}

export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** Milliseconds on CLOCK_MONOTONIC since `base` (a bigint of nanoseconds passed from the parent). */
export function monotonicMs(base: bigint): number {
  return Number(process.hrtime.bigint() - base) / 1e6;
}
