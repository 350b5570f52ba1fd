/**
 * Runs take turns for their stretches of CPU (server/agent/start-gate.ts): in arrival order, a run that
 * continues ahead of new starts, graph set-ups whose model request already left and ends of answers that
 * streamed in the background (one slice per period; a set-up its run waits on goes first), several turns
 * back to back within a slice, other work between slices, and a queue that neither waits for a turn that
 * went to I/O nor keeps a stopped run.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createStartGate, type TurnKind } from "../../server/agent/start-gate.js";

// The gate reads the clock (performance.now) and waits with setTimeout: both are faked, so a turn's CPU
// is a step of the clock and the test depends on no machine's speed. setImmediate stays real: the
// gate's slices and the "other work" between them run at the loop's check phase, as in the app.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["performance", "setTimeout", "clearTimeout"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A turn's CPU work of `ms`: the clock moves on by that much. */
function work(ms: number) {
  vi.advanceTimersByTime(ms);
}

describe("the run turn gate", () => {
  it("gives turns in arrival order, one at a time, continuing runs before new starts, set-ups and finishes last", async () => {
    const gate = createStartGate({ sliceMs: 1000, backgroundSliceMs: 1000 });
    const order: string[] = [];
    let holding = 0;
    const take = (name: string, kind: TurnKind) =>
      gate.turn(undefined, kind).then((release) => {
        holding += 1;
        expect(holding).toBe(1);
        order.push(name);
        holding -= 1;
        release();
      });
    const all = [
      take("setup 1", "setup"), take("start 1", "start"), take("finish 1", "finish"), take("start 2", "start"),
      take("continue 1", "continue"), take("setup 2", "setup"), take("start 3", "start"),
    ];
    expect(gate.waiting).toBe(7);
    await Promise.all(all);
    expect(order).toEqual(["continue 1", "start 1", "start 2", "start 3", "setup 1", "finish 1", "setup 2"]);
    expect(gate.waiting).toBe(0);
  });

  it("runs turns back to back within a slice and lets other work in between slices", async () => {
    const gate = createStartGate({ sliceMs: 50 });
    const order: string[] = [];
    const starts = [1, 2, 3, 4].map((i) =>
      gate.turn().then((release) => {
        order.push(`start ${i}`);
        // Work that arrives during the first slice (a token, an ack): it runs after that slice, not after every start.
        if (i === 1) setImmediate(() => order.push("other work"));
        // 30 ms each: two fit in a 50 ms slice (the second one ends it).
        work(30);
        release();
      }),
    );
    await Promise.all(starts);
    expect(order).toEqual(["start 1", "start 2", "other work", "start 3", "start 4"]);
  });

  it("goes on at the next loop iteration when a turn waits on I/O without releasing it", async () => {
    const gate = createStartGate({ sliceMs: 1000 });
    const first = await gate.turn();
    const second = gate.turn();
    // `first` is never released by its holder (say, it went to the network): the gate lets go of it.
    await expect(second).resolves.toBeTypeOf("function");
    first(); // a late release is harmless
    expect(gate.waiting).toBe(0);
  });

  it("gives background turns (set-ups, finishes) one slice per period, and a set-up that became urgent goes first", async () => {
    const period = 30;
    const gate = createStartGate({ sliceMs: 1000, backgroundSliceMs: 0.001, backgroundPeriodMs: period });
    const grants: [string, number][] = [];
    const take = (name: string, kind: TurnKind, urgentWhen?: Promise<unknown>) =>
      gate.turn(undefined, kind, urgentWhen).then((release) => {
        grants.push([name, performance.now()]);
        work(1);
        release();
      });
    const holder = await gate.turn(); // a start holds the queue while the others arrive
    let becameUrgent!: () => void;
    const all = [take("setup 1", "setup"), take("finish 1", "finish"), take("setup 2", "setup", new Promise<void>((r) => (becameUrgent = r)))];
    becameUrgent(); // its model call ended: the run now waits on its set-up
    await Promise.resolve();
    holder();
    await Promise.all([all[0], all[2]]);
    // The urgent one went first, at once; the first background turn followed in the same slice; the
    // second background turn waits for the next period, on a timer.
    expect(grants.map(([name]) => name)).toEqual(["setup 2", "setup 1"]);
    expect(vi.getTimerCount()).toBe(1);
    await vi.runOnlyPendingTimersAsync();
    await all[1];
    expect(grants.map(([name]) => name)).toEqual(["setup 2", "setup 1", "finish 1"]);
    const [[, urgentAt], [, setupAt], [, finishAt]] = grants as [[string, number], [string, number], [string, number]];
    expect(setupAt - urgentAt).toBe(1); // only the urgent turn's own work between them
    expect(finishAt - setupAt).toBe(period); // one background slice per period
  });

  it("lets a stopped run leave the queue at once, without a turn", async () => {
    const gate = createStartGate({ sliceMs: 1000 });
    const holder = await gate.turn();
    const stop = new AbortController();
    const stopped = gate.turn(stop.signal);
    const after = gate.turn();
    expect(gate.waiting).toBe(2);
    stop.abort();
    await stopped; // resolved while the holder still holds its turn
    expect(gate.waiting).toBe(1);
    holder();
    await expect(after).resolves.toBeTypeOf("function");
    // A run stopped before it asks gets no turn and waits for nothing.
    const late = await gate.turn(AbortSignal.abort());
    late();
    expect(gate.waiting).toBe(0);
  });
});
