import { AppError, errors } from "../errors.js";

/** How many searches run in PostgreSQL at once on this instance; the others wait their turn. */
export const SEARCHES_AT_ONCE = 4;
/** Searches waiting for a turn on this instance; more are refused (`unavailable`, retryable). */
const MAX_WAITING = 200;

/** A search in flight: `cancel` ends it wherever it is (waiting for a turn, or in PostgreSQL). */
export interface SearchTicket {
  readonly cancelled: boolean;
  /** Called when the search is cancelled while it runs (the caller cancels its query: pg cancel). */
  onCancel(fn: () => void): void;
  cancel(): void;
}

export class SearchCancelledError extends AppError {
  constructor() {
    super("cancelled", "A newer search replaced this one.", { status: 409 });
  }
}

/**
 * conversation:search's bounds on one instance: at most one search per user in flight — a new
 * one cancels the one before, which was only still wanted by a page that has moved on — and at most
 * SEARCHES_AT_ONCE searches in PostgreSQL at once, so searching can hold at most that many of the pool's
 * connections and the other farmers' queries keep theirs.
 */
export class SearchGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly current = new Map<string, { ticket: SearchTicket; ended: Promise<void> }>();

  constructor(private readonly atOnce = SEARCHES_AT_ONCE) {}

  /** Searches of this instance in flight (running or waiting), for the tests and metrics. */
  get inFlight(): number {
    return this.current.size;
  }

  /**
   * Runs `work` for `userId` when a turn is free, after cancelling that user's search still in flight.
   * Rejects with SearchCancelledError when a newer search (or `ticket.cancel()`) cancels this one.
   */
  async run<T>(userId: string, work: (ticket: SearchTicket) => Promise<T>, onTicket?: (ticket: SearchTicket) => void): Promise<T> {
    const before = this.current.get(userId);
    before?.ticket.cancel();
    const ticket = newTicket();
    let ended!: () => void;
    const entry = { ticket, ended: new Promise<void>((resolve) => (ended = resolve)) };
    this.current.set(userId, entry);
    onTicket?.(ticket);
    try {
      // The search it replaces leaves PostgreSQL first: one search per user runs at any moment.
      await before?.ended;
      if (ticket.cancelled || !(await this.turn(ticket))) throw new SearchCancelledError();
      try {
        if (ticket.cancelled) throw new SearchCancelledError();
        return await work(ticket);
      } catch (error) {
        if (ticket.cancelled) throw new SearchCancelledError();
        throw error;
      } finally {
        this.release();
      }
    } finally {
      ended();
      if (this.current.get(userId) === entry) this.current.delete(userId);
    }
  }

  /** True once a turn is taken (release it after); false when the search was cancelled while it waited. */
  private turn(ticket: SearchTicket): Promise<boolean> {
    if (this.running < this.atOnce) {
      this.running++;
      return Promise.resolve(true);
    }
    if (this.waiting.length >= MAX_WAITING) {
      return Promise.reject(errors.unavailable(undefined, "Search is busy. Please try again in a moment."));
    }
    return new Promise<boolean>((resolve) => {
      const go = () => {
        this.running++;
        resolve(true);
      };
      this.waiting.push(go);
      // A cancelled search leaves the queue at once (and is answered `cancelled`), taking no turn.
      ticket.onCancel(() => {
        const at = this.waiting.indexOf(go);
        if (at < 0) return;
        this.waiting.splice(at, 1);
        resolve(false);
      });
    });
  }

  private release(): void {
    this.running--;
    this.waiting.shift()?.();
  }
}

function newTicket(): SearchTicket {
  let cancelled = false;
  const listeners: (() => void)[] = [];
  return {
    get cancelled() {
      return cancelled;
    },
    onCancel(fn) {
      if (cancelled) fn();
      else listeners.push(fn);
    },
    cancel() {
      if (cancelled) return;
      cancelled = true;
      for (const fn of listeners.splice(0)) fn();
    },
  };
}
