/**
 * The second HELD-OUT batch of `npm run eval`: written on 2026-12-04 before the router was changed for the two
 * held-out misses of the first batch (those two moved to ./farmer.ts, the tuning part, once they were tuned on).
 * Never used to tune the router or the index; new phrasings that need work go to ./farmer.ts.
 */
import type { FarmerQuestion } from "./farmer-types.js";

export const HELD_OUT_2: readonly FarmerQuestion[] = [
  { topic: "symptoms", good: "answer", lang: "en", persona: ["Abşeron", "Pomidor", 2], text: "my tomatoes got black rotten bottoms", asks: { crop: "Pomidor" } },
  { topic: "symptoms", good: "answer", lang: "az", persona: ["Quba", "Alma", 6], text: "alma agaclarimin yarpaqlari burusub, altinda xirda yasil bocekler var", asks: { crop: "Alma" } },
  { topic: "symptoms", good: "answer", lang: "en", persona: ["Şəki", "Buğda", 25], text: "rusty orange dust comes off my wheat leaves when I touch them", asks: { crop: "Buğda" } },
  { topic: "symptoms", good: "answer", lang: "az", persona: ["Şamaxı", "Üzüm", 3], text: "üzümün giləmeyvələri boz kiflə örtülüb çürüyür", asks: { crop: "Üzüm" } },
  { topic: "symptoms", good: "answer", lang: "en", persona: ["Sabirabad", "Pambıq", 20], text: "caterpillars are eating my cotton bolls", asks: { crop: "Pambıq" } },
  { topic: "pests", good: "answer", lang: "en", persona: ["Zaqatala", "Fındıq", 4], text: "what insects damage hazelnuts?", asks: { crop: "Fındıq" } },
  { topic: "pests", good: "answer", lang: "az", persona: ["Göyçay", "Nar", 3], text: "nar bağında hansı həşəratlar olur?", asks: { crop: "Nar" } },
  { topic: "pests", good: "answer", lang: "en", persona: ["Quba", "Alma", 10], text: "which diseases should I watch for in my apple orchard?", asks: { crop: "Alma" } },
  { topic: "irrigation", good: "answer", lang: "az", persona: ["Şəki", "Fındıq", 5], text: "iyulda findiga ne qeder su vermeliyem", asks: { crop: "Fındıq" } },
  { topic: "irrigation", good: "answer", lang: "en", persona: ["Beyləqan", "Pambıq", 15], text: "how often should I water cotton in August", asks: { crop: "Pambıq" } },
  { topic: "fertilizer", good: "answer", lang: "az", persona: ["Cəlilabad", "Buğda", 30], text: "buğdaya nə qədər azot verim?", asks: { crop: "Buğda" } },
  { topic: "calendar", good: "answer", lang: "en", persona: ["Gəncə", "Pomidor", 2], text: "when is the right time to plant cotton?", asks: { crop: "Pambıq" } },
  { topic: "compound", good: "answer", lang: "az", persona: ["Sabirabad", "Pambıq", 12], text: "pambığın zərərvericiləri hansılardır, həm də buğdaya nə qədər gübrə lazımdır?", asks: { crops: ["Pambıq", "Buğda"] } },
  { topic: "followup", good: "answer", lang: "en", persona: ["Şəki", "Buğda", 10], before: "How much nitrogen does wheat need?", text: "and cotton?", asks: { crop: "Pambıq", topic: "fertilizer" } },
  { topic: "vague", good: "clarify", lang: "en", persona: ["Tovuz", "Kartof", 5], text: "my potatoes look bad" },
  { topic: "offtopic", good: "decline", lang: "az", persona: ["Quba", "Alma", 5], text: "sabah futbol oyunu neçədə başlayır?" },
];
