import { describe, expect, it } from "vitest";
import { matchJournalQuestion, renderJournalAnswer } from "../../server/journal/advisor-tool.js";
import { journalAddSchema, journalToday } from "../../server/journal/payloads.js";

describe("the journal's offline question match", () => {
  it("asks the journal for the farmer's own past work, in both languages", () => {
    expect(matchJournalQuestion("When did I last irrigate?", "en")).toEqual({ kind: "irrigation", limit: 1 });
    expect(matchJournalQuestion("Son dəfə nə vaxt suvardım?", "az")).toEqual({ kind: "irrigation", limit: 1 });
    expect(matchJournalQuestion("SON DƏFƏ NƏ VAXT SUVARDIM?", "az")).toEqual({ kind: "irrigation", limit: 1 });
    expect(matchJournalQuestion("When did I last spray the orchard?", "en")).toEqual({ kind: "spraying", limit: 1 });
    expect(matchJournalQuestion("Son dəfə nə vaxt gübrə verdim?", "az")).toEqual({ kind: "fertilizer", limit: 1 });
    expect(matchJournalQuestion("Nə vaxt çilədim?", "az")).toEqual({ kind: "spraying", limit: 1 });
    expect(matchJournalQuestion("When did I last sow wheat?", "en")).toEqual({ kind: "sowing", limit: 1 });
    expect(matchJournalQuestion("Sonuncu dəfə nə vaxt əkdim?", "az")).toEqual({ kind: "sowing", limit: 1 });
    expect(matchJournalQuestion("When did I last harvest?", "en")).toEqual({ kind: "harvest", limit: 1 });
    expect(matchJournalQuestion("Son dəfə nə vaxt məhsul yığdım?", "az")).toEqual({ kind: "harvest", limit: 1 });
    // Asked in English with the interface in Azerbaijani.
    expect(matchJournalQuestion("When did I last irrigate?", "az")).toEqual({ kind: "irrigation", limit: 1 });
    expect(matchJournalQuestion("What is in my journal?", "en")).toEqual({ limit: 5 });
  });

  it("leaves advice questions to the advisor", () => {
    expect(matchJournalQuestion("When should I irrigate tomatoes in Quba?", "en")).toBeUndefined();
    expect(matchJournalQuestion("Pomidoru nə vaxt suvarmalıyam?", "az")).toBeUndefined();
    expect(matchJournalQuestion("How much fertilizer does wheat need?", "en")).toBeUndefined();
  });
});

describe("the journal's offline answer", () => {
  const entry = { date: "2026-05-12", kind: "irrigation" as const, text: "Drip, 3 hours [see](http://x.example)" };

  it("answers with the entry's date and its text, escaped", () => {
    const en = renderJournalAnswer({ tool: "journal_recent", kind: "irrigation", entries: [entry] }, "en");
    expect(en).toContain("12 May 2026");
    expect(en).toContain("your last irrigation");
    expect(en).toContain("Drip\\, 3 hours \\[see\\]\\(http\\:");
    const az = renderJournalAnswer({ tool: "journal_recent", kind: "irrigation", entries: [entry] }, "az");
    expect(az).toContain("12 may 2026");
    expect(az).toContain("son suvarma");
  });

  it("says honestly when there is no such entry", () => {
    expect(renderJournalAnswer({ tool: "journal_recent", kind: "harvest", entries: [] }, "en")).toMatch(/no harvest entry yet/);
    expect(renderJournalAnswer({ tool: "journal_recent", kind: "irrigation", entries: [] }, "az")).toMatch(/hələ suvarma qeydi yoxdur/);
  });
});

describe("journal:add payloads", () => {
  it("trims the text and keeps line breaks", () => {
    expect(journalAddSchema.parse({ kind: "note", text: "  line one\nline two  " })).toEqual({ kind: "note", text: "line one\nline two" });
  });

  it("refuses control characters, empty or over-long text, unknown kinds, impossible or absurd dates", () => {
    const bad = [
      { kind: "note", text: "a\u0000b" },
      { kind: "note", text: "a\u001bb" },
      { kind: "note", text: "   " },
      { kind: "note", text: "x".repeat(1001) },
      { kind: "dancing", text: "x" },
      { kind: "note", text: "x", date: "2026-02-30" },
      { kind: "note", text: "x", date: "12.05.2026" },
      { kind: "note", text: "x", date: "0202-05-01" },
      { kind: "note", text: "x", date: "2999-01-01" },
    ];
    for (const payload of bad) expect(journalAddSchema.safeParse(payload).success, JSON.stringify(payload)).toBe(false);
    expect(journalAddSchema.safeParse({ kind: "note", text: "x".repeat(1000), date: journalToday() }).success).toBe(true);
  });
});
