import { useMemo } from "react";
import { cropLabel } from "../../../../server/personas/catalogue.js";
import { useI18n, type MessageKey } from "../../i18n.js";
import type { az } from "./strings.js";

/** A key of the persona namespace, or of `core` (i18next falls back to it for shared words). */
export type PersonaKey = keyof typeof az | MessageKey;

/** The persona namespace's strings, plus crop names (stored in Azerbaijani) in the UI language. */
export function usePersonaI18n() {
  const i18n = useI18n<PersonaKey>("persona");
  return useMemo(() => ({ ...i18n, crop: (name: string) => cropLabel(name, i18n.language) }), [i18n]);
}
