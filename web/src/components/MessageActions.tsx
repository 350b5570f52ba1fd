import { useEffect, useId, useState, type FormEvent } from "react";
import { useI18n } from "../i18n.js";
import type { UiMessage } from "../lib/chatState.js";
import { RelativeTime } from "./RelativeTime.js";

export interface MessageActionHandlers {
  regenerate(messageId: string): Promise<void>;
  startEdit(messageId: string): void;
  feedback(messageId: string, rating: "up" | "down" | null, comment?: string): Promise<void>;
}

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) return navigator.clipboard.writeText(text);
  // Plain http on a LAN address has no Clipboard API: the old way still works there.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy refused");
}

/** A short-lived status ("Copied") that clears itself. */
function useFlash(): [string | null, (text: string) => void] {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    if (!text) return;
    const timer = setTimeout(() => setText(null), 2500);
    return () => clearTimeout(timer);
  }, [text]);
  return [text, setText];
}

/** Under an answer: time, copy (the markdown source), regenerate on the latest turn, thumbs up/down. */
export function AnswerActions({ message, latest, canModify, handlers }: {
  message: UiMessage;
  latest: boolean;
  canModify: boolean;
  handlers: MessageActionHandlers;
}) {
  const { t } = useI18n();
  const [flash, setFlash] = useFlash();
  const [rating, setRating] = useState<"up" | "down" | null>(message.feedback?.rating ?? null);
  const [commenting, setCommenting] = useState(false);
  const [comment, setComment] = useState("");
  const commentId = useId();
  const stored = !message.id.startsWith("run:");

  async function copy() {
    try {
      await copyText(message.content);
      setFlash(t("copied"));
    } catch {
      setFlash(t("copyFailed"));
    }
  }

  async function rate(next: "up" | "down") {
    const value = rating === next ? null : next;
    try {
      await handlers.feedback(message.id, value);
      setRating(value);
      setCommenting(value !== null);
      if (value) setFlash(t("feedbackThanks"));
    } catch {
      setFlash(t("feedbackFailed"));
    }
  }

  async function sendComment(event: FormEvent) {
    event.preventDefault();
    if (!rating || comment.trim() === "") return;
    try {
      await handlers.feedback(message.id, rating, comment.trim());
      setCommenting(false);
      setComment("");
      setFlash(t("feedbackThanks"));
    } catch {
      setFlash(t("feedbackFailed"));
    }
  }

  return (
    <div className="message-actions">
      <RelativeTime iso={message.createdAt} />
      {message.content !== "" && (
        <button type="button" className="action-button" onClick={copy} aria-label={t("copyAnswer")} title={t("copyAnswer")}>
          <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <rect x="8" y="8" width="12" height="12" rx="2" fill="none" stroke="currentColor" strokeWidth="2" />
            <path d="M16 8V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h2" fill="none" stroke="currentColor" strokeWidth="2" />
          </svg>
        </button>
      )}
      {latest && (
        <button
          type="button"
          className="action-button"
          onClick={() => handlers.regenerate(message.id).catch(() => setFlash(t("actionFailed")))}
          disabled={!canModify || !stored}
          aria-label={t("regenerateAnswer")}
          title={t("regenerateAnswer")}
        >
          <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </button>
      )}
      {stored && message.status !== "error" && (
        <>
          <button type="button" className="action-button" aria-pressed={rating === "up"} onClick={() => rate("up")} aria-label={t("feedbackUp")} title={t("feedbackUp")}>
            <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <path d="M7 10v10H4V10h3zm0 0l4-7c1.7 0 2.5 1 2.2 2.6L12.6 9H19a2 2 0 0 1 2 2.3l-1.2 7A2 2 0 0 1 17.8 20H7" fill={rating === "up" ? "currentColor" : "none"} stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
            </svg>
          </button>
          <button type="button" className="action-button" aria-pressed={rating === "down"} onClick={() => rate("down")} aria-label={t("feedbackDown")} title={t("feedbackDown")}>
            <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <path d="M17 14V4h3v10h-3zm0 0l-4 7c-1.7 0-2.5-1-2.2-2.6l.6-3.4H5a2 2 0 0 1-2-2.3l1.2-7A2 2 0 0 1 6.2 4H17" fill={rating === "down" ? "currentColor" : "none"} stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
            </svg>
          </button>
        </>
      )}
      <span className="action-status" role="status">
        {flash}
      </span>
      {commenting && (
        <form className="feedback-comment" onSubmit={sendComment}>
          <label htmlFor={commentId} className="visually-hidden">
            {t("feedbackCommentLabel")}
          </label>
          <textarea
            id={commentId}
            rows={2}
            maxLength={500}
            value={comment}
            placeholder={t("feedbackCommentLabel")}
            onChange={(e) => setComment(e.target.value)}
          />
          <button type="submit" className="button button--small button--ghost" disabled={comment.trim() === ""}>
            {t("feedbackCommentSend")}
          </button>
        </form>
      )}
    </div>
  );
}

/** Under a question: time, and edit on the latest turn. */
export function QuestionActions({ message, latest, canModify, handlers }: {
  message: UiMessage;
  latest: boolean;
  canModify: boolean;
  handlers: MessageActionHandlers;
}) {
  const { t } = useI18n();
  return (
    <div className="message-actions message-actions--user">
      <RelativeTime iso={message.createdAt} />
      {latest && (
        <button
          type="button"
          className="action-button"
          onClick={() => handlers.startEdit(message.id)}
          disabled={!canModify}
          aria-label={t("editQuestion")}
          title={t("editQuestion")}
        >
          <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M4 20h4L19 9l-4-4L4 16v4zM13.5 6.5l4 4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
          </svg>
        </button>
      )}
    </div>
  );
}
