import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { precompressDir } from "../../web/scripts/precompress.mjs";
import { startTestApp, type TestApp } from "../helpers/app.js";

/**
 * The built web app as the server sends it (server/http/static.ts), from a small build of its
 * own (WEB_DIST): files precompressed at build time, cache rules by file, the server's paths never the page.
 */
let dist: string;
let t: TestApp;
const script = `export const words = ${JSON.stringify("Pambıq, buğda, fındıq. ".repeat(200))};\n`;

beforeAll(async () => {
  dist = mkdtempSync(path.join(os.tmpdir(), "yonca-static-"));
  mkdirSync(path.join(dist, "assets"));
  writeFileSync(path.join(dist, "index.html"), `<!doctype html><html lang="az"><head><title>Yonca</title></head><body><div id="root"></div>${"<!-- shell -->".repeat(60)}</body></html>`);
  writeFileSync(path.join(dist, "assets", "index-Ab12Cd34.js"), script);
  writeFileSync(path.join(dist, "sw.js"), `self.addEventListener("fetch", () => {});${"//".repeat(400)}`);
  writeFileSync(path.join(dist, "manifest.webmanifest"), JSON.stringify({ name: "Yonca", padding: "x".repeat(600) }));
  precompressDir(dist);
  t = await startTestApp({ oidc: false, env: { WEB_DIST: dist } });
}, 60_000);

afterAll(async () => {
  await t?.close();
  rmSync(dist, { recursive: true, force: true });
});

const get = (route: string, encoding = "br, gzip") => fetch(`${t.url}${route}`, { headers: { "accept-encoding": encoding } });

describe("static files", () => {
  it("a hashed asset is sent precompressed, brotli first, gzip to a browser without it, and cached for good", async () => {
    const br = await get("/assets/index-Ab12Cd34.js");
    expect(br.status).toBe(200);
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("vary")).toMatch(/accept-encoding/i);
    expect(br.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(br.headers.get("content-type")).toMatch(/javascript/);
    expect(await br.text()).toBe(script);
    const gz = await get("/assets/index-Ab12Cd34.js", "gzip");
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(await gz.text()).toBe(script);
    const plain = await get("/assets/index-Ab12Cd34.js", "identity");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.text()).toBe(script);
  });

  it("the page, the service worker and the manifest are asked for again every time", async () => {
    for (const route of ["/", "/some/app/route", "/sw.js", "/manifest.webmanifest"]) {
      const res = await get(route);
      expect(res.status, route).toBe(200);
      expect(res.headers.get("cache-control"), route).toBe("no-cache");
      expect(res.headers.get("content-encoding"), route).toBe("br");
    }
    expect(await (await get("/some/app/route")).text()).toContain('<div id="root">');
    expect((await get("/manifest.webmanifest")).headers.get("content-type")).toMatch(/manifest\+json/);
  });

  it("the server's own paths and missing assets are never answered with the page", async () => {
    const missing = await get("/assets/index-Gone0000.js");
    expect(missing.status).toBe(404);
    for (const route of ["/api/nothing-here", "/auth/nothing-here", "/socket.io/nothing"]) {
      const res = await get(route);
      expect(await res.text(), route).not.toContain('<div id="root">');
    }
  });
});
