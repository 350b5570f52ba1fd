/// <reference types="vite-plugin-pwa/react" />
import { useEffect } from "react";
import { useRegisterSW } from "virtual:pwa-register/react";
import { useI18n } from "../i18n.js";
import "../strings/offline.js";
import type { OfflineKey } from "../strings/offline.js";

/** How often an open app asks whether a new build is out (also when the connection returns). */
const CHECK_EVERY_MS = 30 * 60 * 1000;

/**
 * The service worker of a new build waits (vite-plugin-pwa's "prompt"): the farmer is told, and the page
 * reloads only when they say so — never under them while they read or an answer streams.
 */
export function UpdatePrompt() {
  const { t } = useI18n<OfflineKey>("offline");
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      const check = () => {
        if (navigator.onLine) void registration.update().catch(() => {});
      };
      setInterval(check, CHECK_EVERY_MS);
      window.addEventListener("online", check);
    },
  });

  useEffect(() => {
    document.documentElement.dataset.updateReady = needRefresh ? "true" : "false";
  }, [needRefresh]);

  if (!needRefresh) return null;
  return (
    <div className="update-prompt" role="status" aria-live="polite" data-testid="update-prompt">
      <span>{t("update.ready")}</span>
      <button type="button" className="button button--primary button--small" onClick={() => void updateServiceWorker(true)}>
        {t("update.reload")}
      </button>
      <button type="button" className="button button--ghost button--small" onClick={() => setNeedRefresh(false)}>
        {t("update.later")}
      </button>
    </div>
  );
}
