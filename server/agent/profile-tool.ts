/**
 * The advisor's profile tool: a fact the farmer states about their own farm becomes a proposal the farmer
 * confirms on the card under the answer (the same validation as a sidebar edit); the persona is never
 * written here.
 */
import { regionOfPlace, type ExperienceLevel, type PersonaPatch } from "../personas/extension.js";
import { catalogueCropNames, catalogueRegionNames, resolveDistrict } from "./catalogue-words.js";
import type { RunContext } from "./configuration.js";
import { isAbortError } from "./errors.js";
import { resolveCropName } from "../text/crops.js";
import { round } from "./tool-arguments.js";
import type { ProfileResult } from "./tool-results.js";

export async function proposeProfileChange(
  args: { region?: string; cropType?: string; totalAreaHa?: number; experienceLevel?: ExperienceLevel },
  ctx: RunContext,
): Promise<ProfileResult> {
  const patch: PersonaPatch = {};
  const rejected: ProfileResult["rejected"] = [];
  if (args.region !== undefined) {
    const district = resolveDistrict(args.region);
    const region = district ? regionOfPlace(district) : null;
    if (region) patch.region = region;
    else rejected.push({ field: "region", value: args.region, reason: `unknown district; known: ${catalogueRegionNames.join(", ")}` });
  }
  if (args.cropType !== undefined) {
    const crop = resolveCropName(args.cropType, catalogueCropNames);
    if (crop) patch.cropType = crop;
    else rejected.push({ field: "cropType", value: args.cropType, reason: `not a crop of the catalogue: ${catalogueCropNames.join(", ")}` });
  }
  if (args.totalAreaHa !== undefined) patch.totalAreaHa = round(args.totalAreaHa, 1);
  if (args.experienceLevel !== undefined) patch.experienceLevel = args.experienceLevel;

  const p = ctx.persona;
  const profile = { region: p.region, cropType: p.cropType, totalAreaHa: p.totalAreaHa, experienceLevel: p.experienceLevel };
  const base = { tool: "propose_profile_change" as const, patch, rejected, profile, sources: {}, fromProfile: [] };
  if (Object.keys(patch).length === 0) return { ...base, status: rejected.length ? "rejected" : "nothing_to_update" };
  try {
    // The same validation as a sidebar edit runs behind this call; the persona is never written here.
    const outcome = await ctx.proposePersonaChange(patch);
    if (outcome.status === "rejected") {
      for (const [field, reasons] of Object.entries(outcome.fieldErrors)) {
        rejected.push({ field, value: String((patch as Record<string, unknown>)[field] ?? ""), reason: reasons.join(" ") });
        delete (patch as Record<string, unknown>)[field];
      }
      return { ...base, status: "rejected" };
    }
    if (outcome.status === "nothing_to_update") return { ...base, status: "nothing_to_update" };
    const proposed = Object.fromEntries(Object.entries(outcome.changes).map(([f, c]) => [f, c.new])) as PersonaPatch;
    return { ...base, patch: proposed, status: "proposed" };
  } catch (error) {
    if (isAbortError(error) || ctx.signal.aborted) throw error;
    return { ...base, status: "failed", message: "The proposal could not be saved right now." };
  }
}
