import { describe, expect, it } from "vitest";
import { isCropGrownIn, regionNames } from "../../server/personas/catalogue.js";
import {
  FIN_PATTERN, PHONE_PATTERN, SURNAME_ENDING, generateFinCode, generatePersonaCandidate,
} from "../../server/personas/generator.js";

const emails = Array.from({ length: 1000 }, (_, i) => `farmer.${i}@example.az`);
const personas = emails.map((email) => generatePersonaCandidate(email));

describe("synthetic farmer generator, over 1,000 emails", () => {
  it("gives every persona a valid FIN: a digit 1–9, then six of A–Z (no I, O) and 0–9", () => {
    for (const p of personas) expect(p.finCode).toMatch(FIN_PATTERN);
    expect(FIN_PATTERN.test("1ABCDIO")).toBe(false);
    expect(FIN_PATTERN.test("0ABCDEF")).toBe(false);
  });

  it("gives every persona an Azerbaijani mobile number with a real operator code", () => {
    for (const p of personas) expect(p.phone).toMatch(PHONE_PATTERN);
    const operators = new Set(personas.map((p) => p.phone.slice(5, 7)));
    expect([...operators].sort()).toEqual(["10", "50", "51", "55", "60", "70", "77", "99"]);
  });

  it("grows every crop in a region where it is grown", () => {
    for (const p of personas) expect(isCropGrownIn(p.region, p.cropType), `${p.region}/${p.cropType}`).toBe(true);
    expect(new Set(personas.map((p) => p.region)).size).toBe(regionNames.length);
  });

  it("names every farmer with a given name and a surname of the same sex", () => {
    for (const p of personas) {
      const parts = p.fullName.split(" ");
      expect(parts, p.fullName).toHaveLength(2);
      expect(parts[1]).toMatch(SURNAME_ENDING);
    }
    // -ova/-yeva surnames go with female names and -ov/-yev with male ones: the same given name never takes both.
    const sexOf = new Map<string, string>();
    for (const { fullName } of personas) {
      const [given, surname] = fullName.split(" ") as [string, string];
      const sex = /(ova|yeva)$/.test(surname) ? "f" : /(ov|yev)$/.test(surname) ? "m" : undefined;
      if (!sex) continue;
      expect(sexOf.get(given) ?? sex, fullName).toBe(sex);
      sexOf.set(given, sex);
    }
  });

  it("is smallholder-heavy: areas have one decimal, most between 1 and 30 ha, none over 100", () => {
    for (const p of personas) {
      expect(p.totalAreaHa).toBeGreaterThanOrEqual(1);
      expect(p.totalAreaHa).toBeLessThanOrEqual(100);
      expect(Math.round(p.totalAreaHa * 10)).toBeCloseTo(p.totalAreaHa * 10, 6);
    }
    const small = personas.filter((p) => p.totalAreaHa <= 30).length;
    expect(small / personas.length).toBeGreaterThan(0.75);
    expect(personas.some((p) => p.totalAreaHa > 60)).toBe(true);
  });

  it("uses all three experience levels", () => {
    expect(new Set(personas.map((p) => p.experienceLevel))).toEqual(new Set(["novice", "intermediate", "expert"]));
  });

  it("gives the same email the same persona, whatever its case and spaces", () => {
    for (const email of emails.slice(0, 100)) {
      expect(generatePersonaCandidate(email)).toEqual(generatePersonaCandidate(`  ${email.toUpperCase()} `));
    }
  });

  it("moves to a different farmer for the next generation, and to a different FIN on a collision attempt", () => {
    const first = generatePersonaCandidate("a@example.az");
    const next = generatePersonaCandidate("a@example.az", { generation: 1 });
    expect(next).not.toEqual(first);
    expect(generateFinCode("a@example.az", 0, 1)).not.toBe(first.finCode);
    expect(generateFinCode("a@example.az", 0, 0)).toBe(first.finCode);
  });

  it("takes the full name from the identity provider's name claim when given", () => {
    expect(generatePersonaCandidate("b@example.az", { name: "  Leyla   Məmmədova " }).fullName).toBe("Leyla Məmmədova");
    expect(generatePersonaCandidate("b@example.az", { name: "   " }).fullName).toBe(generatePersonaCandidate("b@example.az").fullName);
  });

  it("gives 1,000 emails 1,000 different FIN codes", () => {
    expect(new Set(personas.map((p) => p.finCode)).size).toBe(1000);
  });
});

describe("a FIN collision retry", () => {
  it("changes only the FIN", () => {
    const first = generatePersonaCandidate("retry@example.az");
    const retry = generatePersonaCandidate("retry@example.az", { finAttempt: 1 });
    expect({ ...retry, finCode: "" }).toEqual({ ...first, finCode: "" });
    expect(retry.finCode).not.toBe(first.finCode);
  });
});
