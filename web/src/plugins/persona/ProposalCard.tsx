import { useId, useState } from "react";
import type { Persona } from "../../../../server/personas/types.js";
import { formatArea } from "../../i18n.js";
import { usePersonaI18n, type PersonaKey } from "./i18n.js";
import { ApiError } from "../../lib/api.js";
import { decideProposal, type Proposal } from "./proposals.js";

const fieldKeys: Record<string, PersonaKey> = {
  region: "region",
  cropType: "cropType",
  totalAreaHa: "totalAreaHa",
  experienceLevel: "experienceLevel",
};

/**
 * A pending persona proposal: old → new per field, Accept and Dismiss. The result reaches every tab
 * through `persona:proposal` / `persona:updated`; this tab applies it at once from the answer too.
 * `compact` is the notice under the advisor's answer that made it.
 */
export function ProposalCard({
  proposal,
  compact = false,
  onPersona,
  onSettled,
  onOpenMessage,
  onNotice,
}: {
  proposal: Proposal;
  compact?: boolean;
  onPersona(persona: Persona): void;
  onSettled(proposal: Proposal): void;
  onOpenMessage?(conversationId: string, messageId: string): void;
  /** Said to screen readers (and shown) by the parent: the card itself leaves once decided. */
  onNotice?(text: string, kind: "status" | "alert"): void;
}) {
  const { t, language, crop, has } = usePersonaI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();

  function formatValue(field: string, value: unknown): string {
    if (value === null || value === undefined || value === "") return "—";
    if (field === "cropType") return crop(String(value));
    if (field === "totalAreaHa") return `${formatArea(Number(value), language)} ${t("hectares")}`;
    if (field === "experienceLevel" && has(`experience.${String(value)}`)) return t(`experience.${String(value)}` as PersonaKey);
    return String(value);
  }

  async function decide(decision: "accept" | "dismiss") {
    setBusy(true);
    setError(null);
    try {
      const result = await decideProposal(proposal.id, decision);
      onPersona(result.persona);
      onSettled(result.proposal);
      onNotice?.(decision === "accept" ? t("proposalAccepted") : t("proposalDismissed"), "status");
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        const text = e.code === "stale" ? t("proposalStale") : t("proposalDecided");
        setError(text);
        onNotice?.(text, "alert");
      } else if (e instanceof ApiError && e.status === 404) {
        onSettled({ ...proposal, status: "dismissed" });
      } else {
        setError(t("error.generic"));
      }
    } finally {
      setBusy(false);
    }
  }

  const changes = Object.entries(proposal.changes);
  const decided = proposal.status !== "pending";
  const outcome = proposal.status === "accepted" ? t("proposalAccepted") : proposal.status === "stale" ? t("proposalStale") : t("proposalDismissed");
  return (
    <section
      className={`${compact ? "proposal proposal--compact" : "proposal"}${decided ? ` proposal--${proposal.status}` : ""}`}
      aria-labelledby={titleId}
      data-testid={compact ? "proposal-notice" : "proposal-card"}
      data-proposal-id={proposal.id}
      data-status={proposal.status}
    >
      <h3 id={titleId} className="proposal-title">
        {compact ? t("proposalNotice") : t("proposalsTitle")}
      </h3>
      {!compact && <p className="proposal-lead">{t("proposalLead")}</p>}
      <ul className="proposal-changes">
        {changes.map(([field, change]) => (
          <li key={field} data-field={field}>
            <span className="history-field">{fieldKeys[field] ? t(fieldKeys[field]) : field}:</span>{" "}
            <del className="proposal-old">{formatValue(field, change.old)}</del>
            {/* del/ins tell screen readers which value goes and which comes */}
            <span aria-hidden="true"> → </span>
            <ins className="proposal-new">{formatValue(field, change.new)}</ins>
          </li>
        ))}
      </ul>
      {!compact && proposal.conversationId && proposal.messageId && onOpenMessage && (
        <button type="button" className="link-button" onClick={() => onOpenMessage(proposal.conversationId!, proposal.messageId!)}>
          {t("proposalFrom")}
        </button>
      )}
      {decided ? (
        <p className="proposal-outcome">{outcome}</p>
      ) : (
        <div className="proposal-actions">
          <button type="button" className="button button--primary button--small" disabled={busy} onClick={() => void decide("accept")}>
            {t("proposalAccept")}
          </button>
          <button type="button" className="button button--ghost button--small" disabled={busy} onClick={() => void decide("dismiss")}>
            {t("proposalDismiss")}
          </button>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
