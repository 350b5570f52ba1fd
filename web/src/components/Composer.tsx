import { useEffect, useLayoutEffect, useState, type FormEvent, type KeyboardEvent, type RefObject } from "react";
import { useI18n } from "../i18n.js";
import { forgetDraft, loadDraft, saveDraft } from "../lib/drafts.js";
import { useMediaQuery } from "../lib/useMediaQuery.js";

interface Props {
  /** Drafts are kept per conversation, across reloads. */
  conversationId?: string | null;
  maxChars?: number;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  canSend: boolean;
  streaming: boolean;
  onSend(text: string): void;
  onStop(): void;
}

export function Composer({ conversationId = null, maxChars: MAX_CHARS = 4000, inputRef, canSend, streaming, onSend, onStop }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState(() => loadDraft(conversationId));
  const narrow = useMediaQuery("(max-width: 599.98px)");
  // Counted as people count (code points); past the limit Send is disabled and the text stays.
  const count = [...text].length;
  const over = count > MAX_CHARS;
  const sendable = canSend && !streaming && text.trim().length > 0 && !over;

  useEffect(() => {
    if (conversationId) setText(loadDraft(conversationId));
  }, [conversationId]);

  function change(value: string) {
    setText(value);
    saveDraft(conversationId, value);
  }

  // Grow with the text up to a few lines, then scroll inside.
  useLayoutEffect(() => {
    const el = inputRef.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
  }, [text, inputRef]);

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!sendable) return;
    onSend(text.trim());
    setText("");
    if (conversationId) forgetDraft(conversationId);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <form className="composer" onSubmit={submit}>
      <div className="composer-box">
        <label htmlFor="composer-input" className="visually-hidden">
          {t("composerLabel")}
        </label>
        <textarea
          id="composer-input"
          ref={inputRef}
          rows={1}
          value={text}
          placeholder={narrow ? t("composerPlaceholderShort") : t("composerPlaceholder")}
          onChange={(e) => change(e.target.value)}
          onKeyDown={onKeyDown}
          aria-describedby="composer-hint"
          aria-invalid={over || undefined}
        />
        {streaming ? (
          <button key="stop" type="button" className="button button--stop" onClick={onStop}>
            <span className="stop-square" aria-hidden="true" />
            {t("stop")}
          </button>
        ) : (
          <button key="send" type="submit" className="button button--primary button--send" disabled={!sendable}>
            {t("send")}
            <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <path d="M5 12h13M13 6l6 6-6 6" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" fill="none" />
            </svg>
          </button>
        )}
      </div>
      <p id="composer-hint" className="composer-hint">
        <span>{t("composerHint")}</span>
        {count > MAX_CHARS * 0.9 && (
          <span className={over ? "char-count over" : "char-count"} data-testid="composer-count">
            {count} / {MAX_CHARS}
            {over && ` — ${count - MAX_CHARS} ${t("charsOver")}`}
          </span>
        )}
      </p>
    </form>
  );
}
