import { formatDateTime, useI18n } from "../i18n.js";
import "../strings/offline.js";
import type { OfflineKey } from "../strings/offline.js";

/** Said over what the app shows from the device copy: it is not live, and from when it is. */
export function SavedNote({ savedAt }: { savedAt: string | null }) {
  const { t, language } = useI18n<OfflineKey>("offline");
  if (!savedAt) return null;
  return (
    <p className="saved-note" data-testid="saved-note" data-saved-at={savedAt}>
      {t("offline.savedAt").replace("{time}", formatDateTime(savedAt, language))}
    </p>
  );
}
