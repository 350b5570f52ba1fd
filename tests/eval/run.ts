/**
 * `npm run eval`: asks the advisor every question of ./questions.ts with the provider configured like
 * the server (LLM_PROVIDER, LLM_MODEL, OPENAI_*, OLLAMA_BASE_URL) and prints, per topic, how many
 * answers held a sourced figure, said honestly there is none, declined, or were in the wrong language.
 * `--json` prints the per-question results as well. Weather runs offline unless WEATHER_PROVIDER is set
 * (the weather plugin's variables, server/weather/config.ts), so the numbers do not depend on the network.
 */
import { loadAgentConfig } from "../../server/agent/config.js";
import { pathToFileURL } from "node:url";
import { loadConfig } from "../../server/config.js";
import { createAdvisor, type AdvisorConfig, type AdvisorRunInput } from "../../server/agent/index.js";
import type { ForecastProvider } from "../../server/agent/extension.js";
import type { Persona } from "../../server/personas/types.js";
import { createWeatherClient, loadWeatherConfig } from "../../server/weather/extension.js";
import { judgeAnswer, type Verdict } from "./classify.js";
import { EVAL_QUESTIONS, TOPICS, type EvalQuestion, type Topic } from "./questions.js";
import { faithful, impureSentences, relevant } from "./judge.js";
import { HELD_OUT } from "./heldout.js";
import { HELD_OUT_2 } from "./heldout-2.js";
import { TUNING } from "./farmer.js";
import type { FarmerQuestion } from "./farmer-types.js";

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

/** The advisor's configuration and the forecast the weather plugin would contribute (none: the climate normals). */
type EvalConfig = AdvisorConfig & { weather?: ForecastProvider };

export async function runEval({ weather, ...config }: EvalConfig, questions: readonly EvalQuestion[] = EVAL_QUESTIONS): Promise<EvalRow[]> {
  const advisor = createAdvisor(config);
  const rows: EvalRow[] = [];
  for (const question of questions) {
    const p = persona(question);
    const input: AdvisorRunInput = {
      persona: p,
      language: question.ui,
      history: [{ role: "user", content: question.text }],
      weather,
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

/* ------------------------------------------------ farmer-phrased questions, held-out part */

export type Part = "tuning" | "held-out";

/** One question of the whole set, tuning or held-out, and the UI language it is asked in: the templated ones (./questions.ts) are tuning questions. */
export interface Item extends Omit<FarmerQuestion, "topic"> {
  topic: FarmerQuestion["topic"] | Topic;
  part: Part;
  ui: "az" | "en";
}

function fromTemplated(q: EvalQuestion): Item {
  const good: Item["good"] = q.topic === "offtopic" || q.topic === "lookalike" ? "decline" : "answer";
  const asks = ["offtopic", "lookalike", "badinput", "weather"].includes(q.topic) ? undefined : q.topic === "climate" ? { region: q.region } : { crop: q.crop };
  return { part: "tuning", topic: q.topic, good, lang: q.expect, ui: q.ui, persona: [q.region, q.crop, q.areaHa], text: q.text, asks };
}

export const ALL_ITEMS: readonly Item[] = [
  ...EVAL_QUESTIONS.map(fromTemplated),
  ...TUNING.map((q): Item => ({ ...q, part: "tuning", ui: q.lang })),
  ...[...HELD_OUT, ...HELD_OUT_2].map((q): Item => ({ ...q, part: "held-out", ui: q.lang })),
];

export interface ItemRow {
  item: Item;
  answer: string;
  /** answered: sourced content or an honest "no figure"; declined; clarify: a question with quick replies. */
  kind: "answered" | "no_figure" | "declined" | "clarify" | "other";
  faithful: boolean;
  untraced: string[];
  relevant: boolean;
  pure: boolean;
  good: boolean;
  crashed: boolean;
}

function itemPersona(item: Item): Persona {
  const [region, crop, areaHa] = item.persona;
  return { ...persona({ id: "", topic: "badinput", expect: item.lang, ui: item.ui, text: item.text, region, crop, areaHa }) };
}

export async function runItems({ weather, ...config }: EvalConfig, items: readonly Item[] = ALL_ITEMS): Promise<ItemRow[]> {
  const advisor = createAdvisor(config);
  const rows: ItemRow[] = [];
  for (const item of items) {
    const p = itemPersona(item);
    const base = {
      persona: p, language: item.ui, weather, signal: new AbortController().signal, onToken: () => undefined, onTool: () => undefined,
      proposePersonaChange: async () => ({ status: "proposed" as const, proposalId: "eval", changes: {} }),
    };
    try {
      const history: AdvisorRunInput["history"] = [];
      if (item.before) {
        const first = await advisor.run({ ...base, history: [{ role: "user", content: item.before }] });
        history.push({ role: "user", content: item.before }, { role: "assistant", content: first.text });
      }
      history.push({ role: "user", content: item.text });
      const result = await advisor.run({ ...base, history });
      const judged = judgeAnswer(result.text, result.sources, p.totalAreaHa);
      const quick = result.quickReplies ?? [];
      const kind: ItemRow["kind"] = quick.length ? "clarify"
        : judged.verdict === "sourced_figure" || (judged.verdict === "other" && result.sources.length > 0) ? "answered"
        : judged.verdict === "no_figure" ? "no_figure" : judged.verdict === "declined" ? "declined" : "other";
      const f = faithful(result.text, result.toolResults ?? [], `${item.before ?? ""} ${item.text}`, p.totalAreaHa);
      const rel = relevant(result.text, item.asks);
      const pure = impureSentences(result.text, item.lang).length === 0 && (judged.language === undefined || judged.language === item.lang);
      // Bad input is good when nothing is invented and nothing crashes, whatever the reply.
      const good = item.topic === "badinput" ? f.ok && pure
        : item.good === "answer" ? kind === "answered" && f.ok && rel && pure
        : item.good === "decline" ? kind === "declined" && pure
        : kind === "clarify" && pure;
      rows.push({ item, answer: result.text, kind, faithful: f.ok, untraced: f.untraced, relevant: rel, pure, good, crashed: false });
    } catch (error) {
      rows.push({ item, answer: `ERROR ${error instanceof Error ? error.message : String(error)}`, kind: "other", faithful: false, untraced: [], relevant: false, pure: false, good: false, crashed: true });
    }
  }
  return rows;
}

export interface ItemSummary { total: number; farm: number; answered: number; noFigure: number; declined: number; farmDeclined: number; clarify: number; faithful: number; relevant: number; pure: number; pureAz: number; az: number; good: number; crashed: number }

export function summarizeItems(rows: readonly ItemRow[]): Record<string, ItemSummary> {
  const out: Record<string, ItemSummary> = {};
  const of = (k: string) => (out[k] ??= { total: 0, farm: 0, answered: 0, noFigure: 0, declined: 0, farmDeclined: 0, clarify: 0, faithful: 0, relevant: 0, pure: 0, pureAz: 0, az: 0, good: 0, crashed: 0 });
  for (const r of rows) {
    for (const s of [of(r.item.topic), of("all")]) {
      s.total += 1;
      if (r.item.good !== "decline") s.farm += 1;
      if (r.kind === "answered") s.answered += 1;
      if (r.kind === "no_figure") s.noFigure += 1;
      if (r.kind === "declined") s.declined += 1;
      if (r.kind === "declined" && r.item.good !== "decline" && r.item.topic !== "badinput") s.farmDeclined += 1;
      if (r.kind === "clarify") s.clarify += 1;
      if (r.faithful) s.faithful += 1;
      if (r.relevant) s.relevant += 1;
      if (r.pure) s.pure += 1;
      if (r.item.lang === "az") { s.az += 1; if (r.pure) s.pureAz += 1; }
      if (r.good) s.good += 1;
      if (r.crashed) s.crashed += 1;
    }
  }
  return out;
}

const pct = (n: number, d: number) => (d === 0 ? "–" : `${Math.round((100 * n) / d)} %`);

export function formatItems(summary: Record<string, ItemSummary>): string {
  const head = ["topic".padEnd(13), "questions", "answered", "no figure", "declined", "farm declined", "clarified", "faithful", "relevant", "language pure", "az pure", "good"];
  const lines = [head.join(" | "), head.join(" | ").replace(/[^|]/g, "-")];
  for (const [topic, s] of Object.entries(summary)) {
    const cells = [String(s.total), pct(s.answered, s.farm), String(s.noFigure), String(s.declined), String(s.farmDeclined), String(s.clarify), pct(s.faithful, s.total), pct(s.relevant, s.total), pct(s.pure, s.total), pct(s.pureAz, s.az), pct(s.good, s.total)];
    lines.push([topic.padEnd(13), ...cells.map((c, i) => c.padStart(head[i + 1]!.length))].join(" | "));
  }
  return lines.join("\n");
}

async function main() {
  process.env.WEATHER_PROVIDER ??= "offline";
  const config = loadConfig();
  const llm = loadAgentConfig();
  const weather = createWeatherClient(loadWeatherConfig());
  const started = Date.now();
  const rows = await runEval({ ...llm, offlinePaceMs: 0, weather });
  const summary = summarize(rows);
  console.log(`Advisor eval: ${rows.length} questions, provider ${llm.provider}${llm.model ? ` (${llm.model})` : ""}, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  console.log(formatSummary(summary));
  if (process.argv.includes("--json")) console.log(JSON.stringify(rows.map((r) => ({ id: r.question.id, topic: r.question.topic, ui: r.question.ui, expect: r.question.expect, q: r.question.text, verdict: r.verdict, language: r.language, answer: r.answer })), null, 1));
  if (summary.all.crashed > 0) process.exitCode = 1;

  // Every question (templated, farmer-phrased tuning, held-out) judged for answered, faithful,
  // relevant, language-pure and good; the held-out part (never used for tuning) apart.
  const items = await runItems({ ...llm, offlinePaceMs: 0, weather });
  for (const part of ["tuning", "held-out"] as const) {
    const rows = items.filter((r) => r.item.part === part);
    console.log(`\n${part === "held-out" ? "HELD-OUT part (tests/eval/heldout.ts, heldout-2.ts; never tuned on)" : "Tuning part (tests/eval/questions.ts + tests/eval/farmer.ts)"}: ${rows.length} questions\n`);
    console.log(formatItems(summarizeItems(rows)));
  }
  console.log(`\nAll parts: ${items.length} questions, ${items.filter((r) => r.good).length} good`);
  if (process.argv.includes("--verbose")) {
    for (const r of items.filter((x) => process.argv.includes("--all") || !x.good)) {
      console.log(`\n[${r.item.part} ${r.item.topic} ${r.kind}${r.faithful ? "" : ` UNFAITHFUL(${r.untraced.join(",")})`}${r.relevant ? "" : " IRRELEVANT"}${r.pure ? "" : " IMPURE"}] ${r.item.before ? `(${r.item.before}) ` : ""}${r.item.text}\n${r.answer}`);
    }
  }
  if (items.some((r) => r.crashed)) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
