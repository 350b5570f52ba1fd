/**
 * The seams between plugins in the layering check (.dependency-cruiser.cjs, `npm run lint:layers`): a
 * plugin imports another plugin only through its extension.ts, and server/text imports no plugin. The
 * rules run on a small planted tree (not the repository), so the test shows they catch a violation and
 * let the allowed imports through.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { cruise, type IViolation } from "dependency-cruiser";
import { afterAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const config = require("../../.dependency-cruiser.cjs") as { forbidden: unknown[] };

const planted: Record<string, string> = {
  "server/personas/queries.ts": "export const persona = 1;\n",
  "server/personas/extension.ts": 'export { persona } from "./queries";\n',
  // Allowed: the other plugin's extension, and the plugin's own files.
  "server/agent/plugin.ts": 'import { persona } from "../personas/extension";\nimport { tool } from "./tools";\nexport const advisor = persona + tool;\n',
  "server/agent/tools.ts": 'import { words } from "../text/words";\nexport const tool = words;\n',
  "server/text/words.ts": "export const words = 1;\n",
  // Violations: another plugin's inner file, and the text room importing a plugin.
  "server/journal/plugin.ts": 'import { persona } from "../personas/queries";\nexport const journal = persona;\n',
  "server/text/months.ts": 'import { advisor } from "../agent/plugin";\nexport const months = advisor;\n',
};

const root = mkdtempSync(path.join(tmpdir(), "yonca-seams-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function violations(): Promise<string[]> {
  for (const [file, text] of Object.entries(planted)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  // Paths relative to the planted tree's root (server/…), as the rules expect.
  const result = await cruise(["server"], {
    baseDir: root,
    validate: true,
    ruleSet: { forbidden: config.forbidden } as never,
    enhancedResolveOptions: { extensions: [".ts"] },
  });
  if (typeof result.output === "string") throw new Error("unexpected text output");
  return result.output.summary.violations.map((v: IViolation) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

describe("layering check: seams between plugins", () => {
  it("flags a plugin importing another plugin's inner file and server/text importing a plugin, and nothing else", async () => {
    expect(await violations()).toEqual([
      "plugins-meet-through-extension: server/journal/plugin.ts → server/personas/queries.ts",
      "text-imports-no-plugin: server/text/months.ts → server/agent/plugin.ts",
    ]);
  });
});
