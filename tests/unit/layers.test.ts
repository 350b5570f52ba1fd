/**
 * The layering check (.dependency-cruiser.cjs, `npm run lint:layers`) bites: every rule it has is run on a
 * small planted tree (not the repository) holding one violation of that rule, and allowed imports beside
 * them. Each rule must flag exactly its planted violation(s), and a rule added to the config without a
 * planted violation here fails the test.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { cruise, type IViolation } from "dependency-cruiser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const config = require("../../.dependency-cruiser.cjs") as { forbidden: { name: string }[] };

const planted: Record<string, string> = {
  // Allowed: a plugin's own files, another plugin's extension, the core, server/text; the core's layers among themselves.
  "server/personas/queries.ts": 'import { error } from "../errors";\nexport const persona = error;\n',
  "server/personas/extension.ts": 'export { persona } from "./queries";\n',
  "server/agent/plugin.ts": 'import { persona } from "../personas/extension";\nimport { tool } from "./tools";\nimport { api } from "../chat/plugins";\nexport const advisor = persona + tool + api;\n',
  "server/agent/tools.ts": 'import { words } from "../text/words";\nexport const tool = words;\n',
  "server/text/words.ts": "export const words = 1;\n",
  "server/errors.ts": "export const error = 1;\n",
  "server/chat/plugins.ts": 'import { user } from "../http/user";\nimport { db } from "../db/client";\nexport const api = user + db;\n',
  "server/http/user.ts": "export const user = 1;\n",
  "server/db/client.ts": "export const db = 1;\n",
  "server/auth/sessions.ts": 'import { db } from "../db/client";\nexport const sessions = db;\n',

  // Violations, one per rule (core-knows-no-plugin: one per core layer).
  "server/chat/server.ts": 'import { advisor } from "../agent/plugin";\nexport const server = advisor;\n',
  "server/http/app.ts": 'import { journal } from "../journal/plugin";\nexport const app = journal;\n',
  "server/db/seed.ts": 'import { persona } from "../personas/extension";\nexport const seed = persona;\n',
  "server/auth/routes.ts": 'import { persona } from "../personas/queries";\nexport const routes = persona;\n',
  "server/chat/account-link.ts": 'import { account } from "../account/delete";\nexport const link = account;\n',
  "server/account/delete.ts": "export const account = 1;\n",
  "server/personas/admin.ts": 'import { sessions } from "../auth/sessions";\nexport const admin = sessions;\n',
  "server/journal/plugin.ts": 'import { persona } from "../personas/queries";\nexport const journal = persona;\n',
  "server/text/months.ts": 'import { advisor } from "../agent/plugin";\nexport const months = advisor;\n',
  "server/journal/a.ts": 'import { b } from "./b";\nexport const a = b;\n',
  "server/journal/b.ts": 'import { a } from "./a";\nexport const b = a;\n',
};

const expected: Record<string, string[]> = {
  "core-knows-no-plugin": [
    "server/auth/routes.ts → server/personas/queries.ts",
    "server/chat/account-link.ts → server/account/delete.ts",
    "server/chat/server.ts → server/agent/plugin.ts",
    "server/db/seed.ts → server/personas/extension.ts",
    "server/http/app.ts → server/journal/plugin.ts",
  ],
  "core-imports-only-core": ["server/chat/account-link.ts → server/account/delete.ts", "server/chat/server.ts → server/agent/plugin.ts"],
  "auth-not-personas": ["server/auth/routes.ts → server/personas/queries.ts"],
  "personas-not-auth": ["server/personas/admin.ts → server/auth/sessions.ts"],
  "plugins-meet-through-extension": ["server/journal/plugin.ts → server/personas/queries.ts"],
  "text-imports-no-plugin": ["server/text/months.ts → server/agent/plugin.ts"],
  // A circle is reported once, at the module where the cruise enters it.
  "no-circular": ["server/journal/a.ts → server/journal/b.ts"],
};

const root = mkdtempSync(path.join(tmpdir(), "yonca-layers-"));
let found: Record<string, string[]> = {};

beforeAll(async () => {
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
  found = {};
  for (const v of result.output.summary.violations as IViolation[]) (found[v.rule.name] ??= []).push(`${v.from} → ${v.to}`);
  for (const list of Object.values(found)) list.sort();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("layering check", () => {
  it("has a planted violation for every rule in .dependency-cruiser.cjs", () => {
    expect(config.forbidden.map((rule) => rule.name).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.keys(expected))("%s flags its planted violation(s) and nothing else", (rule) => {
    expect(found[rule] ?? []).toEqual(expected[rule]);
  });

  it("lets the allowed imports through", () => {
    const all = Object.values(found).flat().join("\n");
    for (const allowed of ["server/agent/plugin.ts → server/personas/extension.ts", "server/agent/tools.ts → server/text/words.ts", "server/chat/plugins.ts → server/http/user.ts", "server/auth/sessions.ts → server/db/client.ts"]) {
      expect(all).not.toContain(allowed);
    }
  });
});
