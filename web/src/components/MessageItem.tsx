import { memo, Suspense } from "react";
import { useI18n, type MessageKey } from "../i18n.js";
import type { UiMessage } from "../lib/chatState.js";
import { usePluginContext } from "../plugins/context.js";
import { PluginBoundary } from "../plugins/PluginBoundary.js";
import { displayedText, messageDecorations, pluginString } from "../plugins/registry.js";
import { BrandMark } from "./BrandMark.js";
import { Markdown } from "./Markdown.js";
import { AnswerActions, QuestionActions, type MessageActionHandlers } from "./MessageActions.js";

const knownErrors = new Set(["bad_request", "too_long", "rate_limited", "busy", "not_found", "unavailable", "timeout", "offline"]);

/** A tool's label from the plugin that names it (`tool.<name>` in its namespace); any other tool gets the generic one. */
export function toolLabel(name: string, t: (key: MessageKey) => string): string {
  return pluginString(`tool.${name}`) ?? t("tool.other");
}

export function errorLabel(code: string): MessageKey {
  return (knownErrors.has(code) ? `error.${code}` : "error.generic") as MessageKey;
}

interface Props {
  message: UiMessage;
  /** The message before it, when it is the question this answer replies to (for plugin decorations). */
  question?: UiMessage;
  tool: string | null;
  onRetrySend(clientMessageId: string): void;
  onRetryRun(messageId: string): void;
  /** Copy, time, feedback; regenerate/edit when `latest`. */
  actions?: { latest: boolean; canModify: boolean; handlers: MessageActionHandlers };
}

export const MessageItem = memo(function MessageItem({ message, question, tool, onRetrySend, onRetryRun, actions }: Props) {
  const { t } = useI18n();
  const streaming = message.status === "streaming";

  if (message.role === "user") {
    return (
      <article className={`message message--user${message.local ? ` is-${message.local}` : ""}`} data-message-id={message.id}>
        <h3 className="visually-hidden">{t("you")}</h3>
        <div className="bubble">
          <p className="plain-text">{message.content}</p>
        </div>
        {actions && !message.local && <QuestionActions message={message} {...actions} />}
        {message.local === "failed" && message.error && (
          <div className="inline-error" role="alert">
            <span>{t(errorLabel(message.error.code))}</span>
            <button type="button" className="button button--small button--ghost" onClick={() => onRetrySend(message.clientMessageId!)}>
              {t("retry")}
            </button>
          </div>
        )}
      </article>
    );
  }

  return (
    <article className="message message--assistant" data-message-id={message.id} data-status={message.status} aria-busy={streaming || undefined}>
      <div className="message-avatar" aria-hidden="true">
        <BrandMark size={28} />
      </div>
      <div className="message-body">
        <h3 className="message-author">
          {t("advisor")}
          {message.status === "stopped" && <span className="tag tag--muted">{t("stopped")}</span>}
        </h3>
        {message.content ? (
          <Markdown text={displayedText(message)} streaming={streaming} />
        ) : streaming ? (
          <p className="thinking">
            <span className="dots" aria-hidden="true">
              <i />
              <i />
              <i />
            </span>
            <span>{t("thinking")}</span>
          </p>
        ) : null}
        {streaming && tool && (
          <p className="tool-activity">
            <span className="spinner spinner--small" aria-hidden="true" />
            {toolLabel(tool, t)}
          </p>
        )}
        {!streaming && <MessageDecorations message={message} question={question} />}
        {message.status === "error" && (
          <div className="inline-error" role="alert">
            <span>{t(errorLabel(message.error?.code ?? "unavailable"))}</span>
            <button type="button" className="button button--small button--ghost" onClick={() => onRetryRun(message.id)}>
              {t("retry")}
            </button>
          </div>
        )}
        {actions && !streaming && <AnswerActions message={message} {...actions} />}
      </div>
    </article>
  );
});

/** What plugins show under a finished answer (sources, the profile facts used, proposal notices). */
function MessageDecorations({ message, question }: { message: UiMessage; question: UiMessage | undefined }) {
  const { client, host, language } = usePluginContext();
  return (
    <>
      {messageDecorations.map(({ name, Component }) => (
        <PluginBoundary key={name}>
          <Suspense fallback={null}>
            <Component message={message} question={question} client={client} host={host} language={language} />
          </Suspense>
        </PluginBoundary>
      ))}
    </>
  );
}
