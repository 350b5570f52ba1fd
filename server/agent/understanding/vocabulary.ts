/**
 * The words of the knowledge index (./index.ts) that are not names in the data files: what a question
 * ASKS (the topics the tools answer), the farmer's words for symptoms (the sign keys of
 * ../data/symptoms.json), crop synonyms, and the words of things outside farming that share a crop's
 * name (Apple the company, Nar the mobile operator, a tea house). Each word goes through the same
 * stemmer as the question (./stem.ts), so one form per word is enough: "suvar" covers suvarım,
 * suvarmalıyam; "leke" covers ləkələr, ləkəsi; "spot" covers spots.
 * `prefix`: the stem also matches words that start with it (verbs: saralır, saralıb; qurudur …).
 */
export type TopicKey = "irrigation" | "fertilizer" | "calendar" | "climate" | "coefficients" | "pests" | "week" | "vague" | "when" | "farming" | "greeting" | "plantVerb" | "offfarm" | "good" | "negation";

export interface Vocab {
  words: readonly string[];
  prefix?: readonly string[];
}

export const TOPIC_WORDS: Record<TopicKey, Vocab> = {
  irrigation: {
    words: ["su", "suy", "suya", "sulama", "irrigation", "irrigate", "water", "watering", "kubmetr", "rutubet"],
    prefix: ["suvar", "irrigat", "water", "sulay"],
  },
  fertilizer: {
    words: ["gubre", "azot", "n", "fosfor", "kalium", "npk", "karbamid", "urea", "selitra", "peyin", "fertilizer", "fertiliser", "nitrogen", "phosphorus", "potash", "potassium", "nutrient", "manure", "feed"],
    prefix: ["gubre", "fertili", "nitrogen", "phosph"],
  },
  calendar: {
    words: ["ekin", "ekim", "sepin", "sepim", "bicin", "yigim", "teqvim", "calendar", "sow", "sowing", "harvest", "transplant", "sitil", "ting"],
    prefix: ["ekil", "ekir", "ekme", "ekek", "ekim", "sepil", "sepir", "sepme", "sepek", "bicil", "bicir", "bicme", "yigil", "yigir", "yigma", "kocur", "harvest", "transplant", "sow"],
  },
  climate: {
    words: ["iqlim", "hava", "temperatur", "yagis", "yaginti", "isti", "soyuq", "saxta", "climate", "weather", "rain", "rainfall", "precipitation", "frost", "hot", "cold", "temperature", "warm"],
    prefix: ["iqlim", "temperatur", "yagis", "yagin", "climat", "precipit"],
  },
  coefficients: { words: ["kc", "emsal", "coefficient", "emsali"], prefix: ["emsal", "coefficient"] },
  pests: {
    words: ["zererverici", "ziyanverici", "xestelik", "xesteliyi", "heserat", "bocek", "parazit", "pest", "disease", "insect", "bug", "fungus", "mildew", "blight", "moth", "spray", "fight", "control", "rid", "kill", "mubarize", "dermanla", "cilemek", "cile"],
    prefix: ["zererverici", "ziyanverici", "xestelik", "mubarize", "cile", "dermanla", "fung", "insect", "pesticid", "fungicid"],
  },
  week: { words: ["hefte", "proqnoz", "bugun", "sabah", "week", "weekly", "forecast", "today", "tomorrow"], prefix: ["hefte", "proqnoz"] },
  vague: {
    words: ["xeste", "problem", "sick", "ill", "wrong", "dying", "pis", "nese", "unwell", "weak", "zeif", "bad"],
    prefix: ["xestelen", "problem"],
  },
  // "not good", "yaxşı deyil": vague only together.
  good: { words: ["good", "well", "yaxsi", "normal", "healthy", "saglam"] },
  negation: { words: ["not", "don", "doesn", "isn", "aren", "deyil", "no"] },
  when: { words: ["when", "vaxt", "time", "ay", "month", "qachan", "haçan", "nevaxt"] },
  farming: {
    words: ["ferma", "fermer", "farm", "farmer", "sahe", "crop", "bitki", "torpaq", "soil", "mehsul", "yield", "aqronom", "agronomist", "bag", "orchard", "field", "tree", "agac", "plant", "kol", "bush", "seedling", "leaf", "yarpaq", "meyve", "fruit", "kok", "root", "govde", "stem", "stalk"],
    prefix: ["ferm", "farm", "aqronom", "agronom", "yarpaq", "meyve"],
  },
  greeting: { words: ["salam", "hello", "hi", "hey", "greetings"] },
  plantVerb: { words: ["plant", "planting", "put", "grow"] },
  // Things outside farming that share a crop's or a place's name: the look-alikes decline.
  offfarm: {
    words: ["telefon", "phone", "iphone", "macbook", "qiymet", "price", "share", "stock", "otel", "hotel", "restoran", "restaurant", "shop", "magaza",
      "tarif", "operator", "mobil", "nomre", "holiday", "tatil", "cup", "cayxana", "kafe", "cafe", "buy", "recipe", "resept", "masin", "car", "company"],
    prefix: ["telefon", "restoran", "cayxana", "operator"],
  },
};

/** The farmer's words for each sign of ../data/symptoms.json. */
export const SIGN_WORDS: Record<string, Vocab> = {
  yellowing: { words: ["sari", "yellow", "yellowish", "solgun", "pale", "chlorosis"], prefix: ["saral", "yellow", "sarim"] },
  reddening: { words: ["qirmizi", "red", "reddish"], prefix: ["qizar", "redden"] },
  spots: { words: ["leke", "xal", "spot", "blotch", "lesion", "speck", "stipple", "ring"], prefix: ["leke", "spott", "blotch"] },
  wilting: { words: ["solur", "solub", "solma", "wilt", "droop", "sallanir"], prefix: ["wilt", "droop"] },
  curling: { words: ["curl"], prefix: ["bukul", "qivril", "buzul", "curl"] },
  holes: { words: ["desik", "delik", "hole", "shothole"], prefix: ["desik", "desil", "delin", "deshil", "deshik"] },
  rot: { words: ["rot", "decay", "rotten", "curuk"], prefix: ["curu", "rott", "decay"] },
  drop: { words: ["drop", "fall", "falling", "shed", "tokulur"], prefix: ["tokul", "dropp"] },
  coating: { words: ["kif", "ortuk", "toz", "mould", "mold", "powder", "powdery", "coating", "fuzz", "fuzzy", "white"], prefix: ["kifl", "powder", "mould", "mold"] },
  larvae: { words: ["qurd", "tirtil", "surfe", "worm", "caterpillar", "larva", "larvae", "maggot", "grub", "qurdlu"], prefix: ["qurd", "tirtil", "caterpill", "worm"] },
  sticky: { words: ["yapisqan", "his", "sticky", "honeydew", "soot", "sooty", "shireli"], prefix: ["yapisq", "sticky", "soot"] },
  tunnels: { words: ["tunel", "mina", "tunnel", "mine", "trail", "miner", "leafminer"], prefix: ["tunnel", "tunel"] },
  empty: { words: ["bos", "empty", "blank", "shrivel", "shrivelled", "shriveled"], prefix: ["shrivel"] },
  cracking: { words: ["crack", "split"], prefix: ["catla", "crack", "split"] },
  rust: { words: ["pas", "zolaq", "narinci", "rust", "stripe", "orange", "pustule"], prefix: ["pasl", "zolaq", "stripe", "rust"] },
  drying: { words: ["quru", "dry", "scorch", "brown", "qehveyi", "burnt"], prefix: ["quruy", "qurud", "dry", "scorch", "brown"] },
  bugs: { words: ["bocek", "heserat", "menene", "taxtabiti", "bug", "insect", "aphid", "mite", "gene", "fly", "whitefly", "scale", "beetle", "agqanad"], prefix: ["menene", "taxtabiti", "aphid", "bocek", "beetle"] },
  blackening: { words: ["qara", "black", "dark", "tund"], prefix: ["qaral", "black", "dark"] },
  breaking: { words: ["sinir", "sinib", "break", "broken", "lodge", "lodging"], prefix: ["break", "broke"] },
  galls: { words: ["sis", "gall", "swelling", "tumor"], prefix: ["sisl", "gall"] },
};

/** Other names farmers use for a crop (the data's Azerbaijani key and English name are indexed anyway). */
export const CROP_SYNONYMS: Record<string, readonly string[]> = {
  Üzüm: ["grape", "grapevine", "vine", "vineyard", "tenek", "uzumluk"],
  Fındıq: ["hazelnut", "hazel", "filbert", "findiqliq"],
  Sitrus: ["citrus", "naringi", "mandarin", "limon", "lemon", "portagal"],
  Qarğıdalı: ["maize", "corn", "qargidali"],
  Nar: ["pomegranate", "narliq"],
  Kartof: ["potato"],
  Pomidor: ["tomato"],
  Pambıq: ["cotton"],
  Buğda: ["wheat"],
  Alma: ["apple", "almaliq"],
  Çay: ["tea", "cayliq"],
  Arpa: ["barley"],
  Yonca: ["alfalfa", "lucerne"],
  Xaşa: ["sainfoin"],
  Günəbaxan: ["sunflower"],
  Tərəvəz: ["vegetable"],
  Soya: ["soybean", "soy"],
};

/** Crop names that are also common words and name the crop only with a farm word or a case ending ("Yonca" is the advisor). */
export const AMBIGUOUS_CROP_WORDS = new Set(["yonca"]);
