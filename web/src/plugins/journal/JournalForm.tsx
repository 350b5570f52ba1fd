import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { JOURNAL_EARLIEST_DATE, JOURNAL_TEXT_MAX, journalKinds, type JournalKind } from "../../../../server/journal/kinds.js";
import type { JournalEntry } from "../../../../server/journal/queries.js";
import { DateField } from "../../components/DateField.js";
import type { PanelProps } from "../types.js";
import { errorCode } from "./entries.js";

/** The browser's calendar day, YYYY-MM-DD: the day the farmer is living, not UTC's. */
function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

interface Props extends Pick<PanelProps, "client" | "host"> {
  /** The entry the server stored. */
  onAdded(entry: JournalEntry): void;
  /** The panel's one status line (added, queued, deleted), shown under the button. */
  status: string;
  onStatus(text: string): void;
}

/**
 * The journal's form: kind, day and a note, checked here before they are sent. Without a connection the
 * entry waits on the device (the host's outbox) and goes when the connection returns.
 */
export function JournalForm({ client, host, onAdded, status, onStatus: setStatus }: Props) {
  const { t } = useTranslation("journal");
  const [kind, setKind] = useState<JournalKind>("irrigation");
  const [date, setDate] = useState(localToday);
  const [text, setText] = useState("");
  const [fieldError, setFieldError] = useState<{ field: "text" | "date"; message: string } | null>(null);
  const [failure, setFailure] = useState("");
  const [adding, setAdding] = useState(false);
  const textArea = useRef<HTMLTextAreaElement>(null);
  const ids = { kind: useId(), date: useId(), text: useId(), counter: useId(), error: useId() };

  const today = localToday();
  const trimmed = text.trim();

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
      onAdded(entry);
      setText("");
      setStatus(t("added"));
    } catch (error) {
      // The text is kept, so nothing the farmer typed is lost.
      const code = errorCode(error);
      if (code === "bad_request") setFieldError({ field: "text", message: t("errorText") });
      else if (code === "journal_full") setFailure(t("errorFull"));
      else if (code === "rate_limited") setFailure(t("errorTooFast"));
      else if (code === "offline") await keep().catch(() => setFailure(t("errorFailed")));
      else setFailure(t("errorFailed"));
    } finally {
      setAdding(false);
    }
  }

  return (
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
          <span aria-hidden="true">{t("counter", { n: trimmed.length, max: JOURNAL_TEXT_MAX })}</span>
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
  );
}
