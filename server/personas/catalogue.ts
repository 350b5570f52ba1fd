/**
 * Regions and the crops grown there, after ../agent/data/agronomy.json (regions.main_crops). Synthetic
 * farmers get a region and a crop grown there (README.md, "Synthetic farmers"). Crop names are stored in Azerbaijani; `en` is for the English UI.
 */
export const crops = {
  Pambıq: { en: "Cotton" },
  Buğda: { en: "Wheat" },
  Alma: { en: "Apple" },
  Üzüm: { en: "Grape" },
  Pomidor: { en: "Tomato" },
  Fındıq: { en: "Hazelnut" },
  Çay: { en: "Tea" },
  Sitrus: { en: "Citrus" },
  Qarğıdalı: { en: "Maize" },
  Nar: { en: "Pomegranate" },
  Kartof: { en: "Potato" },
} as const;
export type CropName = keyof typeof crops;
export const cropNames = Object.keys(crops) as CropName[];

/** District (as farmers name where they farm) → crops grown there, most typical first. */
export const regionCrops: Record<string, readonly CropName[]> = {
  Quba: ["Alma", "Pomidor"],
  Xaçmaz: ["Alma", "Pomidor"],
  Lənkəran: ["Çay", "Sitrus"],
  Astara: ["Çay", "Sitrus"],
  Sabirabad: ["Pambıq", "Buğda"],
  Saatlı: ["Pambıq", "Buğda"],
  İmişli: ["Pambıq", "Buğda"],
  Beyləqan: ["Pambıq", "Buğda"],
  Aran: ["Pambıq", "Buğda", "Qarğıdalı"],
  Şəki: ["Fındıq", "Buğda", "Qarğıdalı"],
  Zaqatala: ["Fındıq", "Qarğıdalı"],
  Qəbələ: ["Fındıq"],
  Göyçay: ["Nar"],
  Şamaxı: ["Üzüm", "Buğda"],
  Tovuz: ["Üzüm", "Kartof"],
  Gəncə: ["Pomidor", "Kartof", "Üzüm"],
  Cəlilabad: ["Buğda", "Kartof"],
  Naxçıvan: ["Üzüm", "Buğda"],
  Abşeron: ["Pomidor", "Üzüm"],
};
export const regionNames = Object.keys(regionCrops);

/**
 * Other spellings farmers type for each district (without Azerbaijani letters, or transliterated), for
 * the advisor's free-text matcher (../agent/catalogue-words.ts), which also folds each catalogue name itself.
 */
export const regionSpellings: Record<string, readonly string[]> = {
  Quba: ["guba", "kuba"],
  Xaçmaz: ["khachmaz", "khachmas"],
  Lənkəran: ["lankaran", "lenkoran", "lankoran"],
  Saatlı: ["saatly"],
  İmişli: ["imishli"],
  Beyləqan: ["beylagan"],
  Şəki: ["sheki", "shaki"],
  Zaqatala: ["zagatala", "zakatala"],
  Qəbələ: ["gabala", "qabala"],
  Göyçay: ["goychay"],
  Şamaxı: ["shamakhi", "shamakhy", "shamakha"],
  Gəncə: ["ganja", "gandja"],
  Cəlilabad: ["jalilabad"],
  Naxçıvan: ["nakhchivan", "nakhichevan"],
  Abşeron: ["absheron", "apsheron"],
};

/** Places farmers name that are not districts of the catalogue, each with the district it farms under, and its spellings. */
export const otherPlaces: Record<string, { region: string; spellings: readonly string[] }> = {
  Bakı: { region: "Abşeron", spellings: ["baku"] },
};

/** Lower-case keys of each district (Azerbaijani and plain casing rules: "İmişli" → "imişli", "IMIŞLI" → "ımışlı" too). */
const regionKeys = new Map<string, string>();
for (const name of regionNames) {
  const nfc = name.normalize("NFC");
  for (const key of [nfc.toLocaleLowerCase("az"), nfc.toLowerCase()]) regionKeys.set(key, name);
}

/**
 * The one region rule (API, web form, the advisor's profile changes): a district of the catalogue,
 * matched after NFC normalisation, trimming and case folding, and returned as the catalogue spells it.
 * Anything else — free text, a homoglyph such as Cyrillic "а" in "Qubа", control characters — is null.
 */
export function normaliseRegion(input: string): string | null {
  const text = input.normalize("NFC").trim().replace(/\s+/gu, " ");
  return regionKeys.get(text.toLocaleLowerCase("az")) ?? regionKeys.get(text.toLowerCase()) ?? null;
}

/** A place the advisor found in free text (a district, or another place such as Bakı) → its catalogue district, or null. */
export function regionOfPlace(place: string): string | null {
  return normaliseRegion(place) ?? (otherPlaces[place] ? normaliseRegion(otherPlaces[place].region) : null);
}

/** Farm area as stored: one decimal. Validation checks the rounded value (0.04 ha rounds to 0 and is refused). */
export function roundArea(hectares: number): number {
  return Math.round(hectares * 10) / 10;
}

export function isCropGrownIn(region: string, crop: string): boolean {
  return (regionCrops[region] ?? []).includes(crop as CropName);
}

export function cropLabel(crop: string, language: "az" | "en"): string {
  if (language === "az") return crop;
  return (crops as Record<string, { en: string }>)[crop]?.en ?? crop;
}
