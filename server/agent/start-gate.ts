/**
 * Reply starts take turns with the event loop. Starting an answer (the LangGraph run, the request to the
 * model) costs milliseconds of CPU; when hundreds of questions arrive at once, starting them back to back
 * would hold every running reply's tokens and every other question's acknowledgement behind them. Each
 * start waits for its turn: one per event-loop iteration, so the I/O that arrived meanwhile (tokens,
 * acknowledgements) goes first.
 */
const waiting: (() => void)[] = [];
let scheduled = false;

function next(): void {
  scheduled = false;
  waiting.shift()?.();
  if (waiting.length > 0) {
    scheduled = true;
    setImmediate(next);
  }
}

/** Resolves when it is this start's turn. */
export function startTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(next);
    }
  });
}
