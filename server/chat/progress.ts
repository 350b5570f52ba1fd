import type { Sql } from "postgres";
import { safeError, type Logger } from "../logger.js";
import { runsWithoutMessage, saveRepliesProgress } from "./replies.js";

/** How long a reply's progress save waits for others to go with it in one statement. */
export const PROGRESS_BATCH_MS = 200;
/** At most this many replies per statement (a statement carries each reply's whole text so far). */
export const PROGRESS_BATCH_ROWS = 200;

/**
 * The progress saves of the replies streaming on this instance (server/chat/runs.ts asks for one every 2 s
 * per reply, so a crash loses little), written together: one UPDATE per PROGRESS_BATCH_MS for all the replies
 * that asked meanwhile, instead of one statement, one round trip and one socket write per reply. At 500
 * replies that is about 5 statements a second instead of 250.
 *
 * A save that fails is dropped, as a single save was: the next one (2 s later) or the reply's end stores
 * the text, and a reply's end never waits for a save.
 */
export class ProgressSaves {
  private readonly waiting = new Map<string, { runId: string; content: string; seq: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      sql: Sql;
      logger: Logger;
      batchMs?: number;
      batchRows?: number;
      /**
       * Replies whose message is gone (the conversation or the whole account deleted, by the app on another
       * instance or by `npm run user:delete`): the run has nothing left to write into and is stopped.
       */
      onGone?: (runIds: string[]) => void;
    },
  ) {}

  /** Asks for a reply's text so far to be saved; a later ask for the same reply replaces an unsaved one. */
  save(runId: string, content: string, seq: number): void {
    this.waiting.set(runId, { runId, content, seq });
    this.timer ??= setTimeout(() => void this.flush(), this.deps.batchMs ?? PROGRESS_BATCH_MS).unref();
  }

  /** A reply that ended stores its own end (finishReply): an unsaved progress save of it is not needed. */
  forget(runId: string): void {
    this.waiting.delete(runId);
  }

  /** Writes what waits now (the timer calls it; tests too). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const saves = [...this.waiting.values()];
    this.waiting.clear();
    const size = this.deps.batchRows ?? PROGRESS_BATCH_ROWS;
    const batches: Promise<unknown>[] = [];
    for (let i = 0; i < saves.length; i += size) {
      const batch = saves.slice(i, i + size);
      batches.push(
        saveRepliesProgress(this.deps.sql, batch)
          .then(async (updated) => {
            // Fewer rows than saves (rare): a reply that ended meanwhile, or one whose message was deleted.
            if (updated < batch.length && this.deps.onGone) {
              const gone = await runsWithoutMessage(this.deps.sql, batch.map((s) => s.runId));
              if (gone.length) this.deps.onGone(gone);
            }
          })
          .catch((error) =>
            this.deps.logger.warn({ err: safeError(error), replies: batch.length }, "progress save failed (the next save or the reply's end stores the text)"),
          ),
      );
    }
    await Promise.all(batches);
  }
}
