#!/usr/bin/env node
// Prints the gzipped size of the JavaScript a first visit downloads (the entry script and the
// chunks index.html preloads; lazy chunks such as markdown are not counted) and fails over budget.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** @param {string} distDir */
export function measureInitialJs(distDir) {
  const html = readFileSync(path.join(distDir, "index.html"), "utf8");
  const urls = new Set();
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) urls.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) urls.add(m[1]);
  const files = [...urls].map((url) => {
    const source = readFileSync(path.join(distDir, url.replace(/^\//, "")));
    return { file: url, bytes: source.length, gzipBytes: gzipSync(source, { level: 9 }).length };
  });
  return { files, gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0) };
}

/** @param {string} distDir @param {number} limitKb @returns {boolean} within budget */
export function printInitialJsReport(distDir, limitKb) {
  const { files, gzipBytes } = measureInitialJs(distDir);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  for (const f of files) console.log(`  ${f.file}  ${kb(f.bytes)} → ${kb(f.gzipBytes)} gzip`);
  const ok = gzipBytes <= limitKb * 1024;
  console.log(`initial JS: ${kb(gzipBytes)} gzipped (budget ${limitKb} KB) ${ok ? "✓" : "✗ over budget"}`);
  return ok;
}

/** Vite plugin: runs the report after every production build and fails the build over budget. */
export function reportInitialJsSize({ limitKb = 250 } = {}) {
  let outDir = "";
  return {
    name: "yonca:report-initial-js-size",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      if (!printInitialJsReport(outDir, limitKb)) {
        throw new Error(`initial JavaScript is over the ${limitKb} KB gzip budget`);
      }
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist");
  process.exit(printInitialJsReport(dist, Number(process.env.INITIAL_JS_BUDGET_KB ?? 250)) ? 0 : 1);
}
