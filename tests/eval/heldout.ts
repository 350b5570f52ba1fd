/**
 * The HELD-OUT part of `npm run eval`: questions written as farmers write them, BEFORE the
 * router and the knowledge index were tuned, and never used to tune them. Do not edit these to make
 * the advisor pass; add new phrasings to ./farmer.ts (the tuning part) instead.
 *
 * Each line: topic, what a good answer is (an answer, a decline, or one clarifying question), the
 * question's language, the farmer's persona (district, crop, ha), the question, what it asks about
 * (crop / district the answer must name), and for a follow-up the question asked before it.
 */
import type { FarmerQuestion } from "./farmer-types.js";

export const HELD_OUT: readonly FarmerQuestion[] = [
  // Symptoms without a pest's name.
  { topic: "symptoms", good: "answer", lang: "en", persona: ["Quba", "Pomidor", 6], text: "My tomato leaves have yellow spots, what is it?", asks: { crop: "Pomidor" } },
  { topic: "symptoms", good: "answer", lang: "az", persona: ["Quba", "Pomidor", 6], text: "Pomidorumun yarpaqlarında sarı ləkələr var, nədir bu?", asks: { crop: "Pomidor" } },
  { topic: "symptoms", good: "answer", lang: "az", persona: ["Gəncə", "Pomidor", 3], text: "pomidorun yarpaqlari quruyur ve buzulur ne edim", asks: { crop: "Pomidor" } },
  { topic: "symptoms", good: "answer", lang: "en", persona: ["Abşeron", "Pomidor", 2], text: "Something is making tunnels inside my tomato leaves", asks: { crop: "Pomidor" } },
  { topic: "symptoms", good: "answer", lang: "az", persona: ["Quba", "Alma", 8], text: "Almanın meyvələrində qurd var, içi yeyilib", asks: { crop: "Alma" } },
  { topic: "symptoms", good: "answer", lang: "en", persona: ["Xaçmaz", "Alma", 5], text: "worms inside my apples, what do I do", asks: { crop: "Alma" } },
  { topic: "symptoms", good: "answer", lang: "az", persona: ["Şamaxı", "Üzüm", 4], text: "Üzüm yarpaqlarının altında ağ toz kimi örtük var", asks: { crop: "Üzüm" } },
  { topic: "symptoms", good: "answer", lang: "en", persona: ["Tovuz", "Üzüm", 4], text: "white powder on my grape leaves", asks: { crop: "Üzüm" } },
  { topic: "symptoms", good: "answer", lang: "az", persona: ["Cəlilabad", "Buğda", 20], text: "buğdanın yarpaqlarında narıncı pas kimi zolaqlar var", asks: { crop: "Buğda" } },
  { topic: "symptoms", good: "answer", lang: "en", persona: ["Şəki", "Buğda", 15], text: "orange stripes on my wheat leaves", asks: { crop: "Buğda" } },
  { topic: "symptoms", good: "answer", lang: "az", persona: ["Sabirabad", "Pambıq", 12], text: "pambiqin qozalari deshilib, icinde qurd var", asks: { crop: "Pambıq" } },
  { topic: "symptoms", good: "answer", lang: "en", persona: ["Saatlı", "Pambıq", 30], text: "holes in my cotton bolls with caterpillars inside", asks: { crop: "Pambıq" } },
  { topic: "symptoms", good: "answer", lang: "az", persona: ["Zaqatala", "Fındıq", 6], text: "Fındıq ləpələri boş çıxır, qabığında ləkələr var", asks: { crop: "Fındıq" } },
  { topic: "symptoms", good: "answer", lang: "en", persona: ["Qəbələ", "Fındıq", 3], text: "my hazelnuts are empty and shrivelled inside", asks: { crop: "Fındıq" } },
  { topic: "symptoms", good: "answer", lang: "az", persona: ["Göyçay", "Nar", 5], text: "Narın meyvələri çatlayır, içində qurd var", asks: { crop: "Nar" } },
  { topic: "symptoms", good: "answer", lang: "en", persona: ["Tovuz", "Kartof", 7], text: "the leaves of my potato plants have brown spots with rings", asks: { crop: "Kartof" } },
  { topic: "symptoms", good: "answer", lang: "az", persona: ["Cəlilabad", "Kartof", 9], text: "kartofun yarpaqları qaralır, çürüyür, altında ağ örtük var", asks: { crop: "Kartof" } },
  { topic: "symptoms", good: "answer", lang: "en", persona: ["Lənkəran", "Çay", 2], text: "my tea bushes have brown spots on the leaves", asks: { crop: "Çay" } },
  { topic: "symptoms", good: "answer", lang: "az", persona: ["Astara", "Sitrus", 3], text: "Naringi ağaclarımın yarpaqlarında yapışqan maddə və qara örtük var", asks: { crop: "Sitrus" } },
  { topic: "symptoms", good: "answer", lang: "en", persona: ["Zaqatala", "Qarğıdalı", 10], text: "the corn stalks have holes and break, something eats them from inside", asks: { crop: "Qarğıdalı" } },
  { topic: "symptoms", good: "answer", lang: "az", persona: ["Aran", "Qarğıdalı", 10], text: "qargidalinin govdesi icinden yeyilib, sinir", asks: { crop: "Qarğıdalı" } },
  { topic: "symptoms", good: "answer", lang: "az", persona: ["Gəncə", "Pomidor", 3], text: "pomidorda meyvənin dibi qaralır", asks: { crop: "Pomidor" } },
  { topic: "symptoms", good: "answer", lang: "en", persona: ["Quba", "Alma", 8], text: "my apple leaves have dark scabby spots", asks: { crop: "Alma" } },
  { topic: "symptoms", good: "answer", lang: "az", persona: ["Şamaxı", "Üzüm", 4], text: "üzüm salxımları çürüyür, üstündə boz kif var", asks: { crop: "Üzüm" } },
  { topic: "symptoms", good: "answer", lang: "en", persona: ["Beyləqan", "Buğda", 40], text: "my wheat is turning yellow in patches", asks: { crop: "Buğda" } },
  // Too vague to narrow: one clarifying question.
  { topic: "vague", good: "clarify", lang: "en", persona: ["Quba", "Pomidor", 4], text: "my plants are sick" },
  { topic: "vague", good: "clarify", lang: "az", persona: ["Şəki", "Fındıq", 6], text: "bitkilərim xəstədir, nə edim?" },
  { topic: "vague", good: "clarify", lang: "az", persona: ["Quba", "Alma", 5], text: "agaclarim yaxsi deyil" },
  { topic: "vague", good: "clarify", lang: "en", persona: ["Gəncə", "Pomidor", 2], text: "something is wrong with my tomatoes", asks: { crop: "Pomidor" } },
  { topic: "vague", good: "clarify", lang: "az", persona: ["Gəncə", "Pomidor", 2], text: "pomidorlarımla nəsə problem var", asks: { crop: "Pomidor" } },
  // A pest or disease by name, without the word "pest".
  { topic: "pests", good: "answer", lang: "en", persona: ["Sabirabad", "Pambıq", 12], text: "How should I fight cotton bollworm?", asks: { crop: "Pambıq" } },
  { topic: "pests", good: "answer", lang: "az", persona: ["Şəki", "Fındıq", 14.4], text: "Fındıqda qonur mərmər taxtabitisi ilə necə mübarizə aparım?", asks: { crop: "Fındıq" } },
  { topic: "pests", good: "answer", lang: "en", persona: ["Zaqatala", "Fındıq", 5], text: "how do I get rid of the stink bugs in my hazelnut orchard", asks: { crop: "Fındıq" } },
  { topic: "pests", good: "answer", lang: "az", persona: ["Abşeron", "Pomidor", 1], text: "tuta absoluta pomidorda nece mubarize aparim", asks: { crop: "Pomidor" } },
  { topic: "pests", good: "answer", lang: "en", persona: ["Şamaxı", "Üzüm", 6], text: "mildew on my grapes, what should I spray?", asks: { crop: "Üzüm" } },
  { topic: "pests", good: "answer", lang: "az", persona: ["Quba", "Alma", 8], text: "Almada meyvə güvəsinə qarşı nə edim?", asks: { crop: "Alma" } },
  { topic: "pests", good: "answer", lang: "az", persona: ["Quba", "Alma", 8], text: "Alma bağımda hansı xəstəliklər ola bilər?", asks: { crop: "Alma" } },
  { topic: "pests", good: "answer", lang: "az", persona: ["Cəlilabad", "Buğda", 25], text: "Buğdada sarı pasla necə mübarizə aparım?", asks: { crop: "Buğda" } },
  // Irrigation: no Azerbaijani letters, inflected, another crop than the farm's.
  { topic: "irrigation", good: "answer", lang: "az", persona: ["Sabirabad", "Pambıq", 12], text: "pambiga iyulda ne qeder su vermeliyem?", asks: { crop: "Pambıq" } },
  { topic: "irrigation", good: "answer", lang: "az", persona: ["Şəki", "Fındıq", 14.4], text: "Şəkidə buğdanı may ayında suvarmaq lazımdır?", asks: { crop: "Buğda", region: "Şəki" } },
  { topic: "irrigation", good: "answer", lang: "en", persona: ["Gəncə", "Pomidor", 3], text: "how often to water tomatoes in august in ganja", asks: { crop: "Pomidor", region: "Gəncə" } },
  { topic: "irrigation", good: "answer", lang: "az", persona: ["Şəki", "Fındıq", 14.4], text: "fındıqlığımda avqustda neçə kubmetr su lazımdır?", asks: { crop: "Fındıq" } },
  { topic: "irrigation", good: "answer", lang: "en", persona: ["Cəlilabad", "Kartof", 9], text: "my potato field in Jalilabad, how much water in June?", asks: { crop: "Kartof", region: "Cəlilabad" } },
  { topic: "irrigation", good: "answer", lang: "az", persona: ["Zaqatala", "Qarğıdalı", 10], text: "iyunda qarğıdalıya nə qədər su verim?", asks: { crop: "Qarğıdalı" } },
  { topic: "irrigation", good: "answer", lang: "az", persona: ["Şamaxı", "Üzüm", 4], text: "uzum baglarini iyulda suvarim?", asks: { crop: "Üzüm" } },
  // Fertilizer.
  { topic: "fertilizer", good: "answer", lang: "en", persona: ["Şəki", "Fındıq", 14.4], text: "how much nitrogen should I put on cotton?", asks: { crop: "Pambıq" } },
  { topic: "fertilizer", good: "answer", lang: "az", persona: ["Cəlilabad", "Buğda", 20], text: "bugdaya ne qeder azot verim?", asks: { crop: "Buğda" } },
  { topic: "fertilizer", good: "answer", lang: "az", persona: ["Quba", "Pomidor", 3], text: "Pomidora hansı gübrə lazımdır?", asks: { crop: "Pomidor" } },
  { topic: "fertilizer", good: "answer", lang: "en", persona: ["Quba", "Alma", 8], text: "what should I feed my apple trees?", asks: { crop: "Alma" } },
  { topic: "fertilizer", good: "answer", lang: "az", persona: ["Tovuz", "Kartof", 6], text: "kartofa hektara nə qədər gübrə səpilir?", asks: { crop: "Kartof" } },
  { topic: "fertilizer", good: "answer", lang: "en", persona: ["İmişli", "Buğda", 35], text: "urea for wheat, how many kilos per hectare?", asks: { crop: "Buğda" } },
  // Calendar.
  { topic: "calendar", good: "answer", lang: "az", persona: ["Quba", "Pomidor", 3], text: "pomidor sitillerini ne vaxt kocurum?", asks: { crop: "Pomidor" } },
  { topic: "calendar", good: "answer", lang: "en", persona: ["Şəki", "Fındıq", 5], text: "when do people plant hazelnut saplings?", asks: { crop: "Fındıq" } },
  { topic: "calendar", good: "answer", lang: "az", persona: ["Cəlilabad", "Buğda", 20], text: "Buğdanı nə vaxt biçirlər?", asks: { crop: "Buğda" } },
  { topic: "calendar", good: "answer", lang: "en", persona: ["Tovuz", "Kartof", 6], text: "best time to put potatoes in the ground?", asks: { crop: "Kartof" } },
  { topic: "calendar", good: "answer", lang: "az", persona: ["Zaqatala", "Qarğıdalı", 10], text: "qarğıdalı səpini hansı aydadır?", asks: { crop: "Qarğıdalı" } },
  // Climate.
  { topic: "climate", good: "answer", lang: "az", persona: ["Quba", "Alma", 8], text: "Qubada oktyabrda şaxta olur?", asks: { region: "Quba" } },
  { topic: "climate", good: "answer", lang: "en", persona: ["Lənkəran", "Çay", 2], text: "how much rain does lankaran get in september?", asks: { region: "Lənkəran" } },
  { topic: "climate", good: "answer", lang: "az", persona: ["Şəki", "Fındıq", 5], text: "sekide yanvarda hava nece soyuq olur", asks: { region: "Şəki" } },
  { topic: "climate", good: "answer", lang: "en", persona: ["Sabirabad", "Pambıq", 12], text: "is july hot in sabirabad?", asks: { region: "Sabirabad" } },
  // Crop coefficients.
  { topic: "coefficients", good: "answer", lang: "en", persona: ["Quba", "Pomidor", 3], text: "kc value for tomato mid season?", asks: { crop: "Pomidor" } },
  { topic: "coefficients", good: "answer", lang: "az", persona: ["Lənkəran", "Çay", 2], text: "çayın bitki əmsalı neçədir?", asks: { crop: "Çay" } },
  // Compound questions: each part answered.
  { topic: "compound", good: "answer", lang: "en", persona: ["Şəki", "Fındıq", 14.4], text: "pests of hazelnut? Also how much fertilizer for cotton?", asks: { crops: ["Fındıq", "Pambıq"] } },
  { topic: "compound", good: "answer", lang: "az", persona: ["Sabirabad", "Pambıq", 12], text: "Pambığa nə vaxt su verim və nə qədər gübrə lazımdır?", asks: { crop: "Pambıq" } },
  { topic: "compound", good: "answer", lang: "en", persona: ["Quba", "Pomidor", 3], text: "When do I plant tomatoes and how much water do they need in July?", asks: { crop: "Pomidor" } },
  // Follow-ups: the previous question's topic, the new crop or place.
  { topic: "followup", good: "answer", lang: "az", persona: ["Sabirabad", "Pambıq", 12], before: "Pambıq üçün nə qədər azot lazımdır?", text: "bəs buğda üçün?", asks: { crop: "Buğda", topic: "fertilizer" } },
  { topic: "followup", good: "answer", lang: "en", persona: ["Sabirabad", "Pambıq", 12], before: "When do I sow cotton?", text: "and for wheat?", asks: { crop: "Buğda", topic: "calendar" } },
  { topic: "followup", good: "answer", lang: "az", persona: ["Quba", "Alma", 8], before: "Quba rayonunda iyulda iqlim necədir?", text: "bəs Şəkidə?", asks: { region: "Şəki", topic: "climate" } },
  { topic: "followup", good: "answer", lang: "en", persona: ["Quba", "Pomidor", 3], before: "How much water does my tomato need in July?", text: "what about August?", asks: { crop: "Pomidor", topic: "irrigation" } },
  { topic: "followup", good: "answer", lang: "az", persona: ["Quba", "Alma", 8], before: "Almada hansı zərərvericilər olur?", text: "bəs üzümdə?", asks: { crop: "Üzüm", topic: "pests" } },
  // Off-topic and look-alikes: a short decline.
  { topic: "offtopic", good: "decline", lang: "en", persona: ["Quba", "Alma", 5], text: "What's a good recipe for chocolate cake?" },
  { topic: "offtopic", good: "decline", lang: "az", persona: ["Quba", "Alma", 5], text: "Bakıda ən yaxşı restoran hansıdır?" },
  { topic: "offtopic", good: "decline", lang: "en", persona: ["Quba", "Alma", 5], text: "Translate good morning into German" },
  { topic: "offtopic", good: "decline", lang: "az", persona: ["Quba", "Alma", 5], text: "masin almaq isteyirem, hansi marka yaxsidir?" },
  { topic: "offtopic", good: "decline", lang: "en", persona: ["Quba", "Alma", 5], text: "Who is the president of the USA?" },
  { topic: "lookalike", good: "decline", lang: "en", persona: ["Quba", "Alma", 5], text: "Is the Apple iPhone 15 worth buying?" },
  { topic: "lookalike", good: "decline", lang: "az", persona: ["Göyçay", "Nar", 5], text: "Nar mobil nömrəmi necə bərpa edim?" },
  { topic: "lookalike", good: "decline", lang: "en", persona: ["Lənkəran", "Çay", 5], text: "Where can I buy a good tea cup set?" },
];
