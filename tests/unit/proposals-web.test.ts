import { describe, expect, it } from "vitest";
import type { Proposal } from "../../server/personas/proposals.js";
import { timeAgo } from "../../web/src/plugins/persona/Provenance.js";
import { mergeProposal } from "../../web/src/plugins/persona/proposals.js";

const proposal = (id: string, status: Proposal["status"] = "pending"): Proposal => ({
  id, personaId: "p", conversationId: "c", messageId: "m", changes: { totalAreaHa: { old: 21, new: 12 } },
  status, createdAt: "2026-11-24T03:00:00.000Z", decidedAt: status === "pending" ? null : "2026-11-24T03:01:00.000Z",
});

describe("pending proposals in a tab", () => {
  it("adds a new pending proposal first, replaces a repeated one, and drops one that is no longer pending", () => {
    let list = mergeProposal([], proposal("a"));
    list = mergeProposal(list, proposal("b"));
    expect(list.map((p) => p.id)).toEqual(["b", "a"]);
    list = mergeProposal(list, proposal("b"));
    expect(list.map((p) => p.id)).toEqual(["b", "a"]);
    for (const status of ["accepted", "dismissed", "stale"] as const) {
      expect(mergeProposal(list, proposal("a", status)).map((p) => p.id)).toEqual(["b"]);
    }
  });
});

describe("provenance time in words", () => {
  const now = Date.parse("2026-11-24T12:00:00.000Z");
  it.each([
    ["2026-11-24T11:59:30.000Z", "just now", "indicə"],
    ["2026-11-24T11:59:00.000Z", "1 minute ago", "1 dəqiqə əvvəl"],
    ["2026-11-24T09:00:00.000Z", "3 hours ago", "3 saat əvvəl"],
    ["2026-11-21T12:00:00.000Z", "3 days ago", "3 gün əvvəl"],
    ["2025-11-20T12:00:00.000Z", "1 year ago", "1 il əvvəl"],
  ])("%s → %s / %s", (at, en, az) => {
    expect(timeAgo(at, "en", now)).toBe(en);
    expect(timeAgo(at, "az", now)).toBe(az);
  });
});
