/**
 * Filling a tool's missing arguments from the farmer's persona (crop, region, area), reading them as a
 * model or a farmer writes them, and recording the persona fields used that way for the run.
 */
import type { PersonaField } from "../personas/extension.js";
import type { RunContext } from "./configuration.js";
import { cropData, cropKeys, type CropData } from "./agronomy.js";
import { resolveDistrict } from "./catalogue-words.js";
import { resolveCropName } from "../text/crops.js";
import { resolveCrop } from "./understanding/index.js";

export function round(value: number, decimals = 1): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export type CropPick = { ok: true; crop: string; data: CropData; fromProfile: boolean } | { ok: false; input: string };

export function pickCrop(arg: string | undefined, ctx: RunContext): CropPick {
  const persona = ctx.persona;
  const input = arg?.trim() || persona.cropType;
  // The knowledge index reads what a model or a farmer writes ("pambiga", "tomatoes") like the offline router.
  const crop = resolveCropName(input, cropKeys) ?? resolveCrop(input);
  const data = crop ? cropData(crop) : undefined;
  if (!crop || !data) return { ok: false, input };
  return { ok: true, crop, data, fromProfile: crop === persona.cropType };
}

export function pickRegion(arg: string | undefined, ctx: RunContext): { region: string | undefined; input: string; fromProfile: boolean } {
  const input = arg?.trim() || ctx.persona.region;
  const region = resolveDistrict(input);
  return { region, input, fromProfile: region !== undefined && region === ctx.persona.region };
}

export function pickArea(arg: number | undefined, ctx: RunContext): { areaHa: number; fromProfile: boolean } {
  const areaHa = arg ?? ctx.persona.totalAreaHa;
  return { areaHa, fromProfile: areaHa === ctx.persona.totalAreaHa };
}

export function recordFromProfile(ctx: RunContext, fields: (PersonaField | false)[]): PersonaField[] {
  const used = fields.filter((f): f is PersonaField => f !== false);
  for (const f of used) ctx.usedFields.add(f);
  return used;
}
