/**
 * Sources a farmer can read: each source id of the data files (S1 …) as a short name
 * (author or publisher, year), a title and a link. Answers end with the short names; `chat:done`
 * carries the structured list.
 */
import { agronomy } from "./agronomy.js";
import { additions } from "./additions.js";
import { irrigationData } from "./irrigation-data.js";
import { symptomSources } from "./symptoms.js";

export interface SourceRef {
  id: string;
  title: string;
  publisher: string;
  year: string | null;
  url: string | null;
}

/** "pyfao56 FAO56Tables: … , USDA-ARS — https://…" → title, publisher, url (agronomy.json keeps one string per source). */
function fromText(id: string, text: string): SourceRef {
  const [head, url] = text.split(/\s+—\s+(?=https?:\/\/)/);
  const title = (head ?? text).trim();
  const publisher = shortPublisher(title.split(/[,(:]/)[0]!);
  const years = title.match(/\b(19|20)\d\d\b/g);
  return { id, title, publisher, year: years ? years[years.length - 1]! : null, url: url?.trim() ?? null };
}

const REFS: ReadonlyMap<string, SourceRef> = new Map([
  ...Object.entries(agronomy.sources).map(([id, text]) => [id, fromText(id, text)] as const),
  ...Object.entries(additions.sources).map(([id, s]) => [
    id,
    { id, title: s.title, publisher: shortPublisher(s.publisher_or_author), year: s.year ?? s.title.match(/\b(19|20)\d\d\b/)?.[0] ?? null, url: s.url },
  ] as const),
  // ./data/irrigation.json: district coordinates and the nearest-FAO-crop cross-check (IR ids).
  ...Object.entries(irrigationData.sources).map(([id, s]) => [
    id,
    { id, title: s.title, publisher: shortPublisher(s.publisher_or_author), year: s.year, url: s.url },
  ] as const),
  // The symptom table's own sources (./data/symptoms.json, SY..).
  ...Object.entries(symptomSources).map(([id, s]) => [
    id,
    { id, title: s.title, publisher: shortPublisher(s.publisher_or_author), year: s.year, url: s.url },
  ] as const),
  // The live forecast a plugin contributes at "advisor:weather" (the weather plugin), cited when an answer used it.
  ["OPEN_METEO", { id: "OPEN_METEO", title: "Open-Meteo weather forecast API (daily FAO-56 ET0 and precipitation)", publisher: "Open-Meteo", year: null, url: "https://open-meteo.com/" }],
]);

export function sourceRef(id: string): SourceRef | undefined {
  return REFS.get(id);
}

/** "K. Thorp et al., USDA-ARS (github …)" → "K. Thorp et al.": the author or publisher up to its first aside. */
function shortPublisher(text: string): string {
  const name = text.split(/;| ?\(| — |, /)[0]!.trim().replace(/[,;\s]+$/, "");
  return name.length > 60 ? `${name.slice(0, 57).trimEnd()}…` : name;
}

/** "K. Thorp et al., 2024": what a farmer reads at the end of an answer (the title and link are in `chat:done`). */
export function shortSourceName(ref: SourceRef): string {
  return ref.year ? `${ref.publisher}, ${ref.year}` : ref.publisher;
}

/** The closing line of an answer: "Mənbələr: K. Thorp et al., 2024; WMO …". */
export function sourcesLine(refs: readonly SourceRef[], language: "az" | "en"): string {
  const names = [...new Set(refs.map(shortSourceName))];
  return `${language === "az" ? "Mənbələr" : "Sources"}: ${names.join("; ")}.`;
}
