// Writes a .br and a .gz beside every text file of the build (after the service worker is generated),
// so the server sends compressed bytes without compressing per request (server/http/static.ts).
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const TEXT = /\.(html|js|mjs|css|svg|json|webmanifest|txt)$/;

/** @param {string} dir @returns {string[]} */
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** @param {string} dist */
export function precompressDir(dist) {
  let raw = 0;
  let br = 0;
  for (const file of filesUnder(dist)) {
    if (!TEXT.test(file) || statSync(file).size < 512) continue;
    const source = readFileSync(file);
    const brotli = brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: source.length } });
    const gzip = gzipSync(source, { level: 9 });
    if (brotli.length < source.length) writeFileSync(`${file}.br`, brotli);
    if (gzip.length < source.length) writeFileSync(`${file}.gz`, gzip);
    raw += source.length;
    br += Math.min(brotli.length, source.length);
  }
  return { raw, br };
}

/** Vite plugin: runs last, after vite-plugin-pwa wrote sw.js. */
export function precompress() {
  let outDir = "";
  return {
    name: "yonca:precompress",
    apply: "build",
    enforce: "post",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      sequential: true,
      order: "post",
      handler() {
        const { raw, br } = precompressDir(outDir);
        console.log(`precompressed: ${(raw / 1024).toFixed(1)} KB of text → ${(br / 1024).toFixed(1)} KB brotli`);
      },
    },
  };
}
