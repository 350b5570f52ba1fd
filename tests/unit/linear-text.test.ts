import { describe, expect, it } from "vitest";
import { findAreaHa } from "../../server/text/numbers.js";
import { planToolCalls } from "../../server/agent/providers/offline.js";
import { clarifyingQuestion, readStatements, splitClauses } from "../../server/agent/statements.js";

/**
 * The offline classifiers read a farmer's text in linear time. Each case is a
 * 100,000-character input (CHAT_MAX_MESSAGE_CHARS allows that many) shaped against the regexes that used
 * to be quadratic: runs of digits (AREA_PATTERN, "\d+ ildir"), runs of spaces (the clause split before
 * "but/amma"). What is asserted is the reading; how long it takes is measured in `npm run bench`
 * (BENCH_ONLY=classifiers). Quadratic code did not finish these within the test's time.
 */
const N = 100_000;
const classifiers = (text: string) => ({
  statements: readStatements(text),
  clarify: clarifyingQuestion(text, "az"),
  area: findAreaHa(text),
  calls: planToolCalls(text),
});

const adversarial: [string, string][] = [
  ["a run of digits", "1".repeat(N)],
  ["a run of digits before ' ildir' at the very end", `${"1".repeat(N - 7)} ildi.`],
  ["a run of spaces", `a${" ".repeat(N - 2)}b`],
  ["digits each followed by a run of spaces", ("1" + " ".repeat(99)).repeat(N / 100)],
  ["decimal-looking digits", "1.".repeat(N / 2)],
  ["almost an area, repeated", "1 hax ".repeat(Math.floor(N / 6))],
  ["short lines", "a\n".repeat(N / 2)],
];

describe("the classifiers over 100,000 adversarial characters", () => {
  for (const [name, text] of adversarial) {
    it(`read ${name} and find no profile values in it`, () => {
      expect(text.length).toBeGreaterThanOrEqual(N - 100);
      const read = classifiers(text);
      expect(read.statements.patch).toEqual({});
      expect(read.area).toBeUndefined();
      expect(read.calls.find((c) => c.name.includes("profile"))).toBeUndefined();
    });
  }

  it("still read long real statements: the area after a long text, experience in years, clauses split at 'but'", () => {
    const filler = "Bu il hava çox isti keçdi və ".repeat(3000);
    expect(findAreaHa(`${filler} sahəm 12,5 hektardır`)).toBe(12.5);
    expect(readStatements(`${" ".repeat(50_000)}30 ildir əkinçiliklə məşğulam`).patch).toEqual({ experienceLevel: "expert" });
    expect(splitClauses(`My neighbour grows cotton${" ".repeat(50_000)}but I grow 12 ha of wheat`)).toEqual([
      "My neighbour grows cotton",
      "but I grow 12 ha of wheat",
    ]);
    expect(splitClauses("I grow wheat, but  also   amma x")).toEqual(["I grow wheat,", "but  also", "amma x"]);
    expect(splitClauses("butter but")).toEqual(["butter but"]);
    expect(splitClauses("butter   but x")).toEqual(["butter", "but x"]);
  });
});
