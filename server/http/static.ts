import path from "node:path";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ServerResponse } from "node:http";
import type { Express } from "express";
import expressStaticGzip from "express-static-gzip";

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web/dist");

/** Paths the web app never answers: the server's own (the service worker leaves them to the network too). */
const SERVER_PATHS = /^\/(api|auth|socket\.io)(\/|$)/;

/**
 * Cache rules by file: hashed assets never change under their name (a year, immutable); the page, the
 * service worker and the manifest are asked again every time, so a new build is seen at once.
 */
export function cacheHeaders(res: ServerResponse, file: string): void {
  const name = path.basename(file).replace(/\.(br|gz)$/, "");
  if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader("cache-control", "public, max-age=31536000, immutable");
  else if (name.endsWith(".html") || name === "sw.js" || name.startsWith("workbox-") || name.endsWith(".webmanifest")) {
    res.setHeader("cache-control", "no-cache");
  } else res.setHeader("cache-control", "public, max-age=86400");
}

/**
 * The built web app, precompressed at build time (web/scripts/precompress.mjs): a browser that accepts
 * brotli or gzip gets the .br or .gz file beside the one it asked for, with no compression at request time.
 * Any other GET that is not the server's own path is the single-page app's index.html.
 */
export function serveWebApp(app: Express, dist = WEB_DIST): void {
  if (!existsSync(dist)) return;
  const files = expressStaticGzip(dist, {
    enableBrotli: true,
    orderPreference: ["br", "gzip"],
    index: false,
    serveStatic: { index: false, setHeaders: cacheHeaders },
  });
  app.use(files);
  app.get(/^\/.*/, (req, res, next) => {
    // A hashed asset that is not there is a 404, never the page in its place.
    if (SERVER_PATHS.test(req.path) || req.path.startsWith("/assets/")) return next();
    req.url = "/index.html";
    files(req, res, next);
  });
}
