import { Suspense, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from "react";
import { useI18n } from "../i18n.js";
import { activeRun } from "../lib/chatState.js";
import type { ChatSession } from "../lib/chatSession.js";
import type { ChatEssentials } from "../lib/chatEssentials.js";
import { Composer } from "./Composer.js";
import { EditQuestion } from "./EditQuestion.js";
import type { MessageActionHandlers } from "./MessageActions.js";
import { preloadMarkdown } from "./Markdown.js";
import { MessageItem } from "./MessageItem.js";
import { QueuedMessage } from "./QueuedMessage.js";
import { usePluginContext } from "../plugins/context.js";
import { PluginBoundary } from "../plugins/PluginBoundary.js";
import { emptyStates } from "../plugins/registry.js";

const MAX_CHARS = 4000;

export function ConversationView({ session, composerRef, essentials }: {
  session: ChatSession;
  composerRef: RefObject<HTMLTextAreaElement | null>;
  essentials?: ChatEssentials;
}) {
  const { t } = useI18n();
  const { chat } = session;
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const run = activeRun(chat);
  const ready = session.status.kind === "ready";
  const current = chat.conversations.find((c) => c.id === chat.conversationId);
  const [editingId, setEditingId] = useState<string | null>(null);
  // Regenerate and edit act on the latest turn only, and not while a reply streams.
  const latestAnswerId = chat.messages.findLast((m) => m.role === "assistant")?.id;
  const latestQuestionId = chat.messages.findLast((m) => m.role === "user" && !m.local)?.id;
  const canModify = ready && !run;
  // The outbox's questions for this conversation, after what the server has (oldest first).
  const queued = session.outbox.items.filter((item) => item.event === "chat:send" && item.conversationId === chat.conversationId);
  const handlers = useMemo<MessageActionHandlers | null>(
    () =>
      essentials
        ? {
            regenerate: (id) => {
              stickToBottom.current = true;
              return essentials.regenerate(id);
            },
            startEdit: setEditingId,
            feedback: essentials.feedback,
          }
        : null,
    [essentials],
  );

  useEffect(() => setEditingId(null), [chat.conversationId]);

  useEffect(preloadMarkdown, []);

  // Follow the growing reply only while the reader is at the bottom; do not yank them back up.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [chat.messages, queued.length]);

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
        {chat.messages.length === 0 && queued.length === 0 ? (
          <div className="empty-state">
            <h2 className="empty-title">{t("emptyTitle")}</h2>
            <p className="muted">{t("emptyLead")}</p>
            <EmptyStates />
          </div>
        ) : null}
        <div className="messages" role="log" aria-live="polite" aria-label={t("messagesLabel")} aria-relevant="additions text">
          {chat.messages.map((message, i) => {
            if (message.id === editingId && essentials) {
              return (
                <EditQuestion
                  key={message.id}
                  message={message}
                  maxChars={MAX_CHARS}
                  onCancel={() => setEditingId(null)}
                  onSave={async (text) => {
                    stickToBottom.current = true;
                    await essentials.edit(message.id, text);
                    setEditingId(null);
                  }}
                />
              );
            }
            // Plugins decorate an answer with what belongs to the question before it (a proposal notice).
            const asked = message.role === "assistant" ? chat.messages[i - 1] : undefined;
            return (
              <MessageItem
                key={message.id}
                message={message}
                question={asked?.role === "user" ? asked : undefined}
                tool={message.runId ? chat.tools[message.runId] ?? null : null}
                onRetrySend={session.retrySend}
                onRetryRun={session.retryRun}
                actions={handlers ? actionProps(handlers, message.id === latestAnswerId || message.id === latestQuestionId, canModify) : undefined}
              />
            );
          })}
          {queued.map((item) => (
            <QueuedMessage key={item.clientMessageId} item={item} onCancel={(id) => void session.outbox.cancel(id)} onRetry={(id) => void session.outbox.retry(id)} />
          ))}
        </div>
      </div>
      <Composer
        conversationId={chat.conversationId}
        maxChars={MAX_CHARS}
        inputRef={composerRef}
        // Without a connection a question still goes: into the outbox, sent when the signal returns.
        canSend={Boolean(chat.conversationId) && !session.opening}
        streaming={Boolean(run)}
        onSend={send}
        onStop={() => void session.stop()}
      />
    </>
  );
}

/** What plugins show in an empty conversation (the advisor's starter questions). */
function EmptyStates() {
  const { client, host, language } = usePluginContext();
  return (
    <>
      {emptyStates.map(({ name, Component }) => (
        <PluginBoundary key={name}>
          <Suspense fallback={null}>
            <Component client={client} host={host} language={language} />
          </Suspense>
        </PluginBoundary>
      ))}
    </>
  );
}

/** One object per (latest, canModify) pair, so memoised messages do not re-render on every token. */
const actionPropsCache = new WeakMap<MessageActionHandlers, Map<string, { latest: boolean; canModify: boolean; handlers: MessageActionHandlers }>>();
function actionProps(handlers: MessageActionHandlers, latest: boolean, canModify: boolean) {
  let byKey = actionPropsCache.get(handlers);
  if (!byKey) actionPropsCache.set(handlers, (byKey = new Map()));
  const key = `${latest}:${canModify}`;
  let props = byKey.get(key);
  if (!props) byKey.set(key, (props = { latest, canModify, handlers }));
  return props;
}
