import { useEffect, useLayoutEffect, useRef, type RefObject } from "react";
import { useI18n } from "../i18n.js";
import { activeRun } from "../lib/chatState.js";
import type { ChatSession } from "../lib/useChatSession.js";
import { Composer } from "./Composer.js";
import { preloadMarkdown } from "./Markdown.js";
import { MessageItem } from "./MessageItem.js";
import { AdvisorSuggestions } from "./AdvisorSuggestions.js";

export function ConversationView({ session, composerRef }: { session: ChatSession; composerRef: RefObject<HTMLTextAreaElement | null> }) {
  const { t } = useI18n();
  const { chat } = session;
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const run = activeRun(chat);
  const ready = session.status.kind === "ready";
  const current = chat.conversations.find((c) => c.id === chat.conversationId);

  useEffect(preloadMarkdown, []);

  // Follow the growing reply only while the reader is at the bottom; do not yank them back up.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [chat.messages]);

  useEffect(() => {
    stickToBottom.current = true;
  }, [chat.conversationId]);

  function onScroll() {
    const el = scroller.current;
    if (el) stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  }

  function send(text: string) {
    stickToBottom.current = true;
    void session.send(text);
  }

  return (
    <>
      <div className="conversation-head">
        <h1 className="conversation-heading">{current?.title || t("untitled")}</h1>
      </div>
      <div className="messages-scroller" ref={scroller} onScroll={onScroll}>
        {chat.messages.length === 0 ? (
          <div className="empty-state">
            <h2 className="empty-title">{t("emptyTitle")}</h2>
            <p className="muted">{t("emptyLead")}</p>
            <AdvisorSuggestions
              farmKey={`${session.persona?.region ?? ""}|${session.persona?.cropType ?? ""}`}
              disabled={!ready || !chat.conversationId}
              onPick={send}
            />
          </div>
        ) : null}
        <div className="messages" role="log" aria-live="polite" aria-label={t("messagesLabel")} aria-relevant="additions text">
          {chat.messages.map((message) => (
            <MessageItem
              key={message.id}
              message={message}
              tool={message.runId ? chat.tools[message.runId] ?? null : null}
              onRetrySend={session.retrySend}
              onRetryRun={session.retryRun}
            />
          ))}
        </div>
      </div>
      <Composer
        inputRef={composerRef}
        canSend={ready && Boolean(chat.conversationId)}
        streaming={Boolean(run)}
        onSend={send}
        onStop={() => void session.stop()}
      />
    </>
  );
}
