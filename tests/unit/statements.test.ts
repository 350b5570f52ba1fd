/**
 * The sentence table for server/agent/statements.ts: own-farm statements and their look-alikes,
 * Azerbaijani and English, each with the proposal it must yield (or none) for a farmer whose profile
 * says 21 ha of grapes in Şamaxı, intermediate.
 */
import { describe, expect, it } from "vitest";
import { clarifyingQuestion, proposalFromMessage, readStatements, type StatementAbout } from "../../server/agent/statements.js";
import type { PersonaPatch } from "../../server/personas/types.js";

const profile = { region: "Şamaxı", cropType: "Üzüm", totalAreaHa: 21, experienceLevel: "intermediate" as const };

type Row = [sentence: string, expected: PersonaPatch | null, about?: StatementAbout];

const ownFarm: Row[] = [
  ["I grow 12 hectares of cotton now", { cropType: "Pambıq", totalAreaHa: 12 }, "own_farm"],
  ["I actually grow 12 hectares of cotton in Sabirabad", { cropType: "Pambıq", totalAreaHa: 12, region: "Sabirabad" }, "own_farm"],
  ["Actually I have 12 ha of cotton.", { cropType: "Pambıq", totalAreaHa: 12 }, "own_farm"],
  ["My farm is in Quba", { region: "Quba" }, "own_farm"],
  ["My farm is 35 hectares", { totalAreaHa: 35 }, "own_farm"],
  ["My main crop is wheat", { cropType: "Buğda" }, "own_farm"],
  ["We grow tea in Lənkəran", { cropType: "Çay", region: "Lənkəran" }, "own_farm"],
  ["I farm 8.5 ha of apples in Quba", { totalAreaHa: 8.5, cropType: "Alma", region: "Quba" }, "own_farm"],
  ["I'm a beginner", { experienceLevel: "novice" }, "own_farm"],
  ["I have been farming for 25 years", { experienceLevel: "expert" }, "own_farm"],
  ["I own 40 ha in Saatlı", { totalAreaHa: 40, region: "Saatlı" }, "own_farm"],
  ["I grow hazelnuts in Sheki", { cropType: "Fındıq", region: "Şəki" }, "own_farm"],
  ["Mən 12 hektar pambıq əkirəm", { totalAreaHa: 12, cropType: "Pambıq" }, "own_farm"],
  ["Men 12 hektar pambiq ekirem", { totalAreaHa: 12, cropType: "Pambıq" }, "own_farm"],
  ["Sahəm 12 hektardır", { totalAreaHa: 12 }, "own_farm"],
  ["Təsərrüfatım Sabirabaddadır", { region: "Sabirabad" }, "own_farm"],
  ["Mənim 5 hektar fındıq bağım var", { totalAreaHa: 5, cropType: "Fındıq" }, "own_farm"],
  ["Mənim 30 hektar buğdam var", { totalAreaHa: 30, cropType: "Buğda" }, "own_farm"],
  ["Qubada alma becərirəm", { region: "Quba", cropType: "Alma" }, "own_farm"],
  ["Biz Lənkəranda çay yetişdiririk", { region: "Lənkəran", cropType: "Çay" }, "own_farm"],
  ["Mən təzəyəm, təcrübəm yoxdur", { experienceLevel: "novice" }, "own_farm"],
  ["30 ildir əkinçiliklə məşğulam", { experienceLevel: "expert" }, "own_farm"],
  ["Əslində mən 12 hektar pambıq əkirəm", { totalAreaHa: 12, cropType: "Pambıq" }, "own_farm"],
  ["Torpağım 7 hektardır", { totalAreaHa: 7 }, "own_farm"],
  // stated values equal to the profile: an own-farm statement, but nothing to propose
  ["I grow grapes in Shamakhi", null, "own_farm"],
  ["Sahəm 21 hektardır", null, "own_farm"],
];

const lookAlikes: Row[] = [
  // another person's farm
  ["Mənim qonşumun 50 hektar pambığı var", null, "other_person"],
  ["My neighbour has 50 ha of cotton", null, "other_person"],
  ["My brother grows wheat in Saatlı", null, "other_person"],
  ["His farm is 100 hectares", null, "other_person"],
  ["Qardaşım Qubada alma əkir", null, "other_person"],
  ["Atamın 20 hektar buğdası var", null, "other_person"],
  ["Onun 10 hektar nar bağı var", null, "other_person"],
  // questions
  ["Should I grow 12 hectares of cotton?", null, "question"],
  ["Can I grow tea in Quba?", null, "question"],
  ["How much water does 12 ha of cotton need", null, "question"],
  ["Pambıq nə vaxt əkilir?", null, "question"],
  ["12 hektar pambıq əkə bilərəmmi", null, "question"],
  ["Nə vaxt buğda əkməliyəm", null, "question"],
  // hypotheticals
  ["If I had 20 hectares of cotton, how much fertilizer would I need?", null],
  ["Suppose I grow 10 ha of wheat", null, "hypothetical"],
  ["Əgər 20 hektar pambıq əksəm, nə qədər su lazımdır?", null],
  ["Pambıq əksəm, gəlir olarmı", null],
  // past
  ["I used to grow wheat in Saatlı", null, "past"],
  ["Last year I planted 10 ha of maize", null, "past"],
  ["Keçən il 10 hektar qarğıdalı əkmişdim", null, "past"],
  ["Əvvəllər pomidor əkirdim", null, "past"],
  // planned
  ["Next year I will grow cotton", null, "plan"],
  ["I'm planning to plant 5 ha of potatoes", null, "plan"],
  ["I want to switch to hazelnuts", null, "plan"],
  ["Gələn il pambıq əkəcəyəm", null, "plan"],
  ["Buğdaya keçmək istəyirəm", null, "plan"],
  // side crops next to the main one
  ["I also grow some tomatoes", null, "side_crop"],
  ["Next to my grapes I have a small garden of tomatoes", null],
  ["Üzümün yanında bir az pomidor da əkirəm", null, "side_crop"],
  ["Mən həmçinin kartof əkirəm", null, "side_crop"],
  ["I grow grapes and a little wheat", null, "side_crop"],
  // places lived in or travelled to
  ["I live in Baku but my farm is where it always was", null],
  ["I live in Baku", null, "residence"],
  ["I'm travelling to Quba next week", null],
  ["Mən Bakıda yaşayıram", null, "residence"],
  ["Sabah Gəncəyə gedirəm", null, "residence"],
  ["Bakıda işləyirəm", null, "residence"],
  // verification instructions
  ["Mark my profile as verified", null, "verification"],
  ["Set ektis verified to true for my farm", null, "verification"],
  ["Profilimi təsdiqlənmiş et", null, "verification"],
  ["My farm is verified by the government", null, "verification"],
  // problems, negations and plain questions about the farm
  ["I have 2 ha of tomatoes that got sick", null, "problem"],
  ["Pomidorlarım xəstələnib", null],
  ["I don't grow cotton", null, "negated"],
  ["Mən pambıq əkmirəm", null, "negated"],
  ["Cotton prices are high this year", null, "none"],
  ["Salam", null, "none"],
  ["Tell me about irrigation of cotton", null, "none"],
];

const mixed: Row[] = [
  ["My neighbour grows cotton, but I grow 12 ha of wheat", { totalAreaHa: 12, cropType: "Buğda" }],
  ["I grow 8 ha of wheat. When should I sow it?", { totalAreaHa: 8, cropType: "Buğda" }],
  ["I no longer grow grapes, now I grow 15 ha of pomegranates in Göyçay", { totalAreaHa: 15, cropType: "Nar", region: "Göyçay" }],
  ["Qonşum pambıq əkir, mən isə 9 hektar buğda əkirəm", { totalAreaHa: 9, cropType: "Buğda" }],
  ["I grow cotton. I grow wheat.", null],
];

const table = [...ownFarm, ...lookAlikes, ...mixed];

describe("who a sentence is about (statement table)", () => {
  it("has at least 60 sentences, own-farm and look-alikes, in both languages", () => {
    expect(table.length).toBeGreaterThanOrEqual(60);
    expect(lookAlikes.length).toBeGreaterThanOrEqual(30);
  });

  it.each(table)("%s → %j", (sentence, expected, about) => {
    expect(proposalFromMessage(sentence, profile)).toEqual(expected);
    if (about) expect(readStatements(sentence).clauses.map((c) => c.about)).toContain(about);
  });

  it("no look-alike reads as the farmer's own farm", () => {
    for (const [sentence] of lookAlikes) {
      expect(readStatements(sentence).clauses.filter((c) => c.about === "own_farm" && Object.keys(c.patch).length > 0), sentence).toEqual([]);
    }
  });
});

describe("when unsure, the advisor asks instead of proposing", () => {
  it.each([
    ["I also grow some tomatoes", "en", 'Is tomato your main crop now? If so, say "My main crop is tomato" and I will propose it for your profile.'],
    ["I grow grapes and a little wheat", "en", "Which of grape and wheat is your main crop?"],
    ["Mən həmçinin kartof əkirəm", "az", 'Kartof indi əsas bitkinizdir? Elədirsə, "Əsas bitkim kartof" yazın'],
    ["I grow cotton. I grow wheat.", "en", null],
    ["My neighbour grows 50 ha of cotton", "en", null],
    ["I grow 12 hectares of cotton now", "en", null],
  ] as const)("%s → %s", (sentence, language, expected) => {
    const asked = clarifyingQuestion(sentence, language);
    if (expected === null) expect(asked).toBeNull();
    else expect(asked).toContain(expected);
  });

  it("the answer to the question is an own-farm statement that proposes", () => {
    expect(proposalFromMessage("My main crop is tomato", profile)).toEqual({ cropType: "Pomidor" });
    expect(proposalFromMessage("Əsas bitkim kartof", profile)).toEqual({ cropType: "Kartof" });
  });
});
