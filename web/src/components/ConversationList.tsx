import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from "react";
import type { ConversationSummary } from "../../../server/chat/events.js";
import { formatDateTime, useI18n } from "../i18n.js";
import type { ChatEssentials } from "../lib/chatEssentials.js";
import { ConfirmDialog } from "./ConfirmDialog.js";
import { ConversationSearch } from "./ConversationSearch.js";

interface Props {
  conversations: ConversationSummary[];
  currentId: string | null;
  disabled: boolean;
  /** Offline, conversations still open from the device copy while New chat waits for the server. */
  openDisabled?: boolean;
  onOpen(id: string): void;
  onNew(): void;
  /** Search, rename and delete; without it the list only opens conversations. */
  essentials?: ChatEssentials;
}

export function ConversationList({ conversations, currentId, disabled, openDisabled = disabled, onOpen, onNew, essentials }: Props) {
  const { t, language } = useI18n();
  const [searching, setSearching] = useState(false);
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ConversationSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onResults = useCallback((active: boolean) => setSearching(active), []);

  async function confirmDelete() {
    if (!deleting || !essentials) return;
    setBusy(true);
    setError(null);
    try {
      await essentials.remove(deleting.id);
      setDeleting(null);
    } catch (e) {
      // Already gone (another tab deleted it): nothing left to do.
      if ((e as { code?: string }).code === "not_found") setDeleting(null);
      else setError(t("actionFailed"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <nav className="conversations" aria-labelledby="conversations-title">
      <div className="panel-head">
        <h2 id="conversations-title" className="panel-title">
          {t("conversations")}
        </h2>
      </div>
      <button type="button" className="button button--primary button--block new-chat" onClick={onNew} disabled={disabled}>
        <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M12 5v14M5 12h14" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
        </svg>
        {t("newChat")}
      </button>
      {essentials && <ConversationSearch search={essentials.search} onOpen={onOpen} onResults={onResults} />}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {searching ? null : conversations.length === 0 ? (
        <p className="muted conversations-empty">{t("noConversations")}</p>
      ) : (
        <ul className="conversation-list">
          {conversations.map((conversation) => (
            <li key={conversation.id} className="conversation-row">
              {renamingId === conversation.id && essentials ? (
                <RenameForm
                  conversation={conversation}
                  onCancel={() => setRenamingId(null)}
                  onSave={async (title) => {
                    await essentials.rename(conversation.id, title);
                    setRenamingId(null);
                  }}
                />
              ) : (
                <>
                  <button
                    type="button"
                    className="conversation-item"
                    aria-current={conversation.id === currentId ? "true" : undefined}
                    onClick={() => onOpen(conversation.id)}
                    disabled={openDisabled && conversation.id !== currentId}
                  >
                    <span className="conversation-title">{conversation.title || t("untitled")}</span>
                    <time className="conversation-time" dateTime={conversation.updatedAt}>
                      {formatDateTime(conversation.updatedAt, language)}
                    </time>
                  </button>
                  {essentials && (
                    <span className="conversation-row-actions">
                      <button
                        type="button"
                        className="action-button"
                        aria-label={`${t("rename")}: ${conversation.title || t("untitled")}`}
                        title={t("rename")}
                        onClick={() => setRenamingId(conversation.id)}
                      >
                        <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                          <path d="M4 20h4L19 9l-4-4L4 16v4zM13.5 6.5l4 4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
                        </svg>
                      </button>
                      <button
                        type="button"
                        className="action-button"
                        aria-label={`${t("deleteConversation")}: ${conversation.title || t("untitled")}`}
                        title={t("deleteConversation")}
                        onClick={() => setDeleting(conversation)}
                      >
                        <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                          <path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
                        </svg>
                      </button>
                    </span>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={t("deleteTitle")}
        body={deleting ? `«${deleting.title || t("untitled")}» — ${t("deleteBody")}` : t("deleteBody")}
        confirmLabel={t("deleteConfirm")}
        danger
        busy={busy}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(null)}
      />
    </nav>
  );
}

function RenameForm({ conversation, onSave, onCancel }: {
  conversation: ConversationSummary;
  onSave(title: string): Promise<void>;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const [title, setTitle] = useState(conversation.title);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  const id = useId();
  const trimmed = title.trim();
  const valid = trimmed !== "" && [...trimmed].length <= 120;

  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!valid || busy) return;
    setBusy(true);
    try {
      await onSave(trimmed);
    } catch {
      setError(t("actionFailed"));
      setBusy(false);
    }
  }

  return (
    <form className="rename-form" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        {t("renameLabel")}
      </label>
      <input
        id={id}
        ref={ref}
        className="input"
        value={title}
        maxLength={120}
        onChange={(e) => setTitle(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== "Escape") return;
          // Cancels the rename only, not the drawer around it.
          e.stopPropagation();
          onCancel();
        }}
      />
      <div className="rename-actions">
        <button type="button" className="button button--small button--ghost" onClick={onCancel} disabled={busy}>
          {t("cancel")}
        </button>
        <button type="submit" className="button button--small button--primary" disabled={!valid || busy}>
          {t("save")}
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
