import { useEffect, useId, useState } from "react";
import type { Persona } from "../../../server/personas/types.js";
import { formatArea, formatDateTime, useI18n, type MessageKey } from "../i18n.js";
import { getPersonaHistory, type PersonaEvent } from "../lib/api.js";

const fieldKeys: Record<string, MessageKey> = {
  fullName: "fullName",
  finCode: "finCode",
  region: "region",
  cropType: "cropType",
  totalAreaHa: "totalAreaHa",
  experienceLevel: "experienceLevel",
  ektisVerified: "ektisStatus",
};
const eventKeys = new Set(["created", "login", "updated", "regenerated"]);

export function PersonaHistory({ persona }: { persona: Persona }) {
  const { t, language, crop, has } = useI18n();
  const [open, setOpen] = useState(false);
  const [events, setEvents] = useState<PersonaEvent[] | null>(null);
  const [failed, setFailed] = useState(false);
  const listId = useId();

  // Reload whenever the persona changes while the history is shown.
  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    setFailed(false);
    getPersonaHistory()
      .then((list) => !cancelled && setEvents(list))
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [open, persona.updatedAt]);

  function formatValue(field: string, value: unknown): string {
    if (value === null || value === undefined || value === "") return "—";
    if (field === "cropType") return crop(String(value));
    if (field === "totalAreaHa") return `${formatArea(Number(value), language)} ${t("hectares")}`;
    if (field === "experienceLevel" && has(`experience.${String(value)}`)) return t(`experience.${String(value)}` as MessageKey);
    return String(value);
  }

  return (
    <section className="history" aria-label={t("history")}>
      <button type="button" className="history-toggle" aria-expanded={open} aria-controls={listId} onClick={() => setOpen((v) => !v)}>
        <span>{t("history")}</span>
        <svg className="chevron" width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M6 9l6 6 6-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
      <div id={listId} hidden={!open}>
        {open &&
          (failed ? (
            <p className="field-error">{t("error.generic")}</p>
          ) : events === null ? (
            <p className="muted">{t("historyLoading")}</p>
          ) : events.length === 0 ? (
            <p className="muted">{t("historyEmpty")}</p>
          ) : (
            <ol className="history-list">
              {events.map((event) => (
                <li key={event.id} className="history-item">
                  <div className="history-head">
                    <span className={`history-kind history-kind--${event.kind}`}>
                      {eventKeys.has(event.kind) ? t(`event.${event.kind}` as MessageKey) : event.kind}
                    </span>
                    <time dateTime={event.createdAt}>{formatDateTime(event.createdAt, language)}</time>
                  </div>
                  {event.changes && Object.keys(event.changes).length > 0 && event.kind !== "login" && (
                    <ul className="history-changes">
                      {Object.entries(event.changes).map(([field, change]) => (
                        <li key={field}>
                          <span className="history-field">{fieldKeys[field] ? t(fieldKeys[field]) : field}</span>{" "}
                          {event.kind !== "created" && (
                            <>
                              <span className="history-old">{formatValue(field, change.old)}</span>
                              <span aria-hidden="true"> → </span>
                            </>
                          )}
                          <span className="history-new">{formatValue(field, change.new)}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                  {event.actor && (
                    <p className="history-actor muted">
                      {t("by")}: {event.actor}
                    </p>
                  )}
                </li>
              ))}
            </ol>
          ))}
      </div>
    </section>
  );
}
