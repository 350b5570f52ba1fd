import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { JournalEntry } from "../../../../server/journal/queries.js";
import { ConfirmDialog } from "../../components/ConfirmDialog.js";
import { formatDay } from "../../i18n.js";
import type { PanelProps } from "../types.js";
import { entriesOf, errorCode, newestFirst, withEntry } from "./entries.js";
import { JournalForm } from "./JournalForm.js";
import { JournalList } from "./JournalList.js";
import "./journal.css";

/**
 * The farm journal's sidebar panel: a small form to log work, the newest 20 entries, delete with a
 * confirmation. Every tab stays in step through `journal:added` / `journal:deleted`.
 */
export default function JournalPanel({ data, client, language, host }: PanelProps) {
  const { t } = useTranslation("journal");
  const [entries, setEntries] = useState(() => newestFirst(entriesOf(data)));
  const [status, setStatus] = useState("");
  const [pending, setPending] = useState<JournalEntry | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteFailure, setDeleteFailure] = useState<string | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const titleId = useId();

  // A new session:ready (reconnect) brings a fresh list.
  useEffect(() => setEntries(newestFirst(entriesOf(data))), [data]);

  useEffect(() => {
    const offAdded = client.on("journal:added", ({ entry }: { entry: JournalEntry }) => setEntries((current) => withEntry(current, entry)));
    const offDeleted = client.on("journal:deleted", ({ entryId }: { entryId: string }) =>
      setEntries((current) => current.filter((e) => e.id !== entryId)),
    );
    return () => {
      offAdded();
      offDeleted();
    };
  }, [client]);

  const dateWords = (day: string) => formatDay(day, language);

  function askToDelete(entry: JournalEntry) {
    setDeleteFailure(null);
    setPending(entry);
  }

  async function confirmDelete() {
    if (!pending) return;
    setDeleting(true);
    setStatus("");
    setDeleteFailure(null);
    try {
      await client.emit("journal:delete", { entryId: pending.id });
      setStatus(t("deleted"));
    } catch (error) {
      if (errorCode(error) !== "not_found") {
        setDeleteFailure(t("errorFailed"));
        setDeleting(false);
        return;
      }
      setStatus(t("errorNotFound"));
    }
    const gone = pending.id;
    setEntries((current) => current.filter((e) => e.id !== gone));
    setDeleting(false);
    setPending(null);
    // The button that opened the dialog is gone: focus goes to the list, not to the page's start.
    listHeading.current?.focus();
  }

  return (
    <section className="journal" aria-labelledby={titleId}>
      <div className="panel-head">
        <h2 id={titleId} className="panel-title">
          {t("title")}
        </h2>
      </div>
      <p className="journal-lead">{t("lead")}</p>

      <JournalForm
        client={client}
        host={host}
        status={status}
        onStatus={setStatus}
        onAdded={(entry) => setEntries((current) => withEntry(current, entry))}
      />

      <h3 className="journal-list-title" ref={listHeading} tabIndex={-1}>
        {t("latest")}
      </h3>
      <JournalList
        entries={entries}
        waiting={host.queued.filter((item) => item.event === "journal:add")}
        dateWords={dateWords}
        onCancelQueued={(id) => host.cancelQueued(id)}
        onDelete={askToDelete}
      />

      <ConfirmDialog
        open={pending !== null}
        title={t("confirmTitle")}
        body={pending ? t("confirmBody", { kind: t(`kinds.${pending.kind}`), date: dateWords(pending.date) }) : ""}
        confirmLabel={deleting ? t("deleting") : t("delete")}
        busy={deleting}
        danger
        error={deleteFailure}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setPending(null)}
      />
    </section>
  );
}
