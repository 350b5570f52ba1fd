/**
 * Who a sentence is about. A farmer's message may state a fact about their own farm ("I grow 12 ha
 * of cotton", "Mən 12 hektar pambıq əkirəm", "sahəm 12 hektardır") or only look like one: another
 * person's farm, a question, a hypothetical, a past or planned crop, a side crop next to the main one,
 * a place the farmer lives in or travels to, an instruction about verification, a crop problem.
 * Only own-farm statements yield profile values; anything unsure yields none (the farmer is asked
 * nothing and nothing is proposed). Azerbaijani and English, matched on folded text (ə → e, ş → s …)
 * because farmers often type without the Azerbaijani letters. The test table is
 * tests/unit/statements.test.ts.
 */
import { fold, tokenize } from "../text/tokens.js";
import { findAreaHa } from "../text/numbers.js";
import { findCrops } from "../text/crops.js";
import { findDistrict } from "./catalogue-words.js";
import { cropLabel, cropNames, regionOfPlace, type ExperienceLevel, type PersonaPatch } from "../personas/extension.js";

export type StatementAbout =
  | "own_farm"
  | "other_person"
  | "question"
  | "hypothetical"
  | "past"
  | "plan"
  | "negated"
  | "side_crop"
  | "residence"
  | "verification"
  | "problem"
  | "none";

export interface ClauseReading {
  text: string;
  about: StatementAbout;
  /** Profile values an own-farm clause states (empty for every other kind). */
  patch: PersonaPatch;
}

/* ------------------------------------------------------------- English */

const EN = {
  question: /^(what|how|when|where|why|which|who|whom|whose|should|shall|can|could|would|will|do|does|did|is|are|am|may|might|must)\b/,
  hypothetical: /\b(if|suppose|supposing|imagine|assuming|would|could|might|were to|in case|let'?s say)\b/,
  otherPerson:
    /\b(neighbou?rs?'?s?|brother'?s?|sister'?s?|father'?s?|dad'?s?|mother'?s?|mum'?s?|mom'?s?|uncle'?s?|aunt'?s?|cousin'?s?|friends?'?s?|son'?s?|daughter'?s?|wife'?s?|husband'?s?|colleagues?'?s?|he|she|they|his|her|their|them|someone|somebody|everyone|people|farmers|village)\b/,
  past: /\b(used to|last (year|season|spring|summer|autumn|fall|winter|time)|previously|formerly|in the past|ago|grew|planted|had|was|were|once|until)\b/,
  plan: /\b(will|going to|gonna|plan|plans|planning|intend|intending|want to|wanna|thinking (of|about)|considering|next (year|season|spring|summer|autumn|fall|month)|would like|hope to|hoping to|soon|switch to)\b/,
  negated: /\b(not|no longer|never|don'?t|doesn'?t|isn'?t|aren'?t|stopped|quit|no more)\b|n't\b/,
  sideCrop: /\b(also|too|as well|besides|beside|next to|alongside|in addition|a (little|bit|few)|some|small (patch|plot|garden|corner)|side|extra|few rows)\b/,
  residence: /\b(live|lives|living|stay|staying|travel|travelling|traveling|visit|visiting|trip|moved|moving|from|work in|working in|study|studying|born)\b/,
  verification: /\b(verif\w*|ektis|government|mygov|official\w*|certif\w*|confirm\w*)\b/,
  problem: /\b(sick|disease[ds]?|ill|pests?|dying|died|dead|rot|rotting|rotten|yellow\w*|wilt\w*|infected|damaged|got|spots?|mou?ld|aphids?|worms?|insects?)\b/,
  own: [
    /\b(i|we) ((now|currently|actually|really|mainly|mostly|only|just|still|also) )*(grow|farm|cultivate|plant|raise|have|own|keep|run|manage|work)\b/,
    /\bi'?m (a |an )?(beginner|novice|new (to|at) farming|just starting|experienced|expert|professional)\b/,
    /\bi am (a |an )?(beginner|novice|new (to|at) farming|just starting|experienced|expert|professional)\b/,
    /\b(my|our) (farm|land|field|fields|plot|orchard|vineyard|garden|main crop|crop|farmland|holding)s? (is|are|has|have|covers|cover|measures|lies|sits|totals)\b/,
    /\b(i|we)('ve| have) been farming\b/,
    /\bthe farm i (run|own|have|manage) (is|has)\b/,
  ],
  novice: /\b(beginner|novice|new (to|at) farming|just starting|first (year|season))\b/,
  expert: /\b(experienced|expert|professional)\b|\bbeen farming for (\d+|many|twenty|thirty|forty) years\b/,
} as const;

/* --------------------------------------------------------- Azerbaijani */

const AZ = {
  questionWords: new Set(["ne", "nece", "niye", "hacan", "hansi", "harada", "hara", "kim", "mi", "mu", "neyi", "neden"]),
  /** "-mı" glued to a verb: bilərəmmi, varmı, əkimmi */
  questionSuffix: /(mmi|mmu|rmi|rmu|nmi|nmu|lmi|lmu)$/,
  /** "əkməliyəm" (should I sow) asks for advice */
  advice: /(meliyem|maliyam|meliyik|maliyiq|meli|mali)$/,
  hypotheticalWords: new Set(["eger", "olsa", "olsaydi", "olsaydim", "tutaq", "tesevvur", "ferz", "ferziyye"]),
  /** conditional -sam/-səm (əksəm, alsam), not the perfect -mışam (başlamışam) */
  hypotheticalSuffix: /(?<!mi|mu|mı)s(a|e)(m|q|k|ydi\p{L}*)$/u,
  otherPerson: /^(qonsu|qardas|baci[mn]|bacim|atam|anam|dostu|dostum|emim|dayim|oglum|qizim|yoldasim|onun|onlar|kendliler|fermerler|basqa)/,
  pastWords: new Set(["kecen", "evvel", "evveller", "evvelce", "kecmisde", "vaxtile", "idi", "idim", "idik", "vardi"]),
  pastSuffix: /(irdim|irdik|irdi|urdum|urduk|misdim|misdik|musdum|misdi|dim|dik|dum|duk)$/,
  planWords: new Set(["gelen", "planlasdiriram", "planim", "planimiz", "isteyirem", "isteyirik", "fikirlesirem", "dusunurem", "niyyetim", "kecmek", "kecirem", "tezlikle"]),
  planSuffix: /(acagam|eceyem|acagiq|eceyik|acaq|ecek)$/,
  negatedSuffix: /(mirem|miram|murem|muram|mirik|miriq|muruk|muruq|mayacagam|meyeceyem)$/,
  negatedWords: new Set(["deyil", "deyilem"]),
  sideWords: new Set(["de", "da", "hemcinin", "yaninda", "elave", "kenarinda", "azca", "qiraginda"]),
  residence: /^(yasayiram|yasayiriq|yasayir|gedirem|gedirik|gedecem|gedeceyem|sefer\p{L}*|qonaq\p{L}*|kocmusem|kocdum|kocuruk|oxuyuram|isleyirem|isleyirik|anadan|dogulmusam)$/u,
  verification: /^(tesdiq\p{L}*|ektis\p{L}*|dovlet\p{L}*|mygov|yoxla\p{L}*|verif\p{L}*|resmi\p{L}*|sertifikat\p{L}*)$/u,
  problem: /^(xeste\p{L}*|ziyanverici\p{L}*|saralir|saralib|quruyur|quruyub|curuyur|curuyub|mehv|zerer\p{L}*|ziyan\p{L}*|gobelek\p{L}*|lekele\p{L}*)$/u,
  ownVerb: /^(ekirem|ekirik|becerirem|beceririk|yetisdirirem|yetisdiririk|saxlayiram|saxlayiriq|mesgulam|ekdiyim|becerdiyim)$/,
  /** farm nouns with "my/our": sahəm, torpağım, təsərrüfatım, bağım, tarlam, fermam, əsas bitkim */
  ownNoun: /^(sahem|sahemiz|torpagim|torpagimiz|teserrufatim|teserrufatimiz|bagim|bagimiz|tarlam|tarlamiz|fermam|fermamiz|plantasiyam|bitkim|sahelerim)\p{L}*$/u,
  ownExperience: /^(tezeyem|yeniyem|baslangicam|tecrubesizem|tecrubeliyem|mutexessisem)$/,
  novice: /(tezeyem|yeniyem|baslangicam|tecrubesizem|tecrubem yoxdur|yeni baslamisam|yeni baslayiram)/,
  // (?<!\d): tried from a number's first digit only (linear time over a long run of digits)
  expert: /(tecrubeliyem|mutexessisem|(?<!\d)\d+ ildir)/,
} as const;

/* -------------------------------------------------------------- clauses */

/** Clauses: sentences, then parts joined by a comma, a semicolon or "but / amma / lakin / ancaq". */
export function splitClauses(text: string): string[] {
  // A point or comma between digits is a decimal (8.5 ha, 12,5 hektar), not a clause boundary.
  const parts = text.match(/(?:[^.!?;,\n]|[.,](?=\d))+[.!?;,]*/g) ?? [];
  return parts
    .flatMap(splitOnConnectors)
    .map((c) => c.trim())
    .filter((c) => /[\p{L}\p{N}]/u.test(c));
}

const CONNECTORS = new Set(["but", "however", "amma", "lakin", "ancaq", "yalniz"]);

/**
 * A part split before each connector word ("…, but I grow …") that is followed by white space: a scan in
 * linear time (the regex it replaces, \s+ before a look-ahead, read every run of spaces again from each of
 * its spaces).
 */
function splitOnConnectors(part: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let i = 0;
  while (i < part.length) {
    if (!/\s/.test(part[i]!)) {
      i++;
      continue;
    }
    const spaceStart = i;
    while (i < part.length && /\s/.test(part[i]!)) i++;
    let wordEnd = i;
    while (wordEnd < part.length && !/\s/.test(part[wordEnd]!)) wordEnd++;
    if (wordEnd < part.length && spaceStart > 0 && CONNECTORS.has(part.slice(i, wordEnd).toLowerCase())) {
      pieces.push(part.slice(start, spaceStart));
      start = i;
    }
    i = wordEnd;
  }
  pieces.push(part.slice(start));
  return pieces;
}

function aboutEnglish(folded: string, endsWithQuestion: boolean): StatementAbout | undefined {
  const text = folded.replace(/[’`]/g, "'").replace(/^(actually|well|so|and|oh|ok|okay|now|but|yes|no)\b[, ]*/g, "").trim();
  if (endsWithQuestion || EN.question.test(text)) return "question";
  if (EN.verification.test(text)) return "verification";
  if (EN.hypothetical.test(text)) return "hypothetical";
  if (EN.otherPerson.test(text)) return "other_person";
  if (EN.negated.test(text)) return "negated";
  if (EN.plan.test(text)) return "plan";
  if (EN.past.test(text)) return "past";
  if (EN.residence.test(text)) return "residence";
  if (EN.problem.test(text)) return "problem";
  if (!EN.own.some((p) => p.test(text))) return undefined;
  if (EN.sideCrop.test(text)) return "side_crop";
  return "own_farm";
}

function aboutAzerbaijani(tokens: string[], folded: string, endsWithQuestion: boolean): StatementAbout | undefined {
  if (endsWithQuestion || tokens.some((t) => AZ.questionWords.has(t) || AZ.questionSuffix.test(t) || AZ.advice.test(t))) return "question";
  if (tokens.some((t) => AZ.verification.test(t))) return "verification";
  if (tokens.some((t) => AZ.hypotheticalWords.has(t) || (t.length > 4 && AZ.hypotheticalSuffix.test(t)))) return "hypothetical";
  if (tokens.some((t) => AZ.otherPerson.test(t))) return "other_person";
  if (tokens.some((t) => AZ.negatedWords.has(t) || AZ.negatedSuffix.test(t))) return "negated";
  if (tokens.some((t) => AZ.planWords.has(t) || AZ.planSuffix.test(t))) return "plan";
  if (tokens.some((t) => AZ.pastWords.has(t) || (t.length > 4 && AZ.pastSuffix.test(t))) || /\bvar idi\b/.test(folded)) return "past";
  if (tokens.some((t) => AZ.residence.test(t))) return "residence";
  if (tokens.some((t) => AZ.problem.test(t))) return "problem";
  const menimVar = (tokens.includes("menim") || tokens.includes("bizim")) && (tokens.includes("var") || tokens.includes("vardir"));
  const cropPossessed = tokens.some((t) => /im$|imiz$|um$|umuz$/.test(t) && findCrops(t).length > 0) && tokens.includes("var");
  const own =
    tokens.some((t) => AZ.ownVerb.test(t) || AZ.ownNoun.test(t) || AZ.ownExperience.test(t)) || menimVar || cropPossessed ||
    /tecrubem yoxdur|(?<!\d)\d+ ildir/.test(folded);
  if (!own) return undefined;
  if (tokens.some((t) => AZ.sideWords.has(t)) || /\bbir az\b/.test(folded)) return "side_crop";
  return "own_farm";
}

function experienceOf(folded: string): ExperienceLevel | undefined {
  if (EN.novice.test(folded) || AZ.novice.test(folded)) return "novice";
  if (EN.expert.test(folded) || AZ.expert.test(folded)) return "expert";
  return undefined;
}

function valuesOf(clause: string): PersonaPatch {
  const patch: PersonaPatch = {};
  const crops = findCrops(clause).filter((c) => (cropNames as readonly string[]).includes(c));
  // Two crops in one statement: which one is the main crop is unsure, so neither is proposed.
  if (crops.length === 1) patch.cropType = crops[0]!;
  const area = findAreaHa(clause);
  if (area !== undefined) patch.totalAreaHa = Math.round(area * 10) / 10;
  const district = findDistrict(clause);
  const region = district ? regionOfPlace(district) : null;
  if (region) patch.region = region;
  const experience = experienceOf(fold(clause));
  if (experience) patch.experienceLevel = experience;
  return patch;
}

/** Reads one clause: who it is about and, for the farmer's own farm, the values it states. */
export function readClause(clause: string): ClauseReading {
  const folded = fold(clause).replace(/\s+/g, " ").trim();
  const endsWithQuestion = /\?\s*$/.test(clause);
  const tokens = tokenize(clause).map((t) => t.folded);
  // Both languages' rules read every clause (farmers mix them); any look-alike reading wins over own_farm.
  const readings = [aboutEnglish(folded, endsWithQuestion), aboutAzerbaijani(tokens, folded, endsWithQuestion)];
  const careful = readings.find((a) => a !== undefined && a !== "own_farm") ?? (readings.includes("own_farm") ? "own_farm" : "none");
  return { text: clause, about: careful, patch: careful === "own_farm" ? valuesOf(clause) : {} };
}

export interface StatementReading {
  clauses: ClauseReading[];
  /** Everything the own-farm clauses state; a field stated twice with different values is left out (unsure). */
  patch: PersonaPatch;
}

export function readStatements(text: string): StatementReading {
  const clauses = splitClauses(text).map(readClause);
  const patch: Record<string, unknown> = {};
  const conflicting = new Set<string>();
  for (const clause of clauses) {
    for (const [field, value] of Object.entries(clause.patch)) {
      if (field in patch && patch[field] !== value) conflicting.add(field);
      patch[field] = value;
    }
  }
  for (const field of conflicting) delete patch[field];
  return { clauses, patch: patch as PersonaPatch };
}

/**
 * What a message would change in the profile: the stated own-farm values that differ from the current
 * ones; null when it states nothing new (or nothing about the farmer's own farm).
 */
export function proposalFromMessage(
  text: string,
  current: { region: string; cropType: string; totalAreaHa: number; experienceLevel: ExperienceLevel },
): PersonaPatch | null {
  const { patch } = readStatements(text);
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(patch)) {
    if (current[field as keyof typeof current] !== value) changes[field] = value;
  }
  return Object.keys(changes).length ? (changes as PersonaPatch) : null;
}

/**
 * When a message reads like the farmer's own farm but it is unsure what to record — a side crop, or two
 * crops without saying which is the main one — nothing is proposed and the advisor may ask instead.
 */
export function clarifyingQuestion(text: string, language: "az" | "en"): string | null {
  const name = (crop: string) => (language === "az" ? crop.toLocaleLowerCase("az") : cropLabel(crop, "en").toLowerCase());
  for (const clause of readStatements(text).clauses) {
    if (clause.about !== "side_crop" && clause.about !== "own_farm") continue;
    const crops = findCrops(clause.text).filter((c) => (cropNames as readonly string[]).includes(c));
    if (clause.about === "side_crop" && crops.length === 1) {
      const c = name(crops[0]!);
      return language === "az"
        ? `${c[0]!.toLocaleUpperCase("az")}${c.slice(1)} indi əsas bitkinizdir? Elədirsə, "Əsas bitkim ${c}" yazın, profilinizi yeniləməyi təklif edim.`
        : `Is ${c} your main crop now? If so, say "My main crop is ${c}" and I will propose it for your profile.`;
    }
    if (crops.length >= 2) {
      const list = crops.map(name).join(language === "az" ? " və " : " and ");
      return language === "az"
        ? `${list} — hansı əsas bitkinizdir? "Əsas bitkim …" yazın, profilinizi yeniləməyi təklif edim.`
        : `Which of ${list} is your main crop? Say "My main crop is …" and I will propose it for your profile.`;
    }
  }
  return null;
}
