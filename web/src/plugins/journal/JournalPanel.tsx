import { DateField } from "../../components/DateField.js";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { JOURNAL_EARLIEST_DATE, JOURNAL_PANEL_LIMIT, JOURNAL_TEXT_MAX, journalKinds, type JournalKind } from "../../../../server/journal/kinds.js";
import type { JournalEntry } from "../../../../server/journal/queries.js";
import type { Language } from "../../i18n.js";
import type { PanelProps } from "../types.js";
import "./journal.css";

const AZ_MONTHS = ["yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr"];

/** "12 May 2026" / "12 may 2026". Browsers' ICU data prints az dates as "2026 M05 12", so az is composed here. */
function dayWords(day: string, language: Language): string {
  const [year, month, date] = day.split("-").map(Number);
  if (language === "az") return `${date} ${AZ_MONTHS[month! - 1] ?? ""} ${year}`;
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
}

/** The browser's calendar day, YYYY-MM-DD: the day the farmer is living, not UTC's. */
function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function entriesOf(data: unknown): JournalEntry[] {
  const entries = (data as { entries?: unknown } | null)?.entries;
  return Array.isArray(entries) ? (entries as JournalEntry[]) : [];
}

/** Newest first, as the server orders them: by the day of the work, then by when it was logged. */
function newestFirst(entries: JournalEntry[]): JournalEntry[] {
  return [...entries]
    .sort((a, b) => (a.date === b.date ? b.createdAt.localeCompare(a.createdAt) : b.date.localeCompare(a.date)))
    .slice(0, JOURNAL_PANEL_LIMIT);
}

function errorCode(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

/**
 * The farm journal's sidebar panel: a small form to log work, the newest 20 entries, delete with a
 * confirmation. Every tab stays in step through `journal:added` / `journal:deleted`.
 */
export default function JournalPanel({ data, client, language, host }: PanelProps) {
  const { t } = useTranslation("journal");
  const [entries, setEntries] = useState(() => newestFirst(entriesOf(data)));
  const [kind, setKind] = useState<JournalKind>("irrigation");
  const [date, setDate] = useState(localToday);
  const [text, setText] = useState("");
  const [fieldError, setFieldError] = useState<{ field: "text" | "date"; message: string } | null>(null);
  const [status, setStatus] = useState("");
  const [failure, setFailure] = useState("");
  const [adding, setAdding] = useState(false);
  const [pending, setPending] = useState<JournalEntry | null>(null);
  const [deleting, setDeleting] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const textArea = useRef<HTMLTextAreaElement>(null);
  const ids = { title: useId(), kind: useId(), date: useId(), text: useId(), counter: useId(), error: useId(), dialogTitle: useId(), dialogBody: useId() };

  // A new session:ready (reconnect) brings a fresh list.
  useEffect(() => setEntries(newestFirst(entriesOf(data))), [data]);

  useEffect(() => {
    const offAdded = client.on("journal:added", ({ entry }: { entry: JournalEntry }) =>
      setEntries((current) => newestFirst([entry, ...current.filter((e) => e.id !== entry.id)])),
    );
    const offDeleted = client.on("journal:deleted", ({ entryId }: { entryId: string }) =>
      setEntries((current) => current.filter((e) => e.id !== entryId)),
    );
    return () => {
      offAdded();
      offDeleted();
    };
  }, [client]);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (pending && !element.open) element.showModal();
    if (!pending && element.open) element.close();
  }, [pending]);

  const today = localToday();
  const trimmed = text.trim();
  const dateWords = (day: string) => dayWords(day, language);

  const waiting = host.queued.filter((item) => item.event === "journal:add");

  async function add(event: FormEvent) {
    event.preventDefault();
    setStatus("");
    setFailure("");
    if (trimmed.length === 0 || trimmed.length > JOURNAL_TEXT_MAX) {
      setFieldError({ field: "text", message: t("errorText") });
      textArea.current?.focus();
      return;
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || date < JOURNAL_EARLIEST_DATE || date > today) {
      setFieldError({ field: "date", message: t("errorDate") });
      return;
    }
    setFieldError(null);
    // No signal: the entry waits on the device (the outbox) and goes when the connection returns.
    const keep = async () => {
      await host.queue("journal:add", { kind, date, text: trimmed }, trimmed);
      setText("");
      setStatus(t("queued"));
    };
    if (!navigator.onLine) {
      await keep().catch(() => setFailure(t("errorFailed")));
      return;
    }
    setAdding(true);
    try {
      const { entry } = await client.emit<{ entry: JournalEntry }>("journal:add", { kind, date, text: trimmed });
      setEntries((current) => newestFirst([entry, ...current.filter((e) => e.id !== entry.id)]));
      setText("");
      setStatus(t("added"));
    } catch (error) {
      // The text is kept, so nothing the farmer typed is lost.
      if (errorCode(error) === "bad_request") setFieldError({ field: "text", message: t("errorText") });
      else if (errorCode(error) === "journal_full") setFailure(t("errorFull"));
      else if (errorCode(error) === "rate_limited") setFailure(t("errorTooFast"));
      else if (errorCode(error) === "offline") await keep().catch(() => setFailure(t("errorFailed")));
      else setFailure(t("errorFailed"));
    } finally {
      setAdding(false);
    }
  }

  async function confirmDelete() {
    if (!pending) return;
    setDeleting(true);
    setStatus("");
    setFailure("");
    try {
      await client.emit("journal:delete", { entryId: pending.id });
      setStatus(t("deleted"));
    } catch (error) {
      if (errorCode(error) !== "not_found") {
        setFailure(t("errorFailed"));
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

  const counterText = t("counter", { n: trimmed.length, max: JOURNAL_TEXT_MAX });
  return (
    <section className="journal" aria-labelledby={ids.title}>
      <div className="panel-head">
        <h2 id={ids.title} className="panel-title">
          {t("title")}
        </h2>
      </div>
      <p className="journal-lead">{t("lead")}</p>

      <form className="journal-form" onSubmit={add} noValidate>
        <div className="journal-row">
          <div className="field">
            <label htmlFor={ids.kind}>{t("kind")}</label>
            <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value as JournalKind)}>
              {journalKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`kinds.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.date}>{t("date")}</label>
            <DateField
              id={ids.date}
              value={date}
              min={JOURNAL_EARLIEST_DATE}
              max={today}
              invalid={fieldError?.field === "date"}
              describedBy={fieldError?.field === "date" ? ids.error : undefined}
              onChange={setDate}
            />
          </div>
        </div>
        <div className="field">
          <label htmlFor={ids.text}>{t("text")}</label>
          <textarea
            id={ids.text}
            ref={textArea}
            className="journal-text"
            rows={3}
            value={text}
            maxLength={JOURNAL_TEXT_MAX}
            placeholder={t("textPlaceholder")}
            required
            aria-invalid={fieldError?.field === "text" || undefined}
            aria-describedby={[ids.counter, fieldError?.field === "text" ? ids.error : ""].filter(Boolean).join(" ")}
            onChange={(e) => setText(e.target.value)}
          />
          <div className="journal-counter" id={ids.counter}>
            <span aria-hidden="true">{counterText}</span>
            <span className="visually-hidden">{t("counterLabel", { n: trimmed.length, max: JOURNAL_TEXT_MAX })}</span>
          </div>
          {fieldError && (
            <p id={ids.error} className="field-error" role="alert">
              {fieldError.message}
            </p>
          )}
        </div>
        <button type="submit" className="button button--primary button--block" disabled={adding}>
          {adding ? t("adding") : t("add")}
        </button>
        <p className="journal-status" role="status">
          {status}
        </p>
        {failure && (
          <p className="field-error" role="alert">
            {failure}
          </p>
        )}
      </form>

      <h3 className="journal-list-title" ref={listHeading} tabIndex={-1}>
        {t("latest")}
      </h3>
      {waiting.length > 0 && (
        <ul className="journal-list journal-list--queued">
          {waiting.map((item) => (
            <li key={item.id} className="journal-entry is-queued" data-queued-id={item.id}>
              <div className="journal-entry-head">
                <span className="journal-kind">{t(`kinds.${String(item.payload.kind)}`)}</span>
                <span className="journal-queued-state">{item.state === "refused" ? t("queuedRefused") : t("queuedWaiting")}</span>
              </div>
              <p className="journal-entry-text">{item.text}</p>
              <button type="button" className="button button--ghost button--small" onClick={() => host.cancelQueued(item.id)}>
                {t("cancel")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {entries.length === 0 && waiting.length === 0 ? (
        <p className="journal-empty">{t("empty")}</p>
      ) : (
        <ul className="journal-list">
          {entries.map((entry) => (
            <li key={entry.id} className="journal-entry" data-entry-id={entry.id}>
              <div className="journal-entry-head">
                <span className={`journal-kind journal-kind--${entry.kind}`}>{t(`kinds.${entry.kind}`)}</span>
                <time dateTime={entry.date}>{dateWords(entry.date)}</time>
              </div>
              <p className="journal-entry-text">{entry.text}</p>
              <button
                type="button"
                className="button button--ghost button--small"
                aria-label={t("deleteEntry", { kind: t(`kinds.${entry.kind}`), date: dateWords(entry.date) })}
                onClick={() => setPending(entry)}
              >
                {t("delete")}
              </button>
            </li>
          ))}
        </ul>
      )}

      <dialog
        ref={dialog}
        className="dialog"
        aria-labelledby={ids.dialogTitle}
        aria-describedby={ids.dialogBody}
        onCancel={(event) => {
          event.preventDefault();
          if (!deleting) setPending(null);
        }}
      >
        <h2 id={ids.dialogTitle} className="dialog-title">
          {t("confirmTitle")}
        </h2>
        <p id={ids.dialogBody} className="dialog-body">
          {pending ? t("confirmBody", { kind: t(`kinds.${pending.kind}`), date: dateWords(pending.date) }) : ""}
        </p>
        <div className="dialog-actions">
          <button type="button" className="button button--ghost" onClick={() => setPending(null)} disabled={deleting} autoFocus>
            {t("cancel")}
          </button>
          <button type="button" className="button button--primary" onClick={confirmDelete} disabled={deleting}>
            {deleting ? t("deleting") : t("delete")}
          </button>
        </div>
      </dialog>
    </section>
  );
}
