import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import ReactMarkdown from "react-markdown";
import { describe, expect, it } from "vitest";
import { renderGreeting } from "../../server/agent/providers/offline-answers.js";
import { escapeMarkdownText } from "../../server/markdown.js";
import { normaliseRegion, regionNames, roundArea } from "../../server/personas/catalogue.js";
import { parsePersonaPatch } from "../../server/personas/plugin.js";
import { hasControlCharacters } from "../../server/validation.js";

const html = (markdown: string) => renderToStaticMarkup(createElement(ReactMarkdown, null, markdown));

describe("the one region rule", () => {
  it("accepts catalogue districts whatever their case, spacing or Unicode form, and returns the catalogue's spelling", () => {
    expect(normaliseRegion("quba")).toBe("Quba");
    expect(normaliseRegion("  QUBA ")).toBe("Quba");
    expect(normaliseRegion("imişli")).toBe("İmişli");
    expect(normaliseRegion("İMİŞLİ")).toBe("İmişli");
    expect(normaliseRegion("Lənkəran".normalize("NFD"))).toBe("Lənkəran");
    for (const name of regionNames) expect(normaliseRegion(name)).toBe(name);
  });

  it("refuses homoglyphs, free text and control characters", () => {
    expect(normaliseRegion("Qub\u0430")).toBeNull(); // Cyrillic а
    expect(normaliseRegion("\u0051uba".replace("Q", "\u051A"))).toBeNull(); // Cyrillic Ԛ
    expect(normaliseRegion("Atlantis")).toBeNull();
    expect(normaliseRegion("Quba\u0000")).toBeNull();
    expect(normaliseRegion("Quba rayonu, kənd 5")).toBeNull();
  });

  it("is what the API's persona patch (and so the advisor's profile change) applies", () => {
    expect(parsePersonaPatch({ region: " quba " })).toEqual({ region: "Quba" });
    let refused: unknown;
    try {
      parsePersonaPatch({ region: "Qub\u0430" });
    } catch (error) {
      refused = error;
    }
    expect(JSON.stringify(refused && (refused as { toJSON(): unknown }).toJSON())).toMatch(/one of the districts/);
  });
});

describe("area", () => {
  it("is checked after rounding to one decimal", () => {
    expect(roundArea(0.04)).toBe(0);
    expect(() => parsePersonaPatch({ totalAreaHa: 0.04 })).toThrow();
    expect(parsePersonaPatch({ totalAreaHa: 0.05 })).toEqual({ totalAreaHa: 0.1 });
    expect(parsePersonaPatch({ totalAreaHa: 12.34 })).toEqual({ totalAreaHa: 12.3 });
  });
});

describe("control characters", () => {
  it("are found in one-line text; messages keep tab and line breaks", () => {
    expect(hasControlCharacters("Nigar\u0000")).toBe(true);
    expect(hasControlCharacters("a\u0085b")).toBe(true);
    expect(hasControlCharacters("line one\nline two")).toBe(true);
    expect(hasControlCharacters("line one\r\n\tline two", { allowLineBreaks: true })).toBe(false);
    expect(hasControlCharacters("x\u0007", { allowLineBreaks: true })).toBe(true);
    expect(hasControlCharacters("Əli Məmmədov")).toBe(false);
  });
});

describe("a farmer's name in the advisor's markdown", () => {
  it("renders as the same text and never as a link", () => {
    for (const name of ["[click](https://evil.example)", "<https://evil.example>", "**Bold**", "<img src=x onerror=alert(1)>"]) {
      const rendered = html(escapeMarkdownText(name));
      expect(rendered).not.toMatch(/<a |<img|<strong/);
    }
    expect(html(escapeMarkdownText("Ə. Məmmədov-Quliyev"))).toBe("<p>Ə. Məmmədov-Quliyev</p>");
  });

  it("in the offline advisor's greeting", () => {
    for (const language of ["az", "en"] as const) {
      const greeting = renderGreeting({ name: "[Leyla](https://evil.example) Məmmədova", language });
      const rendered = html(greeting);
      expect(rendered).not.toContain("<a ");
      expect(rendered).toContain("[Leyla](https://evil.example)");
    }
  });
});
