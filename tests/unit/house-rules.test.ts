/**
 * The house rules of docs/architecture.md that the layering check (dependency-cruiser) cannot see: file
 * sizes, the core naming no plugin's tables or protocol fields, and comments that say what the code does.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

/** Every file under `dir` (relative to the repository), recursively, whose name matches `pattern`. */
function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

const source = /\.(ts|tsx)$/;
const lines = (file: string) => read(file).split("\n").length - (read(file).endsWith("\n") ? 1 : 0);

/**
 * Files still over the limit, each at most the size recorded here, until they are split: a listed file may
 * not grow, and one that is back under the limit must leave the list.
 */
const NOT_YET_SPLIT = new Map<string, number>([]);
const MAX_LINES = 300;

describe("house rules", () => {
  it(`no source file in server/ or web/src is over ${MAX_LINES} lines (data files aside)`, () => {
    const over = [...files("server", source), ...files("web/src", source)]
      .map((file) => ({ file, lines: lines(file) }))
      .filter(({ file, lines }) => lines > (NOT_YET_SPLIT.get(file) ?? MAX_LINES));
    expect(over).toEqual([]);
    const split = [...NOT_YET_SPLIT.keys()].filter((file) => lines(file) <= MAX_LINES);
    expect(split, "split files leave NOT_YET_SPLIT").toEqual([]);
  });

  it("the core names no plugin's table: each plugin keeps its tables in server/<plugin>/schema.ts", () => {
    const pluginTables = files("server", /^schema\.ts$/)
      .filter((file) => file !== "server/db/schema.ts")
      .flatMap((file) => [...read(file).matchAll(/pgTable\(\s*"([a-z_]+)"/g)].map((m) => m[1]!));
    expect(pluginTables).toContain("alem_personas");
    const core = ["server/chat", "server/http", "server/auth", "server/db", "server/account"].flatMap((dir) => files(dir, source));
    const named = core.flatMap((file) => pluginTables.filter((table) => new RegExp(`\\b${table}\\b`).test(read(file))).map((table) => `${file}: ${table}`));
    expect(named).toEqual([]);
  });

  it("the core's protocol types declare no plugin's fields (plugins augment them in their folder)", () => {
    const events = read("server/chat/events.ts");
    expect(events.match(/^\s+(persona|proposals|sources|quickReplies|usedPersonaFields|entries)\??:/gm)).toBeNull();
  });

  it("comments cite no issue numbers, no brief outside the repository, no migration under an old name", () => {
    const rule = /\b[Ii]ssue[ -]\d+|CONTRACT\.md|DESIGN\.md|\.\.\/shared\/|_h1[0-4]j?_/;
    const checked = [...files("server", source), ...files("web/src", /\.(ts|tsx|css)$/), ...files("tests", source), ...files("docs", /\.md$/), ...files("migrations", /\.sql$/)];
    const offending = checked.filter((file) => rule.test(read(file)));
    expect(offending).toEqual([]);
  });
});
