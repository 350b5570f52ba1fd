#!/usr/bin/env node
// Renders the app's install icons (web/public/pwa-*.png) from its mark with the machine's Chromium.
// Run again when the mark changes: node web/scripts/make-icons.mjs
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";

const publicDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "public");
const mark = (inset) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#7E5DFF"/><stop offset="1" stop-color="#4DA0FC"/></linearGradient></defs>
<rect width="64" height="64" rx="${inset ? 0 : 16}" fill="#0B0F1E"/>
<g transform="translate(32 32) scale(${inset ? 0.7 : 1}) translate(-32 -32)"><path d="M32 50c0-12 0-18-10-26 8 0 12 4 10 12 2-8 6-14 14-14-6 6-10 14-14 28z" fill="url(#g)"/></g></svg>`;

// A maskable icon is cropped by the launcher to a shape: full-bleed background, the mark inside the safe zone.
const icons = [
  { file: "pwa-192x192.png", size: 192, svg: mark(false) },
  { file: "pwa-512x512.png", size: 512, svg: mark(false) },
  { file: "maskable-icon-512x512.png", size: 512, svg: mark(true) },
  { file: "apple-touch-icon-180x180.png", size: 180, svg: mark(true) },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  for (const icon of icons) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:100vw;height:100vh}</style>${icon.svg}`);
    writeFileSync(path.join(publicDir, icon.file), await page.screenshot({ omitBackground: true }));
    await page.close();
  }
} finally {
  await browser.close();
}
