import { useI18n } from "../i18n.js";
import type { OutboxItem } from "../lib/device/store.js";
import "../strings/offline.js";
import type { OfflineKey } from "../strings/offline.js";

const refusals = new Set(["too_long", "rate_limited", "not_found"]);

/** A question in the outbox: "waiting for signal" with Cancel, or the server's refusal with its text kept. */
export function QueuedMessage({ item, onCancel, onRetry }: { item: OutboxItem; onCancel(id: string): void; onRetry(id: string): void }) {
  const { t } = useI18n<OfflineKey>("offline");
  const refused = item.state === "refused";
  const reason = refused ? (`outbox.refused.${item.error && refusals.has(item.error.code) ? item.error.code : "other"}` as OfflineKey) : null;
  return (
    <article className={`message message--user is-${refused ? "refused" : "queued"}`} data-outbox-id={item.clientMessageId} data-outbox-state={item.state}>
      <h3 className="visually-hidden">{t("you")}</h3>
      <div className="bubble">
        <p className="plain-text">{item.text}</p>
      </div>
      <div className={refused ? "inline-error" : "queued-note"} role={refused ? "alert" : "status"}>
        {refused ? (
          <span>{t(reason!)}</span>
        ) : (
          <span title={t("outbox.waitingHint")}>
            <span className="queued-dot" aria-hidden="true" />
            {t("outbox.waiting")}
          </span>
        )}
        {refused && (
          <button type="button" className="button button--small button--ghost" onClick={() => onRetry(item.clientMessageId)}>
            {t("outbox.retry")}
          </button>
        )}
        <button type="button" className="button button--small button--ghost" onClick={() => onCancel(item.clientMessageId)}>
          {t("outbox.cancel")}
        </button>
      </div>
    </article>
  );
}
