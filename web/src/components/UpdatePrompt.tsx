/// <reference types="vite-plugin-pwa/react" />
import { useEffect, useRef } from "react";
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
  // Only the tab where the farmer said Reload reloads; another tab keeps its page until its farmer says so.
  const requested = useRef(false);
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onNeedReload() {
      if (requested.current) window.location.reload();
    },
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

  async function reload() {
    requested.current = true;
    const controlled = Boolean(navigator.serviceWorker?.controller);
    await updateServiceWorker(true);
    // A page the old worker never controlled (the first visit) hears no hand-over: reload it now.
    if (!controlled) window.location.reload();
  }

  if (!needRefresh) return null;
  return (
    <div className="update-prompt" role="status" aria-live="polite" data-testid="update-prompt">
      <span>{t("update.ready")}</span>
      <button type="button" className="button button--primary button--small" onClick={() => void reload()}>
        {t("update.reload")}
      </button>
      <button type="button" className="button button--ghost button--small" onClick={() => setNeedRefresh(false)}>
        {t("update.later")}
      </button>
    </div>
  );
}
