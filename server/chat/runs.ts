import type { Database } from "../db/client.js";
import { providerErrorFacts, safeError, type Logger } from "../logger.js";
import type { ChatMessage } from "./events.js";
import { rooms } from "./events.js";
import type { ChatPlugin, ChatServer, ReplyContext, ReplyResult } from "./plugins.js";

/** What starts a reply: the plugin's context without the parts the core supplies. */
type ReplyRequest = Omit<ReplyContext, "signal" | "emitToken" | "emitTool">;
import { ProgressSaves } from "./progress.js";
import { finishReply, runsWithoutMessage } from "./replies.js";

interface ActiveRun {
  runId: string;
  conversationId: string;
  /** The text of every frame sent so far (what `seq` counts); a reloaded page gets exactly this. */
  content: string;
  seq: number;
  /** Text the model produced that waits for the next frame. */
  pending: string;
  lastFrameAt: number;
  frameTimer: NodeJS.Timeout | undefined;
  controller: AbortController;
  stopRequested: boolean;
  done: Promise<void>;
}

const PROGRESS_SAVE_MS = 2000;
/**
 * Tokens that arrive faster than this are sent together in one chat:token frame: a frame per token
 * costs a WebSocket write and a client render each, and nobody reads faster than ~40 frames/s.
 */
export const TOKEN_FRAME_MS = 25;

/**
 * The replies this instance is streaming. A reply belongs to its conversation, not to a socket: it
 * runs to its end when the browser goes away, and a page that comes back gets the text so far plus
 * every later token (seq makes gaps and repeats detectable).
 */
export class ReplyRuns {
  private readonly active = new Map<string, ActiveRun>();
  private readonly log: Logger;
  /** The running replies' progress saves, written together (./progress.ts). */
  private readonly saves: ProgressSaves;
  /** False once shutdown began: new questions are refused (`unavailable`) instead of started. */
  accepting = true;

  constructor(
    private readonly deps: {
      io: ChatServer;
      database: Database;
      logger: Logger;
      advisor: ChatPlugin | undefined;
      /** Plugins observing messages (server/chat/plugin-host.ts); called with each finished answer. */
      observe?: (ctx: { user: ReplyRequest["user"]; conversationId: string; message: ChatMessage }) => void;
    },
  ) {
    this.log = deps.logger.child({ module: "runs" });
    this.saves = new ProgressSaves({
      sql: deps.database.sql,
      logger: this.log,
      onGone: (runIds) => {
        for (const runId of runIds) if (this.stop(runId)) this.log.info({ runId }, "reply stopped: its message was deleted");
      },
    });
  }

  get size(): number {
    return this.active.size;
  }

  snapshot(runId: string): { content: string; seq: number } | undefined {
    const run = this.active.get(runId);
    return run && { content: run.content, seq: run.seq };
  }

  /** Stops a run of this instance; false when it does not run here. */
  stop(runId: string): boolean {
    const run = this.active.get(runId);
    if (!run) return false;
    run.stopRequested = true;
    run.controller.abort();
    return true;
  }

  /**
   * Stops this instance's replies whose message is gone (their conversation or account deleted elsewhere,
   * e.g. by `npm run user:delete`): called when sessions end, since an account's deletion ends its sessions.
   */
  async stopOrphaned(): Promise<void> {
    if (this.active.size === 0) return;
    for (const runId of await runsWithoutMessage(this.deps.database.sql, [...this.active.keys()])) {
      if (this.stop(runId)) this.log.info({ runId }, "reply stopped: its message was deleted");
    }
  }

  /** Resolves when a run of this instance has stored its end (at most `timeoutMs`); at once when it does not run here. */
  async settled(runId: string, timeoutMs: number): Promise<void> {
    const run = this.active.get(runId);
    if (!run) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([run.done, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  start(input: ReplyRequest): void {
    const run: ActiveRun = {
      runId: input.runId,
      conversationId: input.conversationId,
      content: "",
      seq: 0,
      pending: "",
      lastFrameAt: -Infinity,
      frameTimer: undefined,
      controller: new AbortController(),
      stopRequested: false,
      done: Promise.resolve(),
    };
    this.active.set(run.runId, run);
    run.done = this.execute(run, input).finally(() => this.active.delete(run.runId));
  }

  /** Sends the waiting text as one frame: seq counts frames, so it stays gap-free. */
  private flush(run: ActiveRun): void {
    clearTimeout(run.frameTimer);
    run.frameTimer = undefined;
    if (run.pending === "") return;
    const delta = run.pending;
    run.pending = "";
    run.seq += 1;
    run.content += delta;
    run.lastFrameAt = performance.now();
    this.deps.io
      .to(rooms.conversation(run.conversationId))
      .emit("chat:token", { runId: run.runId, conversationId: run.conversationId, seq: run.seq, delta });
  }

  /** A token goes out at once when the last frame is older than TOKEN_FRAME_MS, else with the next frame. */
  private queueToken(run: ActiveRun, delta: string): void {
    run.pending += delta;
    if (run.frameTimer) return;
    const wait = run.lastFrameAt + TOKEN_FRAME_MS - performance.now();
    if (wait <= 0) this.flush(run);
    else run.frameTimer = setTimeout(() => this.flush(run), wait);
  }

  private async execute(
    run: ActiveRun,
    input: ReplyRequest,
  ): Promise<void> {
    const { io, advisor } = this.deps;
    const room = rooms.conversation(run.conversationId);
    // The run's ids go with each of its few lines, not in a child logger per run: pino redacts a child's
    // bindings when it makes one, which cost more than the run's lines together in a burst of questions.
    const ids = { runId: run.runId, traceId: input.traceId };
    const startedAt = performance.now();
    let firstTokenMs: number | null = null;
    let savedSeq = 0;
    const save = () => {
      if (run.seq === savedSeq) return;
      savedSeq = run.seq;
      this.saves.save(run.runId, run.content, run.seq);
    };
    // Replies that began together (a burst of questions) would all save in the same instant, every 2 s: each
    // run's first save comes at a point of its own within the first interval, then one every PROGRESS_SAVE_MS.
    let progress = setTimeout(() => {
      save();
      progress = setInterval(save, PROGRESS_SAVE_MS).unref();
    }, Math.random() * PROGRESS_SAVE_MS).unref();

    let status: "complete" | "stopped" | "error" = "complete";
    let errorCode: string | null = null;
    let result: ReplyResult = {
      inputTokens: null,
      outputTokens: null,
    };
    this.log.info({ ...ids, conversationId: run.conversationId }, "reply started");
    try {
      if (!advisor?.onMessage) throw Object.assign(new Error("no answering plugin"), { code: "no_advisor" });
      result = await advisor.onMessage({
        ...input,
        signal: run.controller.signal,
        emitToken: (delta) => {
          if (run.controller.signal.aborted || delta === "") return;
          if (firstTokenMs === null) firstTokenMs = Math.round(performance.now() - startedAt);
          this.queueToken(run, delta);
        },
        emitTool: (name, toolStatus) => {
          io.to(room).emit("chat:tool", { runId: run.runId, conversationId: run.conversationId, name, status: toolStatus });
        },
      });
    } catch (error) {
      if (run.stopRequested) status = "stopped";
      else {
        status = "error";
        errorCode = (error as { code?: string }).code ?? "model_error";
        // Kind and status only: a provider's error text can quote the farmer's question.
        this.log.warn({ ...ids, err: providerErrorFacts(error), code: errorCode }, "reply failed");
      }
    } finally {
      clearInterval(progress);
      this.saves.forget(run.runId);
      // Text produced before the end (or before a stop) is sent and stored, never left in a frame.
      this.flush(run);
    }
    if (run.stopRequested && status === "complete") status = "stopped";
    if (status === "complete" && result.text !== undefined && result.text !== run.content) {
      // Never store a shortened reply as complete: the farmer would not know, nor would the operator.
      status = "error";
      errorCode = "incomplete_reply";
      this.log.error({ ...ids, code: errorCode, produced: result.text.length, emitted: run.content.length }, "reply lost tokens");
    }

    const totalMs = Math.round(performance.now() - startedAt);
    const message = await this.persist(run, {
      status,
      errorCode,
      firstTokenMs,
      totalMs,
      annotations: status === "error" ? {} : result.annotations ?? {},
      inputTokens: result.inputTokens,
      outputTokens: result.outputTokens,
    });
    this.log.info({ ...ids, status, errorCode, firstTokenMs, totalMs, tokens: run.seq }, "reply finished");
    if (status === "error") {
      io.to(room).emit("chat:error", {
        runId: run.runId,
        conversationId: run.conversationId,
        code: errorCode === "model_timeout" ? "model_timeout" : "model_error",
        message: "The advisor could not answer this time. Please ask again.",
      });
    }
    if (message) {
      io.to(room).emit("chat:done", { runId: run.runId, message });
      this.deps.observe?.({ user: input.user, conversationId: run.conversationId, message });
    }
  }

  /** Stores the final text; retried while the database is away, so a finished reply is not lost. */
  private async persist(
    run: ActiveRun,
    facts: Omit<Parameters<typeof finishReply>[1], "runId" | "content" | "seq">,
  ): Promise<ChatMessage | null> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await finishReply(this.deps.database.sql, { runId: run.runId, content: run.content, seq: run.seq, ...facts });
      } catch (error) {
        if (attempt >= 8) {
          this.log.error({ runId: run.runId, err: safeError(error) }, "could not store a finished reply");
          return null;
        }
        await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 5000)));
      }
    }
  }

  /** For shutdown: lets running replies finish for up to `graceMs`, then stops the rest and waits for them to be stored. */
  async drain(graceMs: number): Promise<void> {
    this.accepting = false;
    const pending = [...this.active.values()];
    if (pending.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.all(pending.map((r) => r.done)), timeout]);
    clearTimeout(timer);
    for (const run of this.active.values()) this.stop(run.runId);
    await Promise.all([...this.active.values()].map((r) => r.done));
  }
}
