import { memo } from "react";
import type { PersonaField } from "../../../server/personas/types.js";
import { useI18n, type MessageKey } from "../i18n.js";
import type { UiMessage } from "../lib/chatState.js";
import { BrandMark } from "./BrandMark.js";
import { Markdown } from "./Markdown.js";
import { AnswerActions, QuestionActions, type MessageActionHandlers } from "./MessageActions.js";
import { MessageSources } from "./MessageSources.js";

const knownTools = new Set(["crop_calendar", "irrigation_need", "fertilizer_plan", "climate_normals", "propose_profile_change", "pests_diseases", "crop_coefficients", "irrigation_this_week"]);
const knownErrors = new Set(["bad_request", "too_long", "rate_limited", "busy", "not_found", "unavailable", "timeout", "offline"]);

export function toolLabel(name: string): MessageKey {
  return (knownTools.has(name) ? `tool.${name}` : "tool.other") as MessageKey;
}

export function errorLabel(code: string): MessageKey {
  return (knownErrors.has(code) ? `error.${code}` : "error.generic") as MessageKey;
}

const fieldLabels: Record<PersonaField, MessageKey> = {
  fullName: "fullName",
  region: "region",
  cropType: "cropType",
  totalAreaHa: "totalAreaHa",
  experienceLevel: "experienceLevel",
};

interface Props {
  message: UiMessage;
  tool: string | null;
  onRetrySend(clientMessageId: string): void;
  onRetryRun(messageId: string): void;
  /** Copy, time, feedback; regenerate/edit when `latest` (issue 13). */
  actions?: { latest: boolean; canModify: boolean; handlers: MessageActionHandlers };
}

export const MessageItem = memo(function MessageItem({ message, tool, onRetrySend, onRetryRun, actions }: Props) {
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
          <Markdown text={message.content} streaming={streaming} />
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
            {t(toolLabel(tool))}
          </p>
        )}
        {!streaming && <MessageSources sources={message.sources} />}
        {message.usedPersonaFields.length > 0 && !streaming && (
          <ul className="chips" aria-label={t("usedProfile")}>
            {message.usedPersonaFields.map((field) => (
              <li key={field} className="chip">
                {fieldLabels[field] ? t(fieldLabels[field]) : field}
              </li>
            ))}
          </ul>
        )}
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
