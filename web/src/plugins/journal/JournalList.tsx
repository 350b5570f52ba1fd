import { useTranslation } from "react-i18next";
import type { JournalEntry } from "../../../../server/journal/queries.js";
import type { PanelProps } from "../types.js";

interface Props {
  entries: JournalEntry[];
  /** Entries added without a connection, waiting on the device. */
  waiting: PanelProps["host"]["queued"];
  dateWords(day: string): string;
  onCancelQueued(id: string): void;
  onDelete(entry: JournalEntry): void;
}

/** The journal's entries: those still waiting on the device first, then the stored ones, newest first. */
export function JournalList({ entries, waiting, dateWords, onCancelQueued, onDelete }: Props) {
  const { t } = useTranslation("journal");
  return (
    <>
      {waiting.length > 0 && (
        <ul className="journal-list journal-list--queued">
          {waiting.map((item) => (
            <li key={item.id} className="journal-entry is-queued" data-queued-id={item.id}>
              <div className="journal-entry-head">
                <span className="journal-kind">{t(`kinds.${String(item.payload.kind)}`)}</span>
                <span className="journal-queued-state">{item.state === "refused" ? t("queuedRefused") : t("queuedWaiting")}</span>
              </div>
              <p className="journal-entry-text">{item.text}</p>
              <button type="button" className="button button--ghost button--small" onClick={() => onCancelQueued(item.id)}>
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
                onClick={() => onDelete(entry)}
              >
                {t("delete")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
