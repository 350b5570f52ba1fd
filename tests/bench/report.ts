import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Bench, Row } from "./context.js";
import { bytes, ms, table } from "./stats.js";

function cells(row: Row): string[] {
  const l = row.latency;
  const cpu = row.cpu ? `${row.cpu.appPct}/${row.cpu.clientPct}/${row.cpu.pgPct}/${row.cpu.otherPct}` : "";
  const perOp = row.cpu?.appCpuMsPerOp;
  return [
    row.figure,
    String(l?.n ?? ""),
    ms(l?.p50 ?? NaN),
    ms(l?.p95 ?? NaN),
    ms(l?.p99 ?? NaN),
    ms(l?.max ?? NaN),
    row.throughput ? `${Math.round(row.throughput.value).toLocaleString("en")} ${row.throughput.unit}` : "",
    bytes(row.appRss),
    cpu,
    perOp === undefined || perOp === 0 ? "" : ms(perOp),
    String(row.errors),
    row.memory ?? "",
  ];
}

export function render(bench: Bench, meta: Record<string, unknown>): string {
  const header = ["figure", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "throughput", "app RSS", "CPU% app/cli/pg/other", "app CPU ms/op", "errors", "memory"];
  const out = [
    `Yonca Chat bench (${bench.plan.name}) — ${meta.startedAt} — node ${process.version}, ${os.cpus().length} CPUs, ${bytes(os.totalmem())}, ${meta.database}`,
    "",
    table(header, bench.rows.map(cells)),
    "",
    "Notes:",
    ...bench.notes.map((n) => `  - ${n}`),
    ...bench.rows.filter((r) => r.errors).map((r) => `  - errors in "${r.figure}": ${JSON.stringify(r.errorDetail)}`),
    "",
    "Targets (reported, not asserted):",
    ...bench.targets.map((t) => `  ${t.met ? "MET    " : "NOT MET"}  ${t.figure}: ${t.target} — measured ${t.value}`),
  ];
  return out.join("\n");
}

/** bench-results/bench-<timestamp>.json and bench-results/latest.json at the repository root. */
export function writeJson(bench: Bench, meta: Record<string, unknown>, repoRoot: string): string {
  const dir = path.join(repoRoot, "bench-results");
  mkdirSync(dir, { recursive: true });
  const stamp = String(meta.startedAt).replace(/[:.]/g, "-");
  const file = path.join(dir, `bench-${stamp}.json`);
  const body = JSON.stringify({ ...meta, plan: bench.plan, rows: bench.rows, targets: bench.targets, notes: bench.notes }, null, 2);
  writeFileSync(file, body);
  writeFileSync(path.join(dir, "latest.json"), body);
  return file;
}
