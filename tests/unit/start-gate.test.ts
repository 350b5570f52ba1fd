/**
 * Reply starts take turns with the event loop (server/agent/start-gate.ts): one start per loop
 * iteration, in arrival order, so work queued meanwhile runs between two starts instead of after all.
 */
import { describe, expect, it } from "vitest";
import { startTurn } from "../../server/agent/start-gate.js";

describe("the reply start gate", () => {
  it("releases waiting starts in arrival order, one per event-loop iteration", async () => {
    const order: string[] = [];
    const starts = [1, 2, 3].map((i) => startTurn().then(() => order.push(`start ${i}`)));
    // Queued after the three starts: with the gate it runs after the first, not after all three.
    setImmediate(() => order.push("other work"));
    await Promise.all(starts);
    expect(order).toEqual(["start 1", "other work", "start 2", "start 3"]);
  });
});
