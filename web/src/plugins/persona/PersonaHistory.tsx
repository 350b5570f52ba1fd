import { useEffect, useId, useState } from "react";
import type { Persona } from "../../../../server/personas/types.js";
import { formatArea, formatDateTime } from "../../i18n.js";
import { usePersonaI18n, type PersonaKey } from "./i18n.js";
import { ApiError } from "../../lib/api.js";
import { getPersonaHistory, updatePersona, type PersonaEvent } from "./api.js";

const fieldKeys: Record<string, PersonaKey> = {
  fullName: "fullName",
  finCode: "finCode",
  region: "region",
  cropType: "cropType",
  totalAreaHa: "totalAreaHa",
  experienceLevel: "experienceLevel",
  ektisVerified: "ektisStatus",
  phone: "phone",
  dataSource: "dataSource",
};
const eventKeys = new Set(["created", "login", "updated", "regenerated"]);
const actorKeys = new Set(["user", "chat", "database", "system", "seed", "operator"]);
/** Fields the farmer may set (PATCH /api/me/persona): a past value of these can be restored. */
const restorable = new Set(["region", "cropType", "totalAreaHa", "experienceLevel"]);

export function PersonaHistory({
  persona,
  onPersona,
  onOpenMessage,
}: {
  persona: Persona;
  onPersona?(persona: Persona): void;
  onOpenMessage?(conversationId: string, messageId: string): void;
}) {
  const { t, language, crop, has } = usePersonaI18n();
  const [restoring, setRestoring] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
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
    if (field === "ektisVerified") return value === true ? t("ektisRegistered") : t("ektisNotVerified");
    if (field === "experienceLevel" && has(`experience.${String(value)}`)) return t(`experience.${String(value)}` as PersonaKey);
    // "synthetic", "oauth", "mygov": the words of the profile's source badge, never the stored code
    if (field === "dataSource" && has(`source.${String(value)}`)) return t(`source.${String(value)}` as PersonaKey);
    return String(value);
  }

  // Restore applies the old value as a new edit of the farmer's (recorded as a change like any other).
  async function restore(key: string, field: string, value: unknown) {
    setRestoring(key);
    setNotice(null);
    try {
      const next = await updatePersona({ [field]: field === "totalAreaHa" ? Number(value) : value });
      onPersona?.(next);
      setNotice({ text: t("restored"), error: false });
    } catch (error) {
      const message = error instanceof ApiError && error.fieldErrors[field]?.[0];
      setNotice({ text: message || t("error.generic"), error: true });
    } finally {
      setRestoring(null);
    }
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
        {open && notice && (
          <p className={notice.error ? "field-error" : "muted"} role={notice.error ? "alert" : "status"}>
            {notice.text}
          </p>
        )}
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
                      {eventKeys.has(event.kind) ? t(`event.${event.kind}` as PersonaKey) : event.kind}
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
                          {event.kind !== "created" && restorable.has(field) && change.old !== null && change.old !== undefined && (
                            <button
                              type="button"
                              className="link-button history-restore"
                              disabled={restoring !== null}
                              aria-label={t("restoreLabel").replace("{field}", fieldKeys[field] ? t(fieldKeys[field]) : field).replace("{value}", formatValue(field, change.old))}
                              onClick={() => void restore(`${event.id}:${field}`, field, change.old)}
                            >
                              {t("restore")}
                            </button>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                  {event.actor && (
                    <p className="history-actor muted" data-actor={event.actor}>
                      {t("by")}: {actorKeys.has(event.actor) ? t(`actor.${event.actor}` as PersonaKey) : event.actor}
                    </p>
                  )}
                  {event.messageId && event.conversationId && onOpenMessage && (
                    <button type="button" className="link-button history-message" onClick={() => onOpenMessage(event.conversationId!, event.messageId!)}>
                      {t("historyMessageLink")}
                    </button>
                  )}
                </li>
              ))}
            </ol>
          ))}
      </div>
    </section>
  );
}
