import { useRef, useState, type ReactNode } from "react";
import { provenanceFields, type Persona, type ProvenanceField } from "../../../../server/personas/types.js";
import { cropLabel } from "../../../../server/personas/catalogue.js";
import { formatArea } from "../../i18n.js";
import { usePersonaI18n, type PersonaKey } from "./i18n.js";
import { regeneratePersona } from "./api.js";
import { ConfirmDialog } from "../../components/ConfirmDialog.js";
import { PersonaEditForm } from "./PersonaEditForm.js";
import { PersonaHistory } from "./PersonaHistory.js";
import type { Proposal } from "./proposals.js";
import { ProposalCard } from "./ProposalCard.js";
import { ProvenanceNote } from "./Provenance.js";

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toLocaleUpperCase("az"))
    .join("");
}

/** Only real government data may look verified: the old app labelled synthetic personas as verified. */
function sourceBadge(persona: Persona): { key: PersonaKey; tone: "verified" | "synthetic" | "neutral" } {
  if (persona.ektisVerified && persona.dataSource === "mygov") return { key: "source.verified", tone: "verified" };
  if (persona.dataSource === "synthetic") return { key: "source.synthetic", tone: "synthetic" };
  return { key: persona.dataSource === "oauth" ? "source.oauth" : "source.mygov", tone: "neutral" };
}

export function PersonaSidebar({
  persona,
  onPersona,
  proposals = [],
  onProposalSettled,
  onOpenMessage,
}: {
  persona: Persona | null;
  onPersona(persona: Persona): void;
  proposals?: Proposal[];
  onProposalSettled?(proposal: Proposal): void;
  onOpenMessage?(conversationId: string, messageId: string): void;
}) {
  const { t, language, crop } = usePersonaI18n();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [regenerating, setRegenerating] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const [actionError, setActionError] = useState<string | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);

  if (!persona) {
    return (
      <section className="persona" aria-labelledby="persona-title">
        <div className="panel-head">
          <h2 id="persona-title" className="panel-title">
            {t("personaTitle")}
          </h2>
        </div>
        <div className="persona-skeleton" aria-busy="true">
          <span className="visually-hidden">{t("personaLoading")}</span>
          <i />
          <i />
          <i />
        </div>
      </section>
    );
  }

  const badge = sourceBadge(persona);
  // The crop in the UI language first, then in the other one (stored names are Azerbaijani).
  const translation = cropLabel(persona.cropType, language === "az" ? "en" : "az");

  async function regenerate() {
    setRegenerating(true);
    setActionError(null);
    try {
      onPersona(await regeneratePersona());
      setAnnouncement(t("regenerated"));
    } catch {
      setActionError(t("error.generic"));
    } finally {
      setRegenerating(false);
      setConfirming(false);
    }
  }

  return (
    <section className="persona" aria-labelledby="persona-title">
      <div className="panel-head">
        <h2 id="persona-title" className="panel-title">
          {t("personaTitle")}
        </h2>
        <span className={`badge badge--${badge.tone}`} data-testid="persona-source" title={badge.tone === "synthetic" ? t("sourceSyntheticHint") : undefined}>
          {t(badge.key)}
        </span>
      </div>

      {proposals.map((proposal) => (
        <ProposalCard
          key={proposal.id}
          proposal={proposal}
          onPersona={onPersona}
          onSettled={(p) => onProposalSettled?.(p)}
          onOpenMessage={onOpenMessage}
          onNotice={(text, kind) => (kind === "alert" ? setActionError(text) : setAnnouncement(text))}
        />
      ))}

      <div className="persona-card">
        <div className="persona-identity">
          <span className="avatar" aria-hidden="true">
            {initials(persona.fullName)}
          </span>
          <div className="persona-identity-text">
            <p className="persona-name" data-field="fullName">
              {persona.fullName}
            </p>
            <p className="persona-email muted">{persona.email}</p>
            <ProvenanceNote persona={persona} field="fullName" />
          </div>
        </div>

        {editing ? (
          <PersonaEditForm
            persona={persona}
            onSaved={(next) => {
              onPersona(next);
              setEditing(false);
              setAnnouncement(t("saved"));
              queueMicrotask(() => editButton.current?.focus());
            }}
            onCancel={() => {
              setEditing(false);
              queueMicrotask(() => editButton.current?.focus());
            }}
          />
        ) : (
          <dl className="persona-fields">
            <Field persona={persona} name="finCode" label={t("finCode")} value={persona.finCode}>
              <span className="mono">{persona.finCode}</span>
            </Field>
            <Field persona={persona} name="region" label={t("region")} value={persona.region}>
              {persona.region}
            </Field>
            <Field persona={persona} name="cropType" label={t("cropType")} value={persona.cropType}>
              <span lang={language}>{crop(persona.cropType)}</span>
              {translation && translation !== crop(persona.cropType) && (
                <span className="field-translation" lang={language === "az" ? "en" : "az"}>
                  {translation}
                </span>
              )}
            </Field>
            <Field persona={persona} name="totalAreaHa" label={t("totalAreaHa")} value={String(persona.totalAreaHa)}>
              {formatArea(persona.totalAreaHa, language)} {t("hectares")}
            </Field>
            <Field persona={persona} name="experienceLevel" label={t("experienceLevel")} value={persona.experienceLevel}>
              {t(`experience.${persona.experienceLevel}` as PersonaKey)}
            </Field>
            <Field name="ektisVerified" label={t("ektisStatus")} value={String(persona.ektisVerified)}>
              <span className={badge.tone === "verified" ? "status-dot status-dot--ok" : "status-dot"} aria-hidden="true" />
              {badge.tone === "verified" ? t("ektisRegistered") : persona.ektisVerified ? t("ektisUnconfirmed") : t("ektisNotVerified")}
            </Field>
          </dl>
        )}

        {badge.tone === "synthetic" && !editing && <p className="persona-note">{t("sourceSyntheticHint")}</p>}

        {!editing && (
          <div className="persona-actions">
            <button ref={editButton} type="button" className="button button--ghost button--small" onClick={() => setEditing(true)}>
              <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M4 20h4L19 9l-4-4L4 16v4z" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
              </svg>
              {t("edit")}
            </button>
            <button type="button" className="button button--ghost button--small" onClick={() => setConfirming(true)} disabled={regenerating}>
              <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M20 11a8 8 0 1 0-2.3 5.7M20 5v6h-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
              {t("regenerate")}
            </button>
          </div>
        )}
        {actionError && (
          <p className="field-error" role="alert">
            {actionError}
          </p>
        )}
        <p className="visually-hidden" role="status" aria-live="polite">
          {announcement}
        </p>
      </div>

      <PersonaHistory persona={persona} onPersona={onPersona} onOpenMessage={onOpenMessage} />

      <ConfirmDialog
        open={confirming}
        title={t("regenerateTitle")}
        body={t("regenerateBody")}
        confirmLabel={regenerating ? t("saving") : t("regenerateConfirm")}
        busy={regenerating}
        onConfirm={regenerate}
        onCancel={() => setConfirming(false)}
      />
    </section>
  );
}

const provenanceFieldSet = new Set<string>(provenanceFields);

function Field({ persona, name, label, value, children }: { persona?: Persona; name: string; label: string; value: string; children: ReactNode }) {
  return (
    <div className="persona-field" data-field={name} data-value={value}>
      <dt>
        {label}
        {/* where the value came from, under the label (the value cell stays the value alone) */}
        {persona && provenanceFieldSet.has(name) && <ProvenanceNote persona={persona} field={name as ProvenanceField} />}
      </dt>
      <dd>{children}</dd>
    </div>
  );
}
