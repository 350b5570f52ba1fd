import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useI18n } from "../i18n.js";
import type { UiMessage } from "../lib/chatState.js";
import { errorLabel } from "./MessageItem.js";

/** The latest question in place, editable: Save sends it again (chat:edit), Escape cancels. */
export function EditQuestion({ message, maxChars, onSave, onCancel }: {
  message: UiMessage;
  maxChars: number;
  onSave(text: string): Promise<void>;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(message.content);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const count = [...text].length;
  const over = count > maxChars;

  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy || over || text.trim() === "") return;
    setBusy(true);
    setError(null);
    try {
      await onSave(text.trim());
    } catch (e) {
      setError(t(errorLabel((e as { code?: string }).code ?? "unavailable")));
      setBusy(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Escape") {
      event.stopPropagation();
      onCancel();
    }
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  }

  return (
    <form className="message message--user edit-question" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        {t("editLabel")}
      </label>
      <textarea id={id} ref={ref} rows={3} value={text} onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} />
      <div className="edit-question-actions">
        <span className={over ? "char-count over" : "char-count"}>
          {count} / {maxChars}
        </span>
        <button type="button" className="button button--small button--ghost" onClick={onCancel} disabled={busy}>
          {t("cancel")}
        </button>
        <button type="submit" className="button button--small button--primary" disabled={busy || over || text.trim() === ""}>
          {t("saveAndSend")}
        </button>
      </div>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
