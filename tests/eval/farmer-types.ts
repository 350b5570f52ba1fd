/** A question written as a farmer writes it (./heldout.ts, ./farmer.ts). */
import type { Language } from "../../server/text/language.js";

export type FarmerTopic =
  | "symptoms" | "vague" | "pests" | "irrigation" | "fertilizer" | "calendar" | "climate" | "coefficients"
  | "compound" | "followup" | "offtopic" | "lookalike";

export interface FarmerQuestion {
  topic: FarmerTopic;
  /** What a good reply is: an answer from the data, a short decline, or one clarifying question with choices. */
  good: "answer" | "decline" | "clarify";
  lang: Language;
  /** The farmer's persona: district, main crop, area in ha. */
  persona: [string, string, number];
  text: string;
  /** What the answer must name to be relevant: a crop (or several), a district, the previous question's topic. */
  asks?: { crop?: string; crops?: string[]; region?: string; topic?: "fertilizer" | "calendar" | "climate" | "irrigation" | "pests" };
  /** A follow-up: the question asked (and answered) just before. */
  before?: string;
}
