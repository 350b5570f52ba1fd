/**
 * The offline model's understanding of a question: which tools to call with which arguments,
 * read with the knowledge index (../understanding/index.ts) rather than keyword lists.
 * - A question is split into its parts ("…? Also …", "bir də …"); each part is planned on its own, with
 *   the crop, district and month it names (a part without a crop keeps the one before it).
 * - What a part ASKS picks the tools (irrigation, fertilizer, calendar, climate, coefficients); a pest,
 *   disease or symptom it names picks the pests tool with the farmer's words; a vague complaint the same
 *   tool, which then asks one clarifying question.
 * - A follow-up that names only a crop, a district or a month ("bəs buğda üçün?", "and in Sheki?",
 *   "what about August?") keeps the previous question's topic.
 * - The farm's area multiplies a figure only for the farm's own crop: for another crop the tools get 1 ha.
 */
import { fold, tokenize } from "../../text/tokens.js";
import { isVagueComplaint, understand, type Understanding } from "../understanding/index.js";
import { readStatements } from "../statements.js";
import { TOOL_NAMES } from "../tools.js";
import { KNOWLEDGE_TOOL_NAMES } from "../knowledge.js";
import { findDistrict } from "../catalogue-words.js";
import { findMonth } from "../../text/months.js";

export interface PlannedCall {
  name: string;
  args: Record<string, unknown>;
}

export interface PlanContext {
  /** The previous question of the conversation (a follow-up keeps its topic). */
  previous?: string;
  /** The farm's main crop (the area applies to it only). */
  farmCrop?: string;
  /** The farm's district (a statement naming only the profile's crop and district proposes nothing). */
  farmRegion?: string;
  /** The farm's area when the question states it ("I grow 8 ha of wheat"). */
  farmAreaHa?: number;
}

/** Words that follow "my", "does", "of" … without being a crop. */
const NOT_A_CROP = new Set([
  "crop", "crops", "field", "fields", "farm", "farms", "land", "plot", "plants", "plant", "garden", "orchard", "trees", "tree", "water",
  "fertilizer", "fertiliser", "area", "region", "district", "soil", "the", "this", "that", "these", "my", "your", "it", "them", "a", "an",
  "i", "we", "you", "they", "need", "needs", "irrigation", "month", "season", "year", "week", "hectare", "hectares", "ha", "seedlings",
  "sahe", "sahem", "sahemi", "bag", "bagim", "bagimi", "bitki", "bitkim", "bitkimi", "torpaq", "su", "gubre", "bu", "o", "men", "ne",
  "people", "time", "leaves", "fruit", "nitrogen", "urea", "rain", "kc",
]);

/**
 * A crop named in the question that the data does not know ("quinoa", "Banan"): answered as unknown
 * rather than silently replaced by the farmer's own crop.
 */
export function unknownCropWord(question: string): string | undefined {
  const folded = fold(question);
  const en = /\b(?:my|does|do|grow|growing|plant|planting|sow|sowing|harvest|of)\s+([a-z]{3,})\b/.exec(folded);
  const az = /^\s*([\p{L}]{3,})\s+(?:ne vaxt|ucun|nece|neye)\b/u.exec(folded);
  for (const m of [en, az]) {
    const word = m?.[1];
    if (!word || NOT_A_CROP.has(word) || findDistrict(word) || findMonth(word) || /^(how|what|when|which|much|many)$/.test(word)) continue;
    if (understand(word).crops.length || understand(word).topics.size || understand(word).signs.length) continue;
    return tokenize(question).find((t) => t.folded === word)?.raw ?? word;
  }
  return undefined;
}

/**
 * The parts of a compound question: sentences, and "also" / "bir də" / "həm də". Word edges are letters, not
 * `\b`: JavaScript's `\b` knows ASCII word characters only, so it never matches after "ə".
 */
const PART_BREAK = /[?!;]+|\.(?:\s|$)|(?<![\p{L}\p{N}])(?:also|plus|bir d[əe]|h[əe]m d[əe])(?![\p{L}\p{N}])/iu;

export function questionParts(question: string): string[] {
  return question
    .split(PART_BREAK)
    .map((p) => p.trim())
    .filter((p) => /\p{L}{2}/u.test(p));
}

type Asked = {
  irrigation: boolean; week: boolean; fertilizer: boolean; calendar: boolean; climate: boolean; coefficients: boolean;
  pests: boolean; vague: boolean;
};

function asked(u: Understanding, crop: string | undefined): Asked {
  const t = u.topics;
  const irrigation = t.has("irrigation");
  const fertilizer = t.has("fertilizer");
  const coefficients = t.has("coefficients");
  const symptom = u.signs.length > 0 || u.causes.some((c) => !crop || c.crop === crop);
  const pests = t.has("pests") || symptom;
  // Weather words in a symptom ("after rain") are not a climate question unless a place or month is named.
  const climate = t.has("climate") && (!symptom || u.district !== undefined || u.month !== undefined);
  const strong = irrigation || fertilizer || coefficients || pests || climate;
  const calendar = t.has("calendar") || (t.has("when") && t.has("plantVerb")) || (t.has("when") && !strong);
  const vague = isVagueComplaint(u) && !strong && !calendar && (t.has("farming") || u.crops.length > 0);
  return { irrigation, week: irrigation && t.has("week") && u.month === undefined, fertilizer, calendar, climate, coefficients, pests, vague };
}

function defined(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
}

function callsFor(a: Asked, part: string, u: Understanding, crop: string | undefined, ctx: PlanContext): PlannedCall[] {
  const region = u.district;
  const month = u.month;
  // The farm's area is for the farm's own crop; another crop is answered per hectare.
  const areaHa = u.areaHa ?? (crop && ctx.farmCrop && crop !== ctx.farmCrop ? 1 : ctx.farmAreaHa);
  const calls: PlannedCall[] = [];
  if (a.calendar) calls.push({ name: TOOL_NAMES.calendar, args: defined({ crop, region }) });
  if (a.week) calls.push({ name: KNOWLEDGE_TOOL_NAMES.week, args: defined({ crop, areaHa, region }) });
  else if (a.irrigation) calls.push({ name: TOOL_NAMES.irrigation, args: defined({ crop, areaHa, month, region }) });
  if (a.pests || a.vague) calls.push({ name: KNOWLEDGE_TOOL_NAMES.pests, args: defined({ crop, symptoms: part }) });
  if (a.coefficients) calls.push({ name: KNOWLEDGE_TOOL_NAMES.coefficients, args: defined({ crop }) });
  if (a.fertilizer) calls.push({ name: TOOL_NAMES.fertilizer, args: defined({ crop, areaHa }) });
  if (a.climate && !a.week) calls.push({ name: TOOL_NAMES.climate, args: defined({ region, month }) });
  return calls;
}

/** The crop a part is about: the one it names, else the crop of a pest it names (the farm's first). */
function cropOf(u: Understanding, ctx: PlanContext): string | undefined {
  if (u.crops[0]) return u.crops[0];
  const causeCrops = [...new Set(u.causes.map((c) => c.crop))];
  if (causeCrops.length === 1) return causeCrops[0];
  if (ctx.farmCrop && causeCrops.includes(ctx.farmCrop)) return ctx.farmCrop;
  return undefined;
}

function planParts(text: string, ctx: PlanContext, inherit: { crop?: string } = {}): PlannedCall[] {
  const calls: PlannedCall[] = [];
  let crop = inherit.crop;
  for (const part of questionParts(text)) {
    const u = understand(part);
    // A look-alike ("a good tea shop", "Apple's share price"): a thing outside farming and nothing asked from farming.
    if (u.topics.has("offfarm") && !farmNamed(u)) continue;
    crop = cropOf(u, ctx) ?? crop;
    const cropArg = crop ?? (u.causes.length || u.signs.length ? undefined : unknownCropWord(part));
    const a = asked(u, crop);
    calls.push(...callsFor(a, part, u, cropArg, ctx));
  }
  return calls;
}

/** The tool calls for a question, in a fixed order; arguments only as far as the question gives them. */
export function planToolCalls(question: string, ctx: PlanContext = {}): PlannedCall[] {
  // Who each clause is about (server/agent/statements.ts): only the farmer's own-farm statements
  // become a profile proposal; the farmer's statements about themselves are left out of the intent reading.
  const reading = readStatements(question);
  // "Üzüm bağımda bir problem var" reads like a statement of the farm, but names only what the profile already
  // says: it is a question about that farm, read whole, and nothing is proposed.
  const news = Object.entries(reading.patch).filter(([field, value]) => !(field === "cropType" && value === ctx.farmCrop) && !(field === "region" && value === ctx.farmRegion));
  const statement = news.length > 0;
  const rest = statement
    ? reading.clauses.filter((c) => !["own_farm", "side_crop", "residence"].includes(c.about)).map((c) => c.text).join(". ")
    : question;
  const calls: PlannedCall[] = [];
  if (statement) calls.push({ name: TOOL_NAMES.profile, args: reading.patch });

  // A farm the farmer states in the question ("I grow 8 ha of wheat. …") is the farm the rest is about.
  const stated = (statement ? reading.patch : {}) as { cropType?: string; totalAreaHa?: number };
  if (stated.cropType || stated.totalAreaHa !== undefined) {
    ctx = { ...ctx, farmCrop: stated.cropType ?? ctx.farmCrop, farmAreaHa: stated.totalAreaHa };
  }
  const previous = ctx.previous ? understand(ctx.previous) : undefined;
  // A part that names no crop keeps the previous question's (a quick reply to a clarifying question, "and this week?").
  const inheritCrop = stated.cropType ?? (previous ? cropOf(previous, ctx) : undefined);
  let planned = planParts(rest, ctx, { crop: inheritCrop });

  // A follow-up naming only a crop, a district or a month: the previous question's topic with them.
  const whole = understand(rest);
  if (!planned.length && ctx.previous && (whole.crops.length || whole.district || whole.month)) {
    const before = planToolCalls(ctx.previous, { farmCrop: ctx.farmCrop }).filter((c) => c.name !== TOOL_NAMES.profile);
    const crop = whole.crops[0];
    const areaHa = crop && ctx.farmCrop && crop !== ctx.farmCrop ? 1 : undefined;
    planned = before.map((c) => ({
      name: c.name,
      args: defined({
        ...c.args,
        ...(crop && "crop" in c.args || crop && c.name !== TOOL_NAMES.climate ? { crop } : {}),
        ...(whole.district && c.name !== TOOL_NAMES.fertilizer && c.name !== KNOWLEDGE_TOOL_NAMES.coefficients && c.name !== KNOWLEDGE_TOOL_NAMES.pests ? { region: whole.district } : {}),
        ...(whole.month && (c.name === TOOL_NAMES.irrigation || c.name === TOOL_NAMES.climate) ? { month: whole.month } : {}),
        ...(crop && (c.name === TOOL_NAMES.irrigation || c.name === TOOL_NAMES.fertilizer) ? { areaHa: whole.areaHa ?? areaHa } : {}),
      }),
    }));
  }
  // The same call twice (two parts asking the same thing) is made once; two parts describing one crop's
  // symptoms are one pests question with both descriptions.
  const seen = new Set<string>();
  for (const c of planned) {
    const same = c.name === KNOWLEDGE_TOOL_NAMES.pests ? calls.find((p) => p.name === c.name && p.args.crop === c.args.crop) : undefined;
    if (same) {
      same.args = { ...same.args, symptoms: [same.args.symptoms, c.args.symptoms].filter(Boolean).join(". ") };
      continue;
    }
    const key = `${c.name}:${JSON.stringify(c.args)}`;
    if (!seen.has(key)) {
      seen.add(key);
      calls.push(c);
    }
  }
  return calls;
}

/** A question about farming that no tool answers (the advisor offers what it can) rather than an off-topic one (it declines). */
export function isFarmQuestion(question: string): boolean {
  const u = understand(question);
  if (u.topics.has("offfarm") && !farmNamed(u)) return false;
  return farmNamed(u) || u.crops.length > 0 || u.topics.has("farming");
}

/** The question asks something from farming (a topic the tools answer) or names a pest, disease or symptom of a crop. */
function farmNamed(u: Understanding): boolean {
  const t = u.topics;
  const strong = (["irrigation", "fertilizer", "calendar", "climate", "coefficients", "pests"] as const).some((k) => t.has(k));
  return strong || u.causes.length > 0 || (u.signs.length > 0 && (u.crops.length > 0 || t.has("farming")));
}

export function isGreeting(question: string): boolean {
  const tokens = tokenize(question);
  return tokens.length > 0 && tokens.length <= 6 && understand(question).topics.has("greeting");
}
