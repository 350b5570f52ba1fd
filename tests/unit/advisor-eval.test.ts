import { describe, expect, it } from "vitest";
import { EVAL_QUESTIONS } from "../eval/questions.js";
import { ALL_ITEMS, runEval, runItems, summarize, summarizeItems } from "../eval/run.js";
import { regionNames, cropNames } from "../../server/personas/catalogue.js";

// The offline advisor's results on `npm run eval` (tests/eval/results-after.txt): a change that answers
// fewer questions with a sourced figure, invents a number, or answers in the wrong language fails here.
describe("advisor eval (offline provider)", () => {
  it("covers every district and crop of the catalogue in both languages, with off-topic and look-alike questions", () => {
    expect(EVAL_QUESTIONS.length).toBeGreaterThanOrEqual(80);
    for (const region of regionNames) expect(EVAL_QUESTIONS.some((q) => q.region === region)).toBe(true);
    for (const crop of cropNames) expect(EVAL_QUESTIONS.some((q) => q.crop === crop)).toBe(true);
    expect(new Set(EVAL_QUESTIONS.map((q) => q.expect))).toEqual(new Set(["az", "en"]));
    expect(EVAL_QUESTIONS.filter((q) => q.topic === "offtopic").length).toBeGreaterThanOrEqual(6);
    expect(EVAL_QUESTIONS.filter((q) => q.topic === "lookalike").length).toBeGreaterThanOrEqual(4);
  });

  it("keeps its pinned results", async () => {
    const summary = summarize(await runEval({ provider: "offline", offlinePaceMs: 0 }));
    expect(summary.all.crashed).toBe(0);
    expect(summary.all.wrong_language).toBe(0);
    expect(summary.all.unsourced_figure).toBe(0);
    // Without the weather topic, whose answers depend on this week's month (in or out of season).
    expect(summary.all.sourced_figure - summary.weather.sourced_figure).toBeGreaterThanOrEqual(50);
    // A crop the data lacks ("quinoa", "Banan") is said to be unknown, not answered for the farmer's own crop.
    expect(summary.badinput.no_figure).toBeGreaterThanOrEqual(2);
    expect(summary.weather.sourced_figure + summary.weather.no_figure).toBe(summary.weather.total);
    expect(summary.offtopic.declined).toBe(summary.offtopic.total);
    expect(summary.lookalike.declined).toBe(summary.lookalike.total);
    for (const topic of ["pests", "coefficients", "fertilizer", "irrigation", "calendar"] as const) {
      expect(summary[topic].declined + summary[topic].other, topic).toBe(0);
    }
    expect(summary.pests.sourced_figure).toBe(summary.pests.total);
  }, 60_000);
});

// Farmer-phrased questions, the held-out part (tests/eval/heldout.ts) reported apart.
describe("advisor eval, farmer-phrased questions judged faithful, relevant, pure (offline provider)", () => {
  it("has at least 200 questions, about a third of them held out", () => {
    expect(ALL_ITEMS.length).toBeGreaterThanOrEqual(200);
    // 80 held-out questions were written first (78 remain; 2 moved to tuning once tuned on), 16 more later (tests/eval/heldout-2.ts); tuning questions were added between.
    expect(ALL_ITEMS.filter((q) => q.part === "held-out").length / ALL_ITEMS.length).toBeGreaterThanOrEqual(0.3);
  });

  it("keeps its held-out targets: nothing invented, Azerbaijani answers all Azerbaijani, no crash, look-alikes declined", async () => {
    const rows = await runItems({ provider: "offline", offlinePaceMs: 0 });
    const held = summarizeItems(rows.filter((r) => r.item.part === "held-out"));
    const tuning = summarizeItems(rows.filter((r) => r.item.part === "tuning"));
    for (const s of [held.all!, tuning.all!]) {
      expect(s.crashed).toBe(0);
      // A farm question is never declined as off-topic.
      expect(s.farmDeclined).toBe(0);
      expect(s.faithful).toBe(s.total);
      expect(s.pureAz).toBe(s.az);
    }
    expect(held.offtopic!.declined + held.lookalike!.declined).toBe(held.offtopic!.total + held.lookalike!.total);
    // Floors under the measured results (tests/eval/results-after.txt): a change that understands less fails.
    expect(held.all!.good / held.all!.total).toBeGreaterThanOrEqual(0.9);
    expect(tuning.all!.good / tuning.all!.total).toBeGreaterThanOrEqual(0.85);
    expect(held.symptoms!.answered).toBeGreaterThanOrEqual(held.symptoms!.total - 2);
  }, 120_000);
});
