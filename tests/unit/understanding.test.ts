import { describe, expect, it } from "vitest";
import { stem } from "../../server/agent/understanding/stem.js";
import { understand } from "../../server/agent/understanding/index.js";
import { isFarmQuestion, planToolCalls } from "../../server/agent/providers/offline-plan.js";
import { SIGN_REPLIES, signLabels, symptomCrops } from "../../server/agent/symptoms.js";
import { sourceRef } from "../../server/agent/sources.js";
import { cropNames } from "../../server/personas/catalogue.js";
import { createAdvisor } from "../../server/agent/index.js";
import type { Persona } from "../../server/personas/types.js";
import { impureSentences } from "../eval/judge.js";

// The knowledge index reads questions as farmers write them. These phrasings are in the style of
// the eval's held-out part (tests/eval/heldout.ts) — no Azerbaijani letters, inflected, another crop than the
// farm's, compound, follow-ups — but none of them is a held-out question.

const names = (calls: { name: string }[]) => calls.map((c) => c.name);

describe("Azerbaijani folding and stemming", () => {
  it.each([
    ["pomidorun", "pomidor"], ["pomidora", "pomidor"], ["pomidorda", "pomidor"], ["Pomidorlarımla", "pomidor"],
    ["fındıqlığımda", "findiq"], ["findiqligimda", "findiq"], ["Pambığa", "pambiq"], ["pambiga", "pambiq"], ["pambiq", "pambiq"],
    ["buğdanı", "bugda"], ["bugdaya", "bugda"], ["tomatoes", "tomato"], ["yarpaqlarında", "yarpaq"],
    // An English word that ends in g keeps it: the q of pambığı → pambiq comes back only where a suffix went.
    ["bugs", "bug"], ["bug", "bug"],
  ])("%s → %s", (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it("keeps apart words whose endings only look alike (narıncı is not nar, xəstə is not xəstəlik, mənə is not mənənə)", () => {
    expect(stem("narıncı")).not.toBe(stem("nar"));
    expect(stem("xəstədir")).not.toBe(stem("xəstəliklər"));
    expect(stem("Mənə")).not.toBe(stem("mənənəsi"));
  });
});

describe("what a question names", () => {
  it("finds the crop without Azerbaijani letters and with case endings", () => {
    expect(understand("bugdanin kokleri curuyur").crops).toEqual(["Buğda"]);
    expect(understand("uzumluyumde yarpaqlar saralib").crops).toEqual(["Üzüm"]);
    expect(understand("kartofumuzda bocekler var").signs).toContain("bugs");
    expect(understand("sekide iyunda yagis").district).toBe("Şəki");
  });

  it("names a pest by its own name, not by a symptom word in it", () => {
    expect(understand("qozaqurdu pambiqda").causes).toContainEqual({ crop: "Pambıq", id: "bollworm" });
    // "ləkəlik" in early blight's Azerbaijani name is a sign, not the disease's name.
    expect(understand("yarpaqlarda ləkələr var").causes).toEqual([]);
  });
});

describe("the offline router (held-out style phrasings)", () => {
  it("a plural English pest word names the pests topic (what insects / which bugs …)", () => {
    expect(names(planToolCalls("which bugs eat my grapes?", { farmCrop: "Üzüm" }))).toEqual(["pests_diseases"]);
  });

  it("splits at 'həm də' / 'bir də' after a comma, in Azerbaijani letters or without them", () => {
    for (const q of ["kartofun xəstəlikləri hansılardır, həm də pomidoru nə vaxt əkim?", "kartofun xestelikleri hansilardir, hem de pomidoru ne vaxt ekim?"]) {
      const calls = planToolCalls(q, { farmCrop: "Buğda" });
      expect(calls.map((c) => [c.name, c.args.crop])).toEqual([["pests_diseases", "Kartof"], ["crop_calendar", "Pomidor"]]);
    }
  });

  it("no Azerbaijani letters: irrigation with crop and month", () => {
    const calls = planToolCalls("bugdaya iyunda ne qeder su lazimdir", { farmCrop: "Buğda" });
    expect(calls).toEqual([{ name: "irrigation_need", args: { crop: "Buğda", month: 6 } }]);
  });

  it("an inflected crop in a symptom question picks the pests tool with the farmer's words", () => {
    const calls = planToolCalls("fındıqlığımda ağaclar quruyur, yarpaqları tökülür", { farmCrop: "Fındıq" });
    expect(names(calls)).toEqual(["pests_diseases"]);
    expect(calls[0]!.args).toMatchObject({ crop: "Fındıq" });
  });

  it("another crop than the farm's is answered per hectare, the farm's own crop for the farm's area", () => {
    expect(planToolCalls("kartofa ne qeder gubre lazimdir?", { farmCrop: "Fındıq" })).toEqual([{ name: "fertilizer_plan", args: { crop: "Kartof", areaHa: 1 } }]);
    expect(planToolCalls("fındığa nə qədər gübrə lazımdır?", { farmCrop: "Fındıq" })).toEqual([{ name: "fertilizer_plan", args: { crop: "Fındıq" } }]);
  });

  it("a compound question is planned part by part, each with its own crop", () => {
    const calls = planToolCalls("almanın xəstəlikləri hansılardır? bir də kartofa nə qədər gübrə?", { farmCrop: "Alma" });
    expect(calls.map((c) => [c.name, c.args.crop])).toEqual([["pests_diseases", "Alma"], ["fertilizer_plan", "Kartof"]]);
  });

  it("a follow-up keeps the previous question's topic with the new crop, district or month", () => {
    expect(planToolCalls("bəs buğda üçün?", { previous: "Pambığa nə qədər gübrə verim?", farmCrop: "Pambıq" }))
      .toEqual([{ name: "fertilizer_plan", args: { crop: "Buğda", areaHa: 1 } }]);
    expect(planToolCalls("bəs Qubada?", { previous: "Şəkidə avqustda iqlim necədir?" })).toEqual([{ name: "climate_normals", args: { region: "Quba", month: 8 } }]);
    expect(planToolCalls("and in September?", { previous: "How much water do my tomatoes need in August?", farmCrop: "Pomidor" }))
      .toEqual([{ name: "irrigation_need", args: { crop: "Pomidor", month: 9 } }]);
  });

  it("a vague complaint goes to the pests tool, which asks; off-topic and look-alikes are not farm questions", () => {
    expect(names(planToolCalls("agaclarim xestelenib", { farmCrop: "Alma" }))).toEqual(["pests_diseases"]);
    expect(planToolCalls("Apple mağazası harada yerləşir?")).toEqual([]);
    expect(isFarmQuestion("Apple mağazası harada yerləşir?")).toBe(false);
    expect(isFarmQuestion("Who painted the Mona Lisa?")).toBe(false);
    expect(isFarmQuestion("pomidor")).toBe(true);
  });
});

describe("the symptom table", () => {
  it("has sourced causes for every catalogue crop, each source a readable reference", () => {
    for (const crop of cropNames) {
      const causes = symptomCrops[crop] ?? [];
      expect(causes.length, crop).toBeGreaterThan(0);
      for (const c of causes) {
        for (const id of c.src) expect(sourceRef(id), `${crop}/${c.id} ${id}`).toBeDefined();
        expect(c.look.az).not.toBe(c.look.en);
      }
    }
  });

  it("reads every quick reply back as its own sign, in both languages", () => {
    for (const [sign, text] of Object.entries(SIGN_REPLIES)) {
      expect(signLabels[sign], sign).toBeDefined();
      expect(understand(text.az).signs, text.az).toContain(sign);
      expect(understand(text.en).signs, text.en).toContain(sign);
    }
  });
});

describe("symptom answers (offline advisor)", () => {
  const persona: Persona = {
    id: "00000000-0000-4000-8000-0000000000a1", userId: "00000000-0000-4000-8000-0000000000a2", email: "f@example.com", fullName: "Aysel Quliyeva",
    finCode: "1AAAAAA", phone: "+994 50 000 00 00", region: "Gəncə", cropType: "Pomidor", totalAreaHa: 3, experienceLevel: "intermediate",
    ektisVerified: false, dataSource: "synthetic", createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z", lastLoginAt: "2026-01-01T00:00:00.000Z",
  };
  const advisor = createAdvisor({ provider: "offline", offlinePaceMs: 0 });
  const ask = (history: { role: "user" | "assistant"; content: string }[], language: "az" | "en" = "az") =>
    advisor.run({
      persona, language, history, signal: new AbortController().signal, onToken: () => undefined, onTool: () => undefined,
      proposePersonaChange: async () => ({ status: "proposed", proposalId: "x", changes: {} }),
    });

  it("names the likely causes, how to tell them apart and what to do, all in Azerbaijani, with sources", async () => {
    const result = await ask([{ role: "user", content: "pomidor yarpaqlari saralib quruyur, ne edim" }]);
    expect(result.text).toMatch(/Necə tanımaq olar/);
    expect(result.text).toMatch(/Nə etməli/);
    expect(result.sources.length).toBeGreaterThan(0);
    expect(impureSentences(result.text, "az")).toEqual([]);
    expect(result.quickReplies).toEqual([]);
  });

  it("asks one clarifying question with quick replies, and a quick reply gets the causes of the farm's crop", async () => {
    const first = await ask([{ role: "user", content: "pomidorlarim xestedir" }]);
    expect(first.quickReplies.length).toBeGreaterThanOrEqual(2);
    expect(first.sources).toEqual([]);
    const reply = first.quickReplies[0]!;
    const second = await ask([{ role: "user", content: "pomidorlarim xestedir" }, { role: "assistant", content: first.text }, { role: "user", content: reply }]);
    expect(second.text).toMatch(/^Pomidor: /);
    expect(second.text).toMatch(/Necə tanımaq olar/);
    expect(second.quickReplies).toEqual([]);
  });

  it("an English symptom question about another crop is answered in English about that crop", async () => {
    const result = await ask([{ role: "user", content: "my potato leaves got black rotting spots after the rain" }], "az");
    expect(result.text).toMatch(/^Potato with /);
    expect(result.text).toMatch(/Late blight/);
    expect(impureSentences(result.text, "en")).toEqual([]);
  });
});
