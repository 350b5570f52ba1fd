/**
 * Regions and the crops grown there, after ../agent/data/agronomy.json (regions.main_crops) and
 * DESIGN.md. Crop names are stored in Azerbaijani; `en` is for the English UI.
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

export function isCropGrownIn(region: string, crop: string): boolean {
  return (regionCrops[region] ?? []).includes(crop as CropName);
}

export function cropLabel(crop: string, language: "az" | "en"): string {
  if (language === "az") return crop;
  return (crops as Record<string, { en: string }>)[crop]?.en ?? crop;
}
