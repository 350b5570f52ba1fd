import { describe, expect, it } from "vitest";
import { SearchCancelledError, SearchGate, type SearchTicket } from "../../server/chat/search-gate.js";

/** Lets the promise jobs queued so far run (one turn of the event loop). */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A search that ends when told (or rejects when its ticket is cancelled), to drive the gate by events. */
function controllable() {
  const started: SearchTicket[] = [];
  const finishers: (() => void)[] = [];
  const work = (ticket: SearchTicket) =>
    new Promise<string>((resolve, reject) => {
      started.push(ticket);
      finishers.push(() => resolve("done"));
      ticket.onCancel(() => reject(new Error("cancelled in the database")));
    });
  return { started, finishers, work };
}

describe("SearchGate", () => {
  it("a user's new search cancels the one in flight, which is answered `cancelled`, and starts only after it ended", async () => {
    const gate = new SearchGate(4);
    const { started, work } = controllable();
    const first = gate.run("u1", work);
    await tick();
    expect(started).toHaveLength(1);
    const second = gate.run("u1", work);
    await expect(first).rejects.toBeInstanceOf(SearchCancelledError);
    await tick();
    expect(started).toHaveLength(2);
    expect(started[0]!.cancelled).toBe(true);
    expect(started[1]!.cancelled).toBe(false);
    expect(gate.inFlight).toBe(1);
    void second.catch(() => {});
  });

  it("runs at most `atOnce` searches; a waiting search that is cancelled takes no turn", async () => {
    const gate = new SearchGate(2);
    const { started, finishers, work } = controllable();
    const a = gate.run("a", work);
    const b = gate.run("b", work);
    const c = gate.run("c", work);
    await tick();
    expect(started).toHaveLength(2);
    // c waits; d replaces c while it waits: c is cancelled without ever running.
    const d = gate.run("c", work);
    await expect(c).rejects.toBeInstanceOf(SearchCancelledError);
    expect(started).toHaveLength(2);
    finishers[0]!();
    await expect(a).resolves.toBe("done");
    await tick();
    expect(started).toHaveLength(3);
    finishers[1]!();
    finishers[2]!();
    await expect(b).resolves.toBe("done");
    await expect(d).resolves.toBe("done");
    expect(gate.inFlight).toBe(0);
  });
});
