/**
 * ./data/symptoms.json: for every catalogue crop, the pests, diseases and disorders common in Azerbaijan
 * or recorded in the data, the signs that point to each, how to tell them apart and what to do, in
 * Azerbaijani and English (the Azerbaijani text is our translation, marked in the file), each with its
 * sources. Validated once at load like ./additions.ts.
 */
import { z } from "zod";
import raw from "./data/symptoms.json" with { type: "json" };
import { citations } from "./agronomy.js";
import { additions } from "./additions.js";

const text = z.object({ az: z.string().min(1), en: z.string().min(1) });
const cause = z.object({
  id: z.string(),
  kind: z.enum(["pest", "disease", "disorder"]),
  name: text,
  scientific: z.string().nullable(),
  aliases: z.array(z.string()).optional(),
  signs: z.array(z.string()).min(1),
  look: text,
  action: text,
  src: z.array(z.string()).min(1),
  caution: z.boolean().optional(),
});
const source = z.object({ title: z.string(), publisher_or_author: z.string(), year: z.string().nullable(), url: z.string().nullable() });
const schema = z.object({
  note: z.string(),
  sources: z.record(z.string(), source),
  signs: z.record(z.string(), text),
  crops: z.record(z.string(), z.array(cause)),
});

export type Cause = z.infer<typeof cause>;
export type SymptomSource = z.infer<typeof source>;

const data = schema.parse(raw);
for (const [crop, causes] of Object.entries(data.crops)) {
  for (const c of causes) {
    for (const s of c.signs) if (!data.signs[s]) throw new Error(`symptoms.json: ${crop}/${c.id} has an unknown sign "${s}"`);
    for (const id of c.src) if (!data.sources[id] && !additions.sources[id]) throw new Error(`symptoms.json: ${crop}/${c.id} cites an unknown source "${id}"`);
  }
}

export const symptomCrops: Readonly<Record<string, readonly Cause[]>> = data.crops;
export const symptomSources: Readonly<Record<string, SymptomSource>> = data.sources;
export const signLabels: Readonly<Record<string, { az: string; en: string }>> = data.signs;

/** Source id → title, for the S.. ids of the data files and the SY.. ids of symptoms.json. */
export function symptomCitations(ids: readonly string[]): Record<string, string> {
  const out = citations(ids);
  for (const id of ids) if (!out[id] && data.sources[id]) out[id] = data.sources[id]!.title;
  return out;
}

/**
 * A farmer's reply naming one sign, for the quick-reply buttons of a clarifying question: each is read back
 * by the knowledge index as that sign (tests/unit/understanding.test.ts checks every one).
 */
export const SIGN_REPLIES: Readonly<Record<string, { az: string; en: string }>> = {
  spots: { az: "Yarpaqlarda ləkələr var", en: "Spots on the leaves" },
  yellowing: { az: "Yarpaqlar saralır", en: "The leaves turn yellow" },
  wilting: { az: "Bitki solur", en: "The plants wilt" },
  curling: { az: "Yarpaqlar bükülür", en: "The leaves curl" },
  holes: { az: "Yarpaqlarda və ya meyvədə deşiklər var", en: "Holes in the leaves or fruit" },
  rot: { az: "Meyvə çürüyür", en: "The fruit rots" },
  drop: { az: "Yarpaqlar və ya meyvələr tökülür", en: "Leaves or fruit drop" },
  coating: { az: "Ağ və ya boz örtük var", en: "A white or grey coating" },
  larvae: { az: "İçində qurd var", en: "Worms inside" },
  sticky: { az: "Yarpaqlar yapışqandır, qara örtük var", en: "Sticky leaves with black soot" },
  tunnels: { az: "Yarpağın içində minalar (yollar) var", en: "Tunnels inside the leaves" },
  empty: { az: "Ləpələr boş çıxır", en: "The kernels are empty" },
  cracking: { az: "Meyvə çatlayır", en: "The fruit cracks" },
  rust: { az: "Yarpaqda narıncı pas zolaqları var", en: "Orange rust stripes on the leaves" },
  drying: { az: "Yarpaqlar quruyur", en: "The leaves dry out" },
  bugs: { az: "Üstündə böcəklər var", en: "Insects on the plants" },
  blackening: { az: "Qaralma var", en: "Parts turn black" },
  breaking: { az: "Gövdə sınır", en: "The stalks break" },
  galls: { az: "Şişlər əmələ gəlib", en: "Galls have formed" },
  reddening: { az: "Yarpaqlar qızarır", en: "The leaves turn red" },
};
