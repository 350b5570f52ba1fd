import type { Persona, ProvenanceField } from "../../../../server/personas/types.js";
import { formatDateTime, type Language } from "../../i18n.js";
import { usePersonaI18n, type PersonaKey } from "./i18n.js";

const units = [
  { ms: 365 * 86_400_000, az: "il", en: ["year", "years"] },
  { ms: 30 * 86_400_000, az: "ay", en: ["month", "months"] },
  { ms: 86_400_000, az: "gün", en: ["day", "days"] },
  { ms: 3_600_000, az: "saat", en: ["hour", "hours"] },
  { ms: 60_000, az: "dəqiqə", en: ["minute", "minutes"] },
] as const;

/** "3 days ago" / "3 gün əvvəl", composed here: browsers' ICU data for az is patchy (see formatDateTime). */
export function timeAgo(iso: string, language: Language, now = Date.now()): string {
  const elapsed = Math.max(0, now - new Date(iso).getTime());
  for (const unit of units) {
    const n = Math.floor(elapsed / unit.ms);
    if (n >= 1) return language === "az" ? `${n} ${unit.az} əvvəl` : `${n} ${unit.en[n === 1 ? 0 : 1]} ago`;
  }
  return language === "az" ? "indicə" : "just now";
}

/** Where a field's value came from, in words: "you, 3 days ago", "from your chat, confirmed" (nothing for a demo value). */
export function ProvenanceNote({ persona, field }: { persona: Persona; field: ProvenanceField }) {
  const { t, language } = usePersonaI18n();
  const entry = persona.provenance?.[field];
  // A demo value says so once, in the note under the card ("sourceSyntheticHint"), not under every field.
  if (!entry || entry.source === "synthetic") return null;
  const words = t(`provenance.${entry.source}` as PersonaKey).replace("{time}", timeAgo(entry.at, language));
  return (
    <span className={`provenance provenance--${entry.source}`} data-provenance={entry.source} title={formatDateTime(entry.at, language)}>
      <span className="visually-hidden">{t("provenanceLabel")}: </span>
      {words}
    </span>
  );
}
