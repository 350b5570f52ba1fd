/**
 * The persona catalogue's districts and crops as the advisor reads and writes them in free text: the
 * district matcher over the catalogue's districts and other places (Bakı) with the spellings farmers use,
 * and a crop's name for a sentence. The catalogue (server/personas/catalogue.ts), whose normaliseRegion is
 * the one rule for what a region is, says which districts exist; this is only the matcher for free text.
 */
import { cropNames, crops as catalogueCrops, otherPlaces, regionNames, regionSpellings } from "../personas/extension.js";
import type { Language } from "../text/language.js";
import { placeMatcher } from "../text/places.js";
import { fold, type Token } from "../text/tokens.js";

const districts = placeMatcher([
  ...regionNames.map((name) => [name, [fold(name), ...(regionSpellings[name] ?? [])]] as const),
  ...Object.entries(otherPlaces).map(([name, place]) => [name, [fold(name), ...place.spellings]] as const),
]);

/** The first district named in a text (canonical catalogue spelling, or "Bakı"); misspellings are matched after exact names. */
export function findDistrict(text: string): string | undefined {
  return districts.find(text);
}

/** A region argument ("Sheki", "şəki", "Qubada") → canonical name; undefined when unknown. */
export function resolveDistrict(input: string): string | undefined {
  return districts.resolve(input);
}

/** Whether a text names `district` in one of its words, as `resolveDistrict(word) === district` reads it. */
export function mentionsDistrict(text: string | readonly Token[], district: string): boolean {
  return districts.mentions(text, district);
}

export const catalogueRegionNames: readonly string[] = regionNames;
export const catalogueCropNames: readonly string[] = cropNames;

/** Crop name for a sentence: "pambıq" / "cotton" (lower case, as in running text). */
export function cropWord(crop: string, language: Language, dataEnglish?: string): string {
  if (language === "az") return crop.toLocaleLowerCase("az");
  const en = (catalogueCrops as Record<string, { en: string }>)[crop]?.en ?? dataEnglish ?? crop;
  return en.toLowerCase();
}
