/**
 * Runs share the event loop with the replies that are streaming, in turns. Starting an answer (sending
 * the first model request, LangGraph's set-up of the run) and ending one (LangGraph's end of the run, what
 * the answer is checked for) each cost a millisecond or more of CPU. When hundreds of questions arrive at
 * once, running every start as soon as its persona read returns holds the tokens of running replies, and
 * the acknowledgements of the other questions, behind work the event loop cannot interrupt; and streams
 * that began together end together.
 *
 * So a run takes turns for its stretches of CPU:
 * - "start": a new run, until its first model request is on its way;
 * - "continue": a run whose model asked for tools, until its next model request is on its way (the
 *   farmer waits for it: served first);
 * - in the background, in arrival order: "setup", LangGraph's set-up of a run whose first request already
 *   left (./graph.ts, startFirstCall: the answer streams meanwhile, nobody waits on the set-up until that
 *   model's stream ends), and "finish", the end of a run whose answer has streamed. Background turns get a
 *   slice of at most BACKGROUND_SLICE_MS every BACKGROUND_PERIOD_MS, a fifth of the loop, so a burst of them
 *   does not crowd the tokens of the replies still streaming. A set-up becomes urgent (served with the
 *   continuing runs) when its model call ended before it ran: then the run waits on it (`urgentWhen`).
 *
 * Turns follow each other at once for up to `sliceMs` of wall time; then the queue waits for the next
 * check phase of the loop, so that the I/O that arrived meanwhile (tokens, database results, acks) runs
 * before the next slice. A turn that goes to I/O without releasing holds the queue for one loop iteration
 * at most. A stopped run leaves the queue at once.
 */

/** Default wall time of one slice of turns: a few starts, well under the 25 ms frame interval. */
export const START_SLICE_MS = 8;
/** Background turns (set-ups, finishes): at most this long a slice … */
export const BACKGROUND_SLICE_MS = 4;
/** … one slice per this period. */
export const BACKGROUND_PERIOD_MS = 20;

export type ReleaseTurn = () => void;

export type TurnKind = "continue" | "start" | "setup" | "finish";

export interface StartGate {
  /**
   * Resolves when it is this run's turn, with the function that ends it (idempotent). A background turn
   * ("setup", "finish") is served with the continuing runs once `urgentWhen` settles.
   */
  turn(signal?: AbortSignal, kind?: TurnKind, urgentWhen?: Promise<unknown>): Promise<ReleaseTurn>;
  /** Runs waiting for their turn. */
  readonly waiting: number;
}

const noop: ReleaseTurn = () => {};

export function createStartGate(options: { sliceMs?: number; backgroundSliceMs?: number; backgroundPeriodMs?: number } = {}): StartGate {
  const sliceMs = options.sliceMs ?? START_SLICE_MS;
  const backgroundSliceMs = options.backgroundSliceMs ?? BACKGROUND_SLICE_MS;
  const backgroundPeriodMs = options.backgroundPeriodMs ?? BACKGROUND_PERIOD_MS;
  type Waiter = (release: ReleaseTurn) => void;
  const urgent: Waiter[] = []; // "continue", and background turns that became urgent
  const starts: Waiter[] = [];
  const background: Waiter[] = [];
  const queueOf = (kind: TurnKind) => (kind === "continue" ? urgent : kind === "start" ? starts : background);
  const waitingCount = () => urgent.length + starts.length + background.length;
  /** A turn is out (its holder has not released it yet). */
  let busy = false;
  /** A slice waits for the check phase. */
  let scheduled = false;
  let sliceStartedAt = 0;
  /** When the current background slice began, and the timer that waits for the next one. */
  let backgroundSliceStartedAt = -Infinity;
  let backgroundTimer: NodeJS.Timeout | undefined;

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      sliceStartedAt = performance.now();
      handOut();
    });
  }

  /** The next waiter: urgent turns, then starts, then a background turn when its slice allows one. */
  function next(): Waiter | undefined {
    const first = urgent.shift() ?? starts.shift();
    if (first || background.length === 0) return first;
    const now = performance.now();
    if (now - backgroundSliceStartedAt < backgroundSliceMs) return background.shift();
    const due = backgroundSliceStartedAt + backgroundPeriodMs - now;
    if (due <= 0) {
      backgroundSliceStartedAt = now;
      return background.shift();
    }
    backgroundTimer ??= setTimeout(() => {
      backgroundTimer = undefined;
      schedule();
    }, due);
    return undefined;
  }

  function handOut(): void {
    if (busy) return;
    const waiter = next();
    if (!waiter) return;
    busy = true;
    let released = false;
    const release: ReleaseTurn = () => {
      if (released) return;
      released = true;
      clearImmediate(fallback);
      busy = false;
      if (waitingCount() === 0) return;
      if (performance.now() - sliceStartedAt < sliceMs) handOut();
      else schedule();
    };
    // A turn that waits on I/O without releasing lets the queue go on at the next check phase.
    const fallback = setImmediate(release);
    waiter(release);
  }

  return {
    get waiting() {
      return waitingCount();
    },
    turn(signal, kind = "start", urgentWhen) {
      if (signal?.aborted) return Promise.resolve(noop);
      return new Promise<ReleaseTurn>((resolve) => {
        let queue = queueOf(kind);
        const waiter = (release: ReleaseTurn) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(release);
        };
        const onAbort = () => {
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          resolve(noop);
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        queue.push(waiter);
        if (urgentWhen && queue === background) {
          const promote = () => {
            const at = queue.indexOf(waiter);
            if (at < 0) return; // served already, or stopped
            queue.splice(at, 1);
            queue = urgent;
            queue.push(waiter);
            if (!busy) schedule();
          };
          urgentWhen.then(promote, promote);
        }
        if (!busy) schedule();
      });
    },
  };
}
