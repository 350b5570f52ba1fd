import { afterEach, describe, expect, it } from "vitest";
import * as core from "../../web/src/strings/core.js";
import { i18n } from "../../web/src/i18n.js";
import { displayedText, panelComponent, pluginNamespaces, pluginString, plugins } from "../../web/src/plugins/registry.js";
import type { UiMessage } from "../../web/src/lib/chatState.js";
import { sourcesLine, type SourceRef } from "../../server/agent/sources.js";

afterEach(async () => {
  await i18n.changeLanguage("az");
});

describe("web plugin registry", () => {
  it("registers each plugin once, by the server plugin's name", () => {
    expect(pluginNamespaces).toContain("persona");
    expect(pluginNamespaces).toContain("advisor");
    expect(new Set(pluginNamespaces).size).toBe(pluginNamespaces.length);
    expect(pluginNamespaces).not.toContain("core");
  });

  it("has every string of every namespace in both languages", () => {
    for (const { name, strings } of [{ name: "core", strings: core }, ...plugins]) {
      expect(Object.keys(strings.en).sort(), name).toEqual(Object.keys(strings.az).sort());
      for (const [key, text] of Object.entries(strings.en)) expect(text, `${name}:${key}`).not.toBe("");
    }
  });

  it("finds a panel component by kind and none for a kind no plugin renders", () => {
    expect(panelComponent("persona")).toBeDefined();
    expect(panelComponent("no-such-kind")).toBeUndefined();
  });

  it("labels a tool from the plugin that names it, in the UI language; an unknown tool has no plugin label", async () => {
    expect(pluginString("tool.crop_calendar")).toBe("əkin təqviminə baxılır…");
    await i18n.changeLanguage("en");
    expect(pluginString("tool.crop_calendar")).toMatch(/calendar/i);
    expect(pluginString("tool.some_new_tool")).toBeUndefined();
    // The generic label is the core's.
    expect(i18n.t("tool.other")).toBe(core.en["tool.other"]);
  });

  it("reads a plugin's words for a session refusal code it owns", () => {
    expect(pluginString("refused.persona_unavailable")).toContain("Profiliniz");
    expect(pluginString("refused.something_else")).toBeUndefined();
  });

  it("falls back to the core namespace for shared words", () => {
    expect(i18n.t("cancel", { ns: "persona" })).toBe(core.az.cancel);
    expect(i18n.t("personaTitle", { ns: "persona" })).toBe("Fermer profili");
  });
});

describe("an answer's text as shown (the plugins' displayText)", () => {
  const refs: SourceRef[] = [
    { id: "S1", title: "pyfao56", publisher: "K. Thorp et al.", year: "2024", url: "https://github.com/kthorp/pyfao56" },
    { id: "S48", title: "Climate normals", publisher: "WMO World Weather Information Service", year: "1990", url: null },
  ];
  const answer = (content: string, sources?: SourceRef[]) =>
    ({ id: "m1", conversationId: "c1", role: "assistant", content, status: "complete", runId: "r1", seq: 3, createdAt: "", sources }) as unknown as UiMessage;

  it("leaves out the closing sources line the server writes (either language) once the decoration lists the sources", () => {
    for (const language of ["az", "en"] as const) {
      const body = "Iyulda pomidor üçün suvarma: **5,2 mm/gün**.\n\n- səhər tezdən";
      const stored = `${body}\n\n${sourcesLine(refs, language)}`;
      expect(displayedText(answer(stored, refs)), language).toBe(body);
      // Without the sources (still streaming, or an answer without figures) the text is shown as stored.
      expect(displayedText(answer(stored))).toBe(stored);
      expect(displayedText(answer(stored, []))).toBe(stored);
    }
  });

  it("keeps a line that only mentions sources when it is not the answer's last paragraph", () => {
    const text = `Sources: ask your extension officer.\n\nWater in the morning.`;
    expect(displayedText(answer(text, refs))).toBe(text);
  });
});

