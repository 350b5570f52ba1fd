/**
 * Runs take turns for their stretches of CPU (server/agent/start-gate.ts): in arrival order, a run that
 * continues ahead of new starts, graph set-ups whose model request already left and ends of answers that
 * streamed in the background (one slice per period; a set-up its run waits on goes first), several turns
 * back to back within a slice, other work between slices, and a queue that neither waits for a turn that
 * went to I/O nor keeps a stopped run.
 */
import { describe, expect, it } from "vitest";
import { createStartGate, type TurnKind } from "../../server/agent/start-gate.js";

/** Busy CPU for `ms` (a start's set-up is CPU, not waiting). */
function spin(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until);
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
    // Wide margins: the first turn starts a few ms after the slice does when other test files load the CPU.
    const gate = createStartGate({ sliceMs: 50 });
    const order: string[] = [];
    const starts = [1, 2, 3, 4].map((i) =>
      gate.turn().then((release) => {
        order.push(`start ${i}`);
        // Work that arrives during the first slice (a token, an ack): it runs after that slice, not after every start.
        if (i === 1) setImmediate(() => order.push("other work"));
        // 30 ms each: two fit in a 50 ms slice (the second one ends it).
        spin(30);
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
        release();
      });
    const holder = await gate.turn(); // a start holds the queue while the others arrive
    let becameUrgent!: () => void;
    const all = [take("setup 1", "setup"), take("finish 1", "finish"), take("setup 2", "setup", new Promise<void>((r) => (becameUrgent = r)))];
    becameUrgent(); // its model call ended: the run now waits on its set-up
    await Promise.resolve();
    holder();
    await Promise.all(all);
    expect(grants.map(([name]) => name)).toEqual(["setup 2", "setup 1", "finish 1"]);
    // The urgent one did not wait for a background slice; the other two are a period apart.
    const [, urgentAt] = grants[0]!;
    const [, setupAt] = grants[1]!;
    const [, finishAt] = grants[2]!;
    expect(setupAt - urgentAt).toBeLessThan(period);
    expect(finishAt - setupAt).toBeGreaterThanOrEqual(period - 2);
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
