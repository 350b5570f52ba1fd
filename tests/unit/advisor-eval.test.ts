import { describe, expect, it } from "vitest";
import { EVAL_QUESTIONS } from "../eval/questions.js";
import { runEval, summarize } from "../eval/run.js";
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
