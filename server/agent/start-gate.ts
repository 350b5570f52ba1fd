/**
 * Reply starts share the event loop with running replies, in slices. Starting an answer (sending the first
 * model request, and the LangGraph run's set-up) costs a few milliseconds of CPU. When hundreds of
 * questions arrive at once, running every start as soon as its persona read returns holds the tokens of
 * running replies, and the acknowledgements of the other questions, behind a queue of starts that the
 * event loop cannot interrupt.
 *
 * The same holds for the end of a reply (LangGraph's end of the run, what the answer is checked for): streams
 * that began together end together, and a hundred ends in one loop iteration hold everyone else's tokens.
 *
 * So a run takes turns for its stretches of CPU: a start waits for its turn and releases it once its model
 * call is under way; when that first request left before the graph (./graph.ts, startFirstCall), the
 * graph's set-up waits for a turn of its own ("setup", after every waiting start: the answer streams
 * meanwhile, nobody waits on the set-up until the model's stream ends); when the model's stream ends, the run waits for a turn again ("continue", ahead of
 * waiting starts: a reply that is nearly done goes first) and releases it at its end or at its next model
 * call. Turns follow each other at once for up to `sliceMs` of wall time; then the queue waits for the
 * next check phase of the loop, so that the I/O that arrived meanwhile (tokens, database results, acks)
 * runs before the next slice. A turn that goes to I/O without releasing holds the queue for one loop
 * iteration at most. A stopped run leaves the queue at once.
 */

/** Default wall time of one slice of starts: a few starts, well under the 25 ms frame interval. */
export const START_SLICE_MS = 8;

export type ReleaseTurn = () => void;

/**
 * "continue": a run whose model stream ended (served first); "start": a new run, until its first model
 * request is on its way; "setup": LangGraph's set-up of a run whose first request already left (served
 * last: nobody waits on it until that model's stream ends).
 */
export type TurnKind = "continue" | "start" | "setup";

export interface StartGate {
  /** Resolves when it is this run's turn, with the function that ends it (idempotent). */
  turn(signal?: AbortSignal, kind?: TurnKind): Promise<ReleaseTurn>;
  /** Runs waiting for their turn. */
  readonly waiting: number;
}

const noop: ReleaseTurn = () => {};

export function createStartGate(options: { sliceMs?: number } = {}): StartGate {
  const sliceMs = options.sliceMs ?? START_SLICE_MS;
  type Waiter = (release: ReleaseTurn) => void;
  const queues: Record<TurnKind, Waiter[]> = { continue: [], start: [], setup: [] };
  const waitingCount = () => queues.continue.length + queues.start.length + queues.setup.length;
  /** A turn is out (its start has not released it yet). */
  let busy = false;
  /** A slice waits for the check phase. */
  let scheduled = false;
  let sliceStartedAt = 0;

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      sliceStartedAt = performance.now();
      handOut();
    });
  }

  function handOut(): void {
    if (busy) return;
    const next = queues.continue.shift() ?? queues.start.shift() ?? queues.setup.shift();
    if (!next) return;
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
    // A start that waits on I/O before its model call lets the queue go on at the next check phase.
    const fallback = setImmediate(release);
    next(release);
  }

  return {
    get waiting() {
      return waitingCount();
    },
    turn(signal, kind = "start") {
      const queue = queues[kind];
      if (signal?.aborted) return Promise.resolve(noop);
      return new Promise<ReleaseTurn>((resolve) => {
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
        if (!busy) schedule();
      });
    },
  };
}
