import { useState } from "react";
import { useI18n } from "../i18n.js";
import { ApiError, request } from "../lib/api.js";
import { ConfirmDialog } from "./ConfirmDialog.js";
import "../account.css";

/**
 * The farmer's account, under the profile: download everything the app keeps (GET /api/me/export, one
 * ZIP) and delete the account after typing the email (DELETE /api/me). docs/protocol.md, Account.
 */
export function AccountPanel({ email, onDeleted }: { email: string; onDeleted(): void }) {
  const { t, language } = useI18n();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  async function download() {
    setExporting(true);
    setExportError(null);
    try {
      const response = await request(`/api/me/export?lang=${language}`);
      const blob = await response.blob();
      const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "yonca.zip";
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setExportError(error instanceof ApiError && error.code === "rate_limited" ? t("exportLimited") : t("exportFailed"));
    } finally {
      setExporting(false);
    }
  }

  async function remove(confirm: string) {
    setDeleting(true);
    setDeleteError(null);
    try {
      await request("/api/me", { method: "DELETE", json: { confirm } });
      onDeleted();
    } catch {
      setDeleteError(t("deleteAccountFailed"));
      setDeleting(false);
    }
  }

  return (
    <section className="account-panel" aria-labelledby="account-title">
      <h2 id="account-title" className="account-title">
        {t("account")}
      </h2>
      <p className="account-email">{email}</p>
      <button type="button" className="button button--ghost button--small button--block" onClick={() => void download()} disabled={exporting}>
        {exporting ? t("exporting") : t("exportData")}
      </button>
      <p className="account-hint">{t("exportHint")}</p>
      {exportError && (
        <p className="field-error" role="alert">
          {exportError}
        </p>
      )}
      <button type="button" className="button button--danger-quiet button--small button--block" onClick={() => setConfirming(true)}>
        {t("deleteAccount")}
      </button>
      <ConfirmDialog
        open={confirming}
        title={t("deleteAccountTitle")}
        body={t("deleteAccountBody")}
        confirmLabel={t("deleteAccountConfirm")}
        danger
        typed={{ label: t("deleteAccountType"), expected: email }}
        busy={deleting}
        error={deleteError}
        onConfirm={() => void remove(email)}
        onCancel={() => {
          setConfirming(false);
          setDeleteError(null);
        }}
      />
    </section>
  );
}
