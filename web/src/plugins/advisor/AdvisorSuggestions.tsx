import { useEffect, useState } from "react";
import { useI18n } from "../../i18n.js";
import type { EmptyStateProps } from "../types.js";
import type { AdvisorKey } from "./strings.js";

type Suggestions = { az: string[]; en: string[] };

/** A question starts with a capital, in the language's own rules (az: "i" → "İ"), whatever the source wrote. */
export function sentenceCase(text: string, language: "az" | "en"): string {
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const head = String.fromCodePoint(first);
  return head.toLocaleUpperCase(language === "az" ? "az-AZ" : "en-GB") + text.slice(head.length);
}

/**
 * Starter questions from the advisor (GET /api/advisor/suggestions): only questions it answers with a
 * sourced figure for this farmer's crop and district. Asked again on a new session and whenever the
 * farm changes (`persona:updated`: the advisor answers from the persona, so it listens for it); nothing
 * is shown when the request fails (never a generic question the advisor cannot answer).
 */
export default function AdvisorSuggestions({ client, host }: EmptyStateProps) {
  const { t, language } = useI18n<AdvisorKey>("advisor");
  const [suggestions, setSuggestions] = useState<Suggestions | null>(null);
  const [farmVersion, setFarmVersion] = useState(0);
  const disabled = !host.canSend;

  useEffect(() => client.on("persona:updated", () => setFarmVersion((v) => v + 1)), [client]);

  useEffect(() => {
    const controller = new AbortController();
    fetch("/api/advisor/suggestions", { credentials: "same-origin", headers: { accept: "application/json" }, signal: controller.signal })
      .then(async (res) => (res.ok ? ((await res.json()) as { suggestions: Suggestions }).suggestions : null))
      .then((s) => setSuggestions(s))
      .catch(() => {
        if (!controller.signal.aborted) setSuggestions(null);
      });
    return () => controller.abort();
  }, [host.ready, farmVersion]);

  const list = (suggestions?.[language] ?? []).map((text) => sentenceCase(text, language));
  if (list.length === 0) return null;
  return (
    <ul className="suggestions" aria-label={t("suggestionsLabel")} data-testid="suggestions">
      {list.map((text) => (
        <li key={text}>
          <button type="button" className="suggestion" disabled={disabled} onClick={() => host.send(text)}>
            {text}
          </button>
        </li>
      ))}
    </ul>
  );
}
