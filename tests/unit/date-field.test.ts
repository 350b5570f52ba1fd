import { describe, expect, it } from "vitest";
import { toIsoDate, toLocalDate } from "../../web/src/components/DateField.js";
import { sentenceCase } from "../../web/src/plugins/advisor/AdvisorSuggestions.js";

describe("dates as a farmer writes them (web/src/components/DateField.tsx)", () => {
  it("shows ISO days as gg.aa.iiii and reads them back, the ISO form too", () => {
    expect(toLocalDate("2026-05-12")).toBe("12.05.2026");
    expect(toIsoDate("12.05.2026")).toBe("2026-05-12");
    expect(toIsoDate("1.5.2026")).toBe("2026-05-01");
    expect(toIsoDate("12/05/2026")).toBe("2026-05-12");
    expect(toIsoDate(" 2026-05-12 ")).toBe("2026-05-12");
  });
  it("refuses what is not a calendar day", () => {
    for (const bad of ["31.02.2026", "12.13.2026", "2026/05/12", "", "12.05.26", "abc"]) expect(toIsoDate(bad), bad).toBeUndefined();
  });
});

describe("suggestion chips start with a capital (web/src/plugins/advisor/AdvisorSuggestions.tsx)", () => {
  it("by the language's rules: Azerbaijani i becomes İ", () => {
    expect(sentenceCase("fındıq hansı ayda yığılır?", "az")).toBe("Fındıq hansı ayda yığılır?");
    expect(sentenceCase("istixana pomidoru", "az")).toBe("İstixana pomidoru");
    expect(sentenceCase("irrigation this week?", "en")).toBe("Irrigation this week?");
    expect(sentenceCase("Əkin", "az")).toBe("Əkin");
  });
});
