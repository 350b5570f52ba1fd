import type { ConversationSummary } from "../../../server/chat/events.js";
import { formatDateTime, useI18n } from "../i18n.js";

interface Props {
  conversations: ConversationSummary[];
  currentId: string | null;
  disabled: boolean;
  onOpen(id: string): void;
  onNew(): void;
}

export function ConversationList({ conversations, currentId, disabled, onOpen, onNew }: Props) {
  const { t, language } = useI18n();
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
      {conversations.length === 0 ? (
        <p className="muted conversations-empty">{t("noConversations")}</p>
      ) : (
        <ul className="conversation-list">
          {conversations.map((conversation) => (
            <li key={conversation.id}>
              <button
                type="button"
                className="conversation-item"
                aria-current={conversation.id === currentId ? "true" : undefined}
                onClick={() => onOpen(conversation.id)}
                disabled={disabled && conversation.id !== currentId}
              >
                <span className="conversation-title">{conversation.title || t("untitled")}</span>
                <time className="conversation-time" dateTime={conversation.updatedAt}>
                  {formatDateTime(conversation.updatedAt, language)}
                </time>
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
