import type { Sql } from "postgres";

/**
 * Who is changing alem_personas, for the database trigger that records every change and keeps each
 * field's provenance (migrations/0007_persona_audit_trigger.sql). The settings are transaction-local
 * (`set_config(…, true)`), so they must be set inside the transaction that makes the change; a change
 * without them is recorded as `database` (an operator's psql).
 */
export interface AuditActor {
  /** persona_events.actor: system, seed, user, chat, operator, mygov */
  actor: string;
  /** provenance source, when it differs from the actor's default (regenerate: synthetic) */
  source?: "synthetic" | "identity" | "user" | "chat" | "database" | "mygov";
  /** persona_events.kind, when not created/updated (regenerated) */
  kind?: "regenerated";
  proposalId?: string;
  messageId?: string | null;
}

/**
 * Sets the actor for the rest of the transaction `tx` (which must be inside BEGIN … COMMIT). Raw:
 * set_config is a function call with no table, nothing drizzle's builder has a row type for.
 */
export async function setAuditActor(tx: Sql, who: AuditActor): Promise<void> {
  await tx`SELECT set_config('yonca.actor', ${who.actor}, true), set_config('yonca.source', ${who.source ?? ""}, true),
                  set_config('yonca.event_kind', ${who.kind ?? ""}, true),
                  set_config('yonca.proposal_id', ${who.proposalId ?? ""}, true),
                  set_config('yonca.message_id', ${who.messageId ?? ""}, true)`;
}
