import { useEffect, useState } from "react";
import { useI18n } from "../i18n.js";

type Suggestions = { az: string[]; en: string[] };

/**
 * Starter questions from the advisor (GET /api/advisor/suggestions): only questions it answers with a
 * sourced figure for this farmer's crop and district. Asked again when the crop or district changes;
 * nothing is shown when the request fails (never a generic question the advisor cannot answer).
 */
export function AdvisorSuggestions({ farmKey, disabled, onPick }: { farmKey: string; disabled: boolean; onPick(text: string): void }) {
  const { t, language } = useI18n();
  const [suggestions, setSuggestions] = useState<Suggestions | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetch("/api/advisor/suggestions", { credentials: "same-origin", headers: { accept: "application/json" }, signal: controller.signal })
      .then(async (res) => (res.ok ? ((await res.json()) as { suggestions: Suggestions }).suggestions : null))
      .then((s) => setSuggestions(s))
      .catch(() => {
        if (!controller.signal.aborted) setSuggestions(null);
      });
    return () => controller.abort();
  }, [farmKey]);

  const list = suggestions?.[language] ?? [];
  if (list.length === 0) return null;
  return (
    <ul className="suggestions" aria-label={t("suggestionsLabel")} data-testid="suggestions">
      {list.map((text) => (
        <li key={text}>
          <button type="button" className="suggestion" disabled={disabled} onClick={() => onPick(text)}>
            {text}
          </button>
        </li>
      ))}
    </ul>
  );
}
