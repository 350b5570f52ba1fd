import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../server/config.js";
import { configSchemas, loadPluginConfigs } from "../../server/plugin-configs.js";

const root = path.resolve(import.meta.dirname, "../..");

describe("plugin configurations", () => {
  it("no two configuration files read the same variable", () => {
    const readers = new Map<string, string[]>();
    for (const [file, schema] of Object.entries(configSchemas)) {
      for (const variable of Object.keys(schema.shape)) readers.set(variable, [...(readers.get(variable) ?? []), file]);
    }
    const shared = [...readers].filter(([, files]) => files.length > 1);
    expect(shared).toEqual([]);
  });

  it("lists every server/<folder>/config.ts", () => {
    const onDisk = readdirSync(path.join(root, "server"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `server/${entry.name}/config.ts`)
      .filter((file) => readdirSync(path.join(root, path.dirname(file))).includes("config.ts"));
    expect(onDisk.filter((file) => !(file in configSchemas))).toEqual([]);
  });

  it(".env.example and the README name every variable", () => {
    const example = readFileSync(path.join(root, ".env.example"), "utf8");
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const variables = Object.values(configSchemas).flatMap((schema) => Object.keys(schema.shape));
    expect(variables.filter((v) => !new RegExp(`^${v}=`, "m").test(example))).toEqual([]);
    expect(variables.filter((v) => !readme.includes(v))).toEqual([]);
  });

  it("reads each plugin's variables, and names the variable of a bad value", () => {
    const configs = loadPluginConfigs({ LLM_PROVIDER: "ollama", OFFLINE_PACE_MS: "0", ADMIN_EMAILS: "Ops@Example.az, b@example.az" });
    expect(configs.agent).toMatchObject({ provider: "ollama", offlinePaceMs: 0, ollamaBaseUrl: "http://127.0.0.1:11434" });
    expect(configs.personas.adminEmails).toEqual(["ops@example.az", "b@example.az"]);
    expect(() => loadPluginConfigs({ OFFLINE_PACE_MS: "-1" })).toThrow(ConfigError);
    try {
      loadPluginConfigs({ OFFLINE_PACE_MS: "fast" });
    } catch (error) {
      expect((error as ConfigError).variable).toBe("OFFLINE_PACE_MS");
    }
  });
});
