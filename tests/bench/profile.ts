import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/**
 * `--profile`: a V8 CPU profile of the app process per scenario (open it in Chrome DevTools), and the
 * hottest functions by self time printed to stderr, so that "what limits it" comes with evidence.
 */
export function createProfiler(enabled: boolean, dir: string) {
  let session: Session | undefined;
  return async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (!enabled) return fn();
    if (!session) {
      session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: 500 });
    }
    await session.post("Profiler.start");
    try {
      return await fn();
    } finally {
      const { profile } = (await session.post("Profiler.stop")) as { profile: { nodes: ProfileNode[] } };
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${name}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      process.stderr.write(`  profile ${path.relative(process.cwd(), file)}; top self time:\n${hottest(profile.nodes)}\n`);
    }
  };
}

function hottest(nodes: ProfileNode[], top = 12): string {
  const bySite = new Map<string, number>();
  let total = 0;
  for (const n of nodes) {
    const hits = n.hitCount ?? 0;
    total += hits;
    const f = n.callFrame;
    const where = f.url ? `${f.url.replace(/^file:\/\/.*?node_modules\//, "").replace(/^file:\/\/.*?\/work\/main\//, "")}:${f.lineNumber + 1}` : "";
    const key = `${f.functionName || "(anonymous)"} ${where}`;
    bySite.set(key, (bySite.get(key) ?? 0) + hits);
  }
  return [...bySite.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => `    ${((v / total) * 100).toFixed(1).padStart(5)} %  ${k}`)
    .join("\n");
}
