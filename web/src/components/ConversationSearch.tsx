import { useEffect, useId, useState } from "react";
import type { ConversationSearchResult } from "../../../server/chat/events.js";
import { useI18n } from "../i18n.js";

/**
 * The search box above the conversation list: titles and message text, tolerant of letters typed
 * without diacritics (the server folds them). While a query is typed, its results replace the list.
 */
export function ConversationSearch({ search, onOpen, onResults }: {
  search(q: string): Promise<ConversationSearchResult[]>;
  onOpen(conversationId: string): void;
  /** null when the box is empty: the list shows again. */
  onResults(active: boolean): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [q, setQ] = useState("");
  const [results, setResults] = useState<ConversationSearchResult[] | null>(null);
  const [failed, setFailed] = useState(false);
  const query = q.trim();

  useEffect(() => {
    onResults(query !== "");
    if (query === "") {
      setResults(null);
      return;
    }
    let current = true;
    // A short pause after typing, so a word is one request, not one per letter.
    const timer = setTimeout(() => {
      search([...query].slice(0, 100).join(""))
        .then((found) => {
          if (!current) return;
          setResults(found);
          setFailed(false);
        })
        .catch(() => current && setFailed(true));
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, search, onResults]);

  return (
    <div className="conversation-search" role="search">
      <label htmlFor={id} className="visually-hidden">
        {t("searchLabel")}
      </label>
      <input
        id={id}
        type="search"
        className="input conversation-search-input"
        placeholder={t("searchPlaceholder")}
        value={q}
        maxLength={100}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== "Escape" || q === "") return;
          e.stopPropagation(); // clears the search; a second Escape closes the drawer
          setQ("");
        }}
      />
      {query !== "" && (
        <div className="search-results" aria-live="polite">
          {failed ? (
            <p className="muted conversations-empty">{t("actionFailed")}</p>
          ) : results === null ? null : results.length === 0 ? (
            <p className="muted conversations-empty">{t("searchNoResults")}</p>
          ) : (
            <ul className="conversation-list" aria-label={t("searchLabel")}>
              {results.map((r) => (
                <li key={r.conversation.id}>
                  <button type="button" className="conversation-item search-result" onClick={() => onOpen(r.conversation.id)}>
                    <span className="conversation-title">{r.conversation.title || t("untitled")}</span>
                    <span className="search-snippet">{r.snippet}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
