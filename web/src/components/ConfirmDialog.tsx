import { useEffect, useId, useRef, useState } from "react";
import { useI18n } from "../i18n.js";

interface Props {
  open: boolean;
  title: string;
  body: string;
  confirmLabel: string;
  busy?: boolean;
  /** A destructive action: the confirm button is red, not the app's usual primary. */
  danger?: boolean;
  /** A typed confirmation: the confirm button stays off until `expected` is typed (case and outer spaces ignored). */
  typed?: { label: string; expected: string };
  /** An error to show under the body (e.g. the action failed). */
  error?: string | null;
  onConfirm(): void;
  onCancel(): void;
}

/** A native modal <dialog>: the browser traps focus, closes on Escape and restores focus. */
export function ConfirmDialog({ open, title, body, confirmLabel, busy, danger, typed, error, onConfirm, onCancel }: Props) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const inputId = useId();
  const [text, setText] = useState("");
  const matches = !typed || text.trim().toLowerCase() === typed.expected.trim().toLowerCase();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setText("");
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      <p id={bodyId} className="dialog-body">
        {body}
      </p>
      {typed && (
        <div className="field dialog-typed">
          <label htmlFor={inputId}>
            {typed.label} <strong className="dialog-expected">{typed.expected}</strong>
          </label>
          <input
            id={inputId}
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && matches && !busy) onConfirm();
            }}
          />
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button button--ghost" onClick={onCancel} disabled={busy} autoFocus>
          {t("cancel")}
        </button>
        <button type="button" className={danger ? "button button--danger" : "button button--primary"} onClick={onConfirm} disabled={busy || !matches}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
