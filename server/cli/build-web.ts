import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const webDir = path.join(root, "web");
const distIndex = path.join(webDir, "dist", "index.html");

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** True when web/dist is missing or older than any source it is built from. */
export function webBuildIsStale(): boolean {
  if (!existsSync(distIndex)) return true;
  const built = statSync(distIndex).mtimeMs;
  const sources = ["src", "public", "index.html", "vite.config.ts"].map((p) => newestMtime(path.join(webDir, p)));
  // The web app imports these server modules (event types, persona types, the crop catalogue).
  const shared = ["chat/events.ts", "personas/types.ts", "personas/catalogue.ts"].map((p) => newestMtime(path.join(root, "server", p)));
  return Math.max(...sources, ...shared) > built;
}

export async function buildWeb(): Promise<void> {
  const { build } = await import("vite");
  await build({ configFile: path.join(webDir, "vite.config.ts"), logLevel: "warn" });
}

export async function buildWebIfStale(log: (line: string) => void): Promise<void> {
  if (!existsSync(path.join(webDir, "index.html"))) return;
  if (!webBuildIsStale()) return;
  log("Building the web app (web/dist is missing or older than web/src)…");
  await buildWeb();
}
