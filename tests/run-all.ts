import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

/**
 * `npm test`: type check, the layering check (the core imports no plugin, no import circles), then
 * unit + integration (vitest, real PostgreSQL), then end-to-end (Playwright, Debian's Chromium). Every stage runs even when an earlier one fails, so one run shows everything;
 * the last line counts the tests of all stages, and the exit code is non-zero on any failure.
 */
const root = path.resolve(import.meta.dirname, "..");
const results = path.join(root, "test-results");
mkdirSync(results, { recursive: true });
const run = (cmd: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;

let failedStages = 0;
let passed = 0;
let failed = 0;
let skipped = 0;

console.log("\n== type check (tsc --noEmit)");
const tsc = run("npx", ["tsc", "--noEmit", "-p", "."]);
if (tsc !== 0) failedStages++;

console.log("\n== layering check (dependency-cruiser, .dependency-cruiser.cjs)");
const layers = run("npx", ["depcruise", "server", "web/src", "--config", ".dependency-cruiser.cjs"]);
if (layers !== 0) failedStages++;

console.log("\n== unit and integration (vitest, real PostgreSQL)");
const vitestJson = path.join(results, "vitest.json");
rmSync(vitestJson, { force: true });
const vitest = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
if (vitest !== 0) failedStages++;
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
} else if (vitest !== 0) failed++;

console.log("\n== end-to-end (Playwright, Chromium)");
const playwrightJson = path.join(results, "playwright.json");
rmSync(playwrightJson, { force: true });
const playwright = run("npx", ["playwright", "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson });
if (playwright !== 0) failedStages++;
if (existsSync(playwrightJson)) {
  const report = JSON.parse(readFileSync(playwrightJson, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  passed += report.stats.expected + report.stats.flaky;
  failed += report.stats.unexpected;
  skipped += report.stats.skipped;
} else if (playwright !== 0) failed++;

console.log(`\ntype check: ${tsc === 0 ? "passed" : "FAILED"}`);
console.log(`layering check: ${layers === 0 ? "passed" : "FAILED"}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failedStages > 0 || failed > 0 ? 1 : 0);
