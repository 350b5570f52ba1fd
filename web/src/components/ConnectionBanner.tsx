import { useI18n, type MessageKey } from "../i18n.js";
import type { ConnectionStatus } from "../lib/chatSession.js";
import { pluginString } from "../plugins/registry.js";

export function ConnectionBanner({ status, onRetry }: { status: ConnectionStatus; onRetry(): void }) {
  const { t } = useI18n();
  if (status.kind === "ready") return <div className="banner-slot" role="status" aria-live="polite" />;

  let message: MessageKey;
  let text: string | undefined;
  let tone: "info" | "warn" | "error" = "info";
  let retry = false;
  switch (status.kind) {
    case "connecting":
      message = "banner.connecting";
      break;
    case "reconnecting":
      message = "banner.reconnecting";
      tone = "warn";
      break;
    case "offline":
      message = "banner.offline";
      tone = "warn";
      retry = true;
      break;
    case "refused":
      // The plugin that refused says why in its own words; else a general line.
      message = "banner.refused";
      text = pluginString(`refused.${status.code}`);
      tone = "error";
      retry = true;
      break;
    case "closed":
      message = status.reason === "shutdown" ? "banner.shutdown" : status.reason === "too_many_connections" ? "banner.tooMany" : "banner.closed";
      tone = status.reason === "shutdown" ? "warn" : "error";
      retry = status.reason !== "shutdown";
      break;
  }

  return (
    <div className="banner-slot" role="status" aria-live="polite">
      <div className={`banner banner--${tone}`} data-status={status.kind === "refused" ? status.code : status.kind}>
        {(status.kind === "connecting" || status.kind === "reconnecting" || (status.kind === "closed" && status.reason === "shutdown")) && (
          <span className="spinner" aria-hidden="true" />
        )}
        <span className="banner-text">{text ?? t(message)}</span>
        {retry && (
          <button type="button" className="button button--small button--ghost" onClick={onRetry}>
            {t("banner.retry")}
          </button>
        )}
      </div>
    </div>
  );
}
