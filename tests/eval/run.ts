/**
 * `npm run eval`: asks the advisor every question of ./questions.ts with the provider configured like
 * the server (LLM_PROVIDER, LLM_MODEL, OPENAI_*, OLLAMA_BASE_URL) and prints, per topic, how many
 * answers held a sourced figure, said honestly there is none, declined, or were in the wrong language.
 * `--json` prints the per-question results as well. Weather runs offline unless WEATHER_PROVIDER is set,
 * so the numbers do not depend on the network.
 */
import { pathToFileURL } from "node:url";
import { loadConfig } from "../../server/config.js";
import { createAdvisor, type AdvisorConfig, type AdvisorRunInput } from "../../server/agent/index.js";
import type { Persona } from "../../server/personas/types.js";
import { judgeAnswer, type Verdict } from "./classify.js";
import { EVAL_QUESTIONS, TOPICS, type EvalQuestion, type Topic } from "./questions.js";

export interface EvalRow {
  question: EvalQuestion;
  answer: string;
  verdict: Verdict;
  language: string | undefined;
  wrongLanguage: boolean;
  crashed: boolean;
}

export type TopicSummary = Record<Verdict | "wrong_language" | "crashed" | "total", number>;

function persona(q: EvalQuestion): Persona {
  return {
    id: "00000000-0000-4000-8000-00000000e7a1",
    userId: "00000000-0000-4000-8000-00000000e7a2",
    email: "eval@example.com",
    fullName: "Eval Fermer",
    finCode: "1AAAAAA",
    phone: "+994 50 000 00 00",
    region: q.region,
    cropType: q.crop,
    totalAreaHa: q.areaHa,
    experienceLevel: "intermediate",
    ektisVerified: false,
    dataSource: "synthetic",
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    lastLoginAt: "2026-01-01T00:00:00.000Z",
  };
}

export async function runEval(config: AdvisorConfig, questions: readonly EvalQuestion[] = EVAL_QUESTIONS): Promise<EvalRow[]> {
  const advisor = createAdvisor(config);
  const rows: EvalRow[] = [];
  for (const question of questions) {
    const p = persona(question);
    const input: AdvisorRunInput = {
      persona: p,
      language: question.ui,
      history: [{ role: "user", content: question.text }],
      signal: new AbortController().signal,
      onToken: () => undefined,
      onTool: () => undefined,
      // The eval never changes a profile: a statement is answered as if its proposal was made.
      proposePersonaChange: async (patch) => ({
        status: "proposed",
        proposalId: "eval",
        changes: Object.fromEntries(Object.entries(patch).map(([field, value]) => [field, { old: p[field as keyof typeof p], new: value }])),
      }),
    };
    try {
      const result = await advisor.run(input);
      const sources = (result as { sources?: unknown[] }).sources ?? [];
      const judged = judgeAnswer(result.text, sources, question.areaHa);
      rows.push({
        question, answer: result.text, verdict: judged.verdict, language: judged.language,
        wrongLanguage: judged.language !== undefined && judged.language !== question.expect, crashed: false,
      });
    } catch (error) {
      rows.push({ question, answer: `ERROR ${error instanceof Error ? error.message : String(error)}`, verdict: "other", language: undefined, wrongLanguage: false, crashed: true });
    }
  }
  return rows;
}

export function summarize(rows: readonly EvalRow[]): Record<Topic | "all", TopicSummary> {
  const empty = (): TopicSummary => ({ total: 0, sourced_figure: 0, no_figure: 0, declined: 0, unsourced_figure: 0, other: 0, wrong_language: 0, crashed: 0 });
  const out = Object.fromEntries([...TOPICS, "all"].map((t) => [t, empty()])) as Record<Topic | "all", TopicSummary>;
  for (const row of rows) {
    for (const s of [out[row.question.topic], out.all]) {
      s.total += 1;
      s[row.verdict] += 1;
      if (row.wrongLanguage) s.wrong_language += 1;
      if (row.crashed) s.crashed += 1;
    }
  }
  return out;
}

export function formatSummary(summary: Record<Topic | "all", TopicSummary>): string {
  const cols: [keyof TopicSummary, string][] = [
    ["total", "questions"], ["sourced_figure", "sourced figure"], ["no_figure", "honest no-figure"], ["declined", "declined"],
    ["unsourced_figure", "unsourced figure"], ["other", "other"], ["wrong_language", "wrong language"], ["crashed", "crashed"],
  ];
  const head = ["topic".padEnd(13), ...cols.map(([, label]) => label.padStart(label.length))].join(" | ");
  const lines = [head, head.replace(/[^|]/g, "-")];
  for (const [topic, s] of Object.entries(summary)) {
    lines.push([topic.padEnd(13), ...cols.map(([key, label]) => String(s[key]).padStart(label.length))].join(" | "));
  }
  return lines.join("\n");
}

async function main() {
  process.env.WEATHER_PROVIDER ??= "offline";
  const config = loadConfig();
  const started = Date.now();
  const rows = await runEval({ ...config.llm, offlinePaceMs: 0, weather: config.weather });
  const summary = summarize(rows);
  console.log(`Advisor eval: ${rows.length} questions, provider ${config.llm.provider}${config.llm.model ? ` (${config.llm.model})` : ""}, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  console.log(formatSummary(summary));
  if (process.argv.includes("--json")) console.log(JSON.stringify(rows.map((r) => ({ id: r.question.id, topic: r.question.topic, ui: r.question.ui, expect: r.question.expect, q: r.question.text, verdict: r.verdict, language: r.language, answer: r.answer })), null, 1));
  if (process.argv.includes("--verbose")) for (const r of rows) console.log(`\n[${r.question.id} ${r.question.topic} ${r.verdict}${r.wrongLanguage ? " WRONG-LANG" : ""}] ${r.question.text}\n${r.answer}`);
  if (summary.all.crashed > 0) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
