import { findAreaHa } from "../../../server/text/numbers.js";
import { planToolCalls } from "../../../server/agent/providers/offline.js";
import { clarifyingQuestion, readStatements } from "../../../server/agent/statements.js";
import { rowFrom, type Bench } from "../context.js";
import { cpuSpan } from "../measure.js";

/** What reads every question (the persona plugin's proposals, the offline advisor's plan): one pass of each. */
function classify(text: string): void {
  readStatements(text);
  clarifyingQuestion(text, "az");
  findAreaHa(text);
  planToolCalls(text);
}

const SENTENCE = "Mən Sabirabadda 12 hektar pambıq əkirəm, amma qonşum buğda əkir. Bu həftə suvarım? ";

function inputs(n: number): [string, string][] {
  const fill = (unit: string) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
  return [
    ["a farmer's sentences", fill(SENTENCE)],
    ["a run of digits", fill("1")],
    ["a run of spaces", `a${" ".repeat(n - 2)}b`],
    ["digits, each followed by spaces", fill(`1${" ".repeat(99)}`)],
    ["short lines", fill("a\n")],
  ];
}

/**
 * The offline classifiers' event-loop time per question: 4,000 characters (the default
 * CHAT_MAX_MESSAGE_CHARS) and 100,000 (the most it allows), on a farmer's text and on inputs shaped
 * against quadratic regexes. Each sample is one question read by all of them, in this process.
 */
export async function classifierRows(bench: Bench): Promise<void> {
  for (const n of [4_000, 100_000]) {
    for (const [what, text] of inputs(n)) {
      classify(text); // warm
      const samples = n >= 100_000 ? 10 : 50;
      const latencies: number[] = [];
      const span = cpuSpan();
      for (let i = 0; i < samples; i++) {
        const t0 = performance.now();
        classify(text);
        latencies.push(performance.now() - t0);
      }
      const s = span.stop();
      rowFrom(bench, {
        id: `classifiers.${n}.${what}`,
        figure: `classifiers, ${n.toLocaleString("en")} characters: ${what}`,
        result: { latencies, errors: {}, wallMs: s.wallMs, clientCpuMs: 0 },
        span: s,
        unit: "questions/s",
      });
    }
  }
}
