import { useLayoutEffect, useState, type FormEvent, type KeyboardEvent, type RefObject } from "react";
import { useI18n } from "../i18n.js";
import { useMediaQuery } from "../lib/useMediaQuery.js";

const MAX_CHARS = 4000;

interface Props {
  inputRef: RefObject<HTMLTextAreaElement | null>;
  canSend: boolean;
  streaming: boolean;
  onSend(text: string): void;
  onStop(): void;
}

export function Composer({ inputRef, canSend, streaming, onSend, onStop }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const narrow = useMediaQuery("(max-width: 599.98px)");
  const sendable = canSend && !streaming && text.trim().length > 0;

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
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          aria-describedby="composer-hint"
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
        {text.length > MAX_CHARS * 0.9 && (
          <span className={text.length > MAX_CHARS ? "over" : undefined}>
            {text.length} / {MAX_CHARS}
          </span>
        )}
      </p>
    </form>
  );
}
