/**
 * The advisor's tools on the added knowledge (./additions.ts): fertilizer records with their country
 * and kind, pests and diseases with published control guidance, FAO-56 crop coefficients, and
 * irrigation for the coming week (./irrigation-week.ts: a contributed forecast, or the normals).
 * Like ./tools.ts: every figure with its source id, "no figure" where the data has none.
 */
import { z } from "zod";
import type { PersonaField } from "../personas/extension.js";
import { agronomy, citations, cropData, sourceIds } from "./agronomy.js";
import { additionsCrop, additionsCropKeys, additionsKcRows } from "./additions.js";
import type { RunContext } from "./configuration.js";
import { resolveCropName } from "../text/crops.js";
import { groundedTool } from "./tools.js";
import { irrigationThisWeek, type WeekResult } from "./irrigation-week.js";
import { SIGN_REPLIES, signLabels, symptomCitations, symptomCrops, type Cause } from "./symptoms.js";
import { isVagueComplaint, resolveCrop, understand } from "./understanding/index.js";

export const KNOWLEDGE_TOOL_NAMES = {
  pests: "pests_diseases",
  coefficients: "crop_coefficients",
  week: "irrigation_this_week",
} as const;

/** Every crop the data knows (agronomy.json and the additions), Azerbaijani keys. */
export const allCropKeys: readonly string[] = [...new Set([...Object.keys(agronomy.crops), ...additionsCropKeys])];

function englishName(crop: string): string {
  return cropData(crop)?.en ?? additionsCrop(crop)?.en ?? crop;
}

function pickCrop(arg: string | undefined, ctx: RunContext): { crop: string; fromProfile: boolean } | { crop: null; input: string } {
  const input = arg?.trim() || ctx.persona.cropType;
  const crop = resolveCropName(input, allCropKeys) ?? resolveCrop(input);
  return crop ? { crop, fromProfile: crop === ctx.persona.cropType } : { crop: null, input };
}

function used(ctx: RunContext, fields: (PersonaField | false)[]): PersonaField[] {
  const out = fields.filter((f): f is PersonaField => f !== false);
  for (const f of out) ctx.usedFields.add(f);
  return out;
}

/* --------------------------------------------------- pests and diseases */

/** One likely cause as the farmer reads it: its name, how to tell it apart, what to do, in both languages. */
export interface CauseOut {
  id: string;
  kind: Cause["kind"];
  name: { az: string; en: string };
  look: { az: string; en: string };
  action: { az: string; en: string };
  /** The signs of the question this cause shows (symptom questions). */
  matched: string[];
  caution: boolean;
  src: string[];
}

export interface PestsResult {
  tool: "pests_diseases";
  /** clarify: the symptom is too vague to narrow; the answer asks one question with `quickReplies`. */
  status: "ok" | "no_figure" | "unknown_crop" | "clarify";
  /** named: the question named these pests; symptoms: causes that show its signs; all: every record of the crop. */
  mode: "named" | "symptoms" | "all" | null;
  input?: string;
  crop: string;
  cropEn: string;
  /** The signs the question names, in the answer's language. */
  signs: string[];
  causes: CauseOut[];
  quickReplies: string[];
  sources: Record<string, string>;
  fromProfile: PersonaField[];
}

const out = (c: Cause, matched: string[]): CauseOut => ({
  id: c.id, kind: c.kind, name: c.name, look: c.look, action: c.action, matched, caution: c.caution ?? false, src: c.src,
});

/**
 * The crop's pests, diseases and disorders (./data/symptoms.json), read with the knowledge index: the ones
 * the question names, else the likely causes of the signs it describes (most signs first), else all of them;
 * a vague complaint ("my plants are sick") gets one clarifying question with the crop's commonest signs.
 */
export function pestsDiseases(args: { crop?: string; symptoms?: string; pest?: string }, ctx: RunContext): PestsResult {
  const picked = pickCrop(args.crop, ctx);
  const empty = { signs: [], causes: [], quickReplies: [], sources: {}, mode: null };
  if (picked.crop === null) {
    return { tool: "pests_diseases", status: "unknown_crop", input: picked.input, crop: picked.input, cropEn: picked.input, fromProfile: [], ...empty };
  }
  const crop = picked.crop;
  const fromProfile = used(ctx, [picked.fromProfile && "cropType"]);
  const base = { tool: "pests_diseases" as const, crop, cropEn: englishName(crop), fromProfile };
  const causes = symptomCrops[crop] ?? [];
  if (!causes.length) return { ...base, status: "no_figure", ...empty };
  const u = understand(`${args.symptoms ?? ""} ${args.pest ?? ""}`);
  const lang = ctx.language;
  const signs = u.signs.filter((s) => causes.some((c) => c.signs.includes(s)));
  const named = causes.filter((c) => u.causes.some((n) => n.crop === crop && n.id === c.id));
  let chosen: CauseOut[];
  let mode: PestsResult["mode"];
  if (named.length) {
    chosen = named.map((c) => out(c, c.signs.filter((s) => signs.includes(s))));
    mode = "named";
  } else if (signs.length) {
    const scored = causes.map((c) => ({ c, matched: c.signs.filter((s) => signs.includes(s)) })).filter((x) => x.matched.length);
    scored.sort((a, b) => b.matched.length - a.matched.length);
    chosen = scored.slice(0, 3).map((x) => out(x.c, x.matched));
    mode = "symptoms";
  } else if (isVagueComplaint(u) && !u.topics.has("pests")) {
    // Too vague to narrow: the crop's commonest signs as the choices.
    const count = new Map<string, number>();
    for (const c of causes) for (const s of c.signs) if (SIGN_REPLIES[s]) count.set(s, (count.get(s) ?? 0) + 1);
    const top = [...count].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([s]) => SIGN_REPLIES[s]![lang]);
    return { ...base, status: "clarify", ...empty, quickReplies: top };
  } else {
    chosen = causes.map((c) => out(c, []));
    mode = "all";
  }
  return {
    ...base, status: "ok", mode, signs: signs.map((s) => signLabels[s]![lang]), causes: chosen, quickReplies: [],
    sources: symptomCitations([...new Set(chosen.flatMap((c) => c.src))]),
  };
}

/* ------------------------------------------------------- crop coefficients */

export interface CoefficientsResult {
  tool: "crop_coefficients";
  status: "ok" | "no_figure" | "unknown_crop";
  input?: string;
  crop: string;
  cropEn: string;
  rows: { name: string; ini: number; mid: number; end: number; stageDays: { ini: number; dev: number; mid: number; late: number; total: number } | null; planting: string | null; regionOfStudy: string | null }[];
  sources: Record<string, string>;
  fromProfile: PersonaField[];
}

export function cropCoefficients(args: { crop?: string }, ctx: RunContext): CoefficientsResult {
  const picked = pickCrop(args.crop, ctx);
  if (picked.crop === null) {
    return { tool: "crop_coefficients", status: "unknown_crop", input: picked.input, crop: picked.input, cropEn: picked.input, rows: [], sources: {}, fromProfile: [] };
  }
  const fromProfile = used(ctx, [picked.fromProfile && "cropType"]);
  const base = cropData(picked.crop);
  const rows: CoefficientsResult["rows"] = [];
  const ids: string[] = [];
  if (base?.kc) {
    const s = base.stage_days;
    rows.push({
      name: base.en, ini: base.kc.ini, mid: base.kc.mid, end: base.kc.end,
      stageDays: s ? { ini: s.ini, dev: s.dev, mid: s.mid, late: s.late, total: s.ini + s.dev + s.mid + s.late } : null, planting: null, regionOfStudy: s?.region_of_study ?? null,
    });
    ids.push(...sourceIds(base.kc.src));
  }
  for (const r of additionsKcRows(picked.crop).slice(0, 4)) {
    rows.push({ name: r.name, ini: r.ini, mid: r.mid, end: r.end, stageDays: r.stage ? { ini: r.stage.ini, dev: r.stage.dev, mid: r.stage.mid, late: r.stage.late, total: r.stage.ini + r.stage.dev + r.stage.mid + r.stage.late } : null, planting: r.stage?.planting ?? null, regionOfStudy: r.stage?.regionOfStudy ?? null });
    ids.push(r.src);
  }
  return {
    tool: "crop_coefficients", status: rows.length ? "ok" : "no_figure", crop: picked.crop, cropEn: englishName(picked.crop), rows,
    sources: citations(ids), fromProfile,
  };
}

/* ------------------------------------------------------ LangChain tools */

export type KnowledgeResult = PestsResult | CoefficientsResult | WeekResult;

const cropArg = z.string().min(1).max(60).optional()
  .describe("Crop, Azerbaijani or English name (e.g. Pambıq / cotton). Omit to use the farmer's main crop.");

const knowledgeTool = <S extends z.ZodObject>(name: string, description: string, schema: S, run: (args: z.infer<S>, ctx: RunContext) => KnowledgeResult | Promise<KnowledgeResult>) =>
  groundedTool(name, description, schema, run);

export const knowledgeTools = [
  knowledgeTool(
    KNOWLEDGE_TOOL_NAMES.pests,
    "Pests, diseases and disorders of a crop in Azerbaijan: the likely causes of what the farmer sees (how to tell them apart, what to do, with sources), or the ones named. When the farmer's description is too vague, the result has status \"clarify\" and quickReplies: ask the farmer which one they see, in one short question.",
    z.object({
      crop: cropArg,
      symptoms: z.string().max(500).optional().describe("What the farmer sees, in their own words (any language), e.g. 'yellow spots on the leaves'."),
      pest: z.string().max(120).optional().describe("A pest or disease the farmer names, e.g. 'bollworm', 'mildiu'."),
    }),
    pestsDiseases,
  ),
  knowledgeTool(KNOWLEDGE_TOOL_NAMES.coefficients, "FAO-56 crop coefficients (Kc initial/mid/end) and growth-stage lengths of a crop.", z.object({ crop: cropArg }), cropCoefficients),
  knowledgeTool(
    KNOWLEDGE_TOOL_NAMES.week,
    "Irrigation need for the coming 7 days: ET0 × Kc − effective rain for the farmer's area, from the weather forecast when reachable, else from the climate normals (the result says which).",
    z.object({
      crop: cropArg,
      areaHa: z.number().positive().max(100_000).optional().describe("Area in hectares. Omit to use the farmer's farm area."),
      region: z.string().min(1).max(60).optional().describe("District. Omit to use the farmer's region."),
    }),
    (args, ctx) => irrigationThisWeek(args, ctx),
  ),
];

