import type { Sql } from "postgres";
import { transaction } from "../db/client.js";
import { isoTime as iso, type Row } from "../db/rows.js";
import { AppError, errors } from "../errors.js";
import { setAuditActor } from "./audit.js";
import { personaFromRow } from "./queries.js";
import type { Persona, PersonaPatch } from "./types.js";

/**
 * Persona proposals (CONTRACT.md): the advisor never writes the persona, it proposes old → new per
 * field, linked to the user message that stated it; only the farmer's decision applies it. At most one
 * pending proposal per field: a newer one marks the older `stale`.
 */
export type ProposalStatus = "pending" | "accepted" | "dismissed" | "stale";

export interface Proposal {
  id: string;
  personaId: string;
  conversationId: string | null;
  messageId: string | null;
  changes: Record<string, { old: unknown; new: unknown }>;
  status: ProposalStatus;
  createdAt: string;
  decidedAt: string | null;
}

const columnOf = {
  region: "region",
  cropType: "crop_type",
  totalAreaHa: "total_area_ha",
  experienceLevel: "experience_level",
} as const;
type ProposableField = keyof typeof columnOf;

export function proposalFromRow(row: Row): Proposal {
  const changes = typeof row.changes === "string" ? JSON.parse(row.changes) : row.changes;
  return {
    id: String(row.id),
    personaId: String(row.persona_id),
    conversationId: row.conversation_id == null ? null : String(row.conversation_id),
    messageId: row.message_id == null ? null : String(row.message_id),
    changes: changes as Proposal["changes"],
    status: row.status as ProposalStatus,
    createdAt: iso(row.created_at),
    decidedAt: row.decided_at == null ? null : iso(row.decided_at),
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "number" || typeof b === "number") return Number(a) === Number(b);
  return a === b;
}

export async function listPendingProposals(sql: Sql, input: { userId: string }): Promise<Proposal[]> {
  const rows = await sql`
    SELECT pp.* FROM persona_proposals pp JOIN alem_personas p ON p.alem_persona_id = pp.persona_id
     WHERE p.user_id = ${input.userId} AND pp.status = 'pending'
     ORDER BY pp.created_at DESC, pp.id`;
  return rows.map(proposalFromRow);
}

/**
 * Records a proposal for the values of `patch` (already validated like a sidebar edit) that differ
 * from the stored ones. `runId` links it to the user message the run answers. Returns null when
 * nothing differs; `superseded` are older pending proposals for the same fields, now `stale`.
 */
export async function createProposal(
  sql: Sql,
  input: { userId: string; conversationId: string | null; runId?: string; messageId?: string | null; patch: PersonaPatch },
): Promise<{ proposal: Proposal; superseded: Proposal[] } | null> {
  return transaction(sql, async (tx) => {
    const [row] = await tx`SELECT * FROM alem_personas WHERE user_id = ${input.userId} FOR UPDATE`;
    if (!row) throw errors.notFound("There is no farmer profile yet.");
    const persona = personaFromRow(row);
    const changes: Proposal["changes"] = {};
    for (const [field, value] of Object.entries(input.patch) as [ProposableField, unknown][]) {
      if (value === undefined || !(field in columnOf) || sameValue(persona[field], value)) continue;
      changes[field] = { old: persona[field], new: value };
    }
    if (Object.keys(changes).length === 0) return null;
    const fields = Object.keys(changes);
    // The persona row lock above serialises proposals of one farmer, so two pending ones never share a field.
    const superseded = await tx`
      UPDATE persona_proposals SET status = 'stale', decided_at = now()
       WHERE persona_id = ${persona.id} AND status = 'pending' AND changes ?| ${tx.array(fields)}::text[]
       RETURNING *`;
    const messageId = input.messageId ?? null;
    const [created] = await tx`
      INSERT INTO persona_proposals (persona_id, conversation_id, message_id, changes)
      VALUES (${persona.id}, ${input.conversationId},
              coalesce(${messageId}::uuid, (SELECT user_message_id FROM agent_runs WHERE id = ${input.runId ?? null}::uuid)),
              ${JSON.stringify(changes)}::jsonb)
      RETURNING *`;
    return { proposal: proposalFromRow(created!), superseded: superseded.map(proposalFromRow) };
  });
}

export class ProposalConflictError extends AppError {
  constructor(code: "stale" | "already_decided", message: string, readonly proposal: Proposal) {
    super(code, message, { status: 409 });
  }
}

/**
 * The farmer's decision. Accepting re-checks that every field still holds the proposal's `old` value
 * (else the proposal becomes `stale`, the persona is left as it is, and a 409 follows) and applies all
 * changes in one transaction, recorded by the audit trigger with the proposal and its message.
 */
export async function decideProposal(
  sql: Sql,
  input: { userId: string; proposalId: string; decision: "accept" | "dismiss" },
): Promise<{ proposal: Proposal; persona: Persona; changed: boolean }> {
  type Outcome = { proposal: Proposal; persona: Persona; changed: boolean } | { conflict: ProposalConflictError };
  // A conflict is returned, not thrown, so that marking the proposal `stale` commits.
  const outcome = await transaction(sql, async (tx): Promise<Outcome> => {
    const [personaRow] = await tx`SELECT * FROM alem_personas WHERE user_id = ${input.userId} FOR UPDATE`;
    if (!personaRow) throw errors.notFound("No such proposal.");
    const persona = personaFromRow(personaRow);
    const [row] = await tx`SELECT * FROM persona_proposals WHERE id = ${input.proposalId} AND persona_id = ${persona.id} FOR UPDATE`;
    if (!row) throw errors.notFound("No such proposal.");
    const proposal = proposalFromRow(row);
    if (proposal.status !== "pending") {
      return { conflict: new ProposalConflictError("already_decided", `This proposal was already ${proposal.status}.`, proposal) };
    }
    if (input.decision === "dismiss") {
      const [done] = await tx`UPDATE persona_proposals SET status = 'dismissed', decided_at = now() WHERE id = ${proposal.id} RETURNING *`;
      return { proposal: proposalFromRow(done!), persona, changed: false };
    }
    const changed = Object.entries(proposal.changes).some(([field, c]) => !sameValue(persona[field as ProposableField], c.old));
    if (changed) {
      const [staled] = await tx`UPDATE persona_proposals SET status = 'stale', decided_at = now() WHERE id = ${proposal.id} RETURNING *`;
      return { conflict: new ProposalConflictError("stale", "Your profile changed since this was proposed; nothing was changed.", proposalFromRow(staled!)) };
    }
    const set: Record<string, unknown> = {};
    for (const [field, c] of Object.entries(proposal.changes)) {
      if (field in columnOf) set[columnOf[field as ProposableField]] = c.new;
    }
    await setAuditActor(tx, { actor: "chat", source: "chat", proposalId: proposal.id, messageId: proposal.messageId });
    const [updated] = await tx`UPDATE alem_personas SET ${tx(set)}, updated_at = now() WHERE alem_persona_id = ${persona.id} RETURNING *`;
    const [done] = await tx`UPDATE persona_proposals SET status = 'accepted', decided_at = now() WHERE id = ${proposal.id} RETURNING *`;
    return { proposal: proposalFromRow(done!), persona: personaFromRow(updated!), changed: true };
  });
  if ("conflict" in outcome) throw outcome.conflict;
  return outcome;
}

/** What the advisor's proposal tool learns: it can only propose (CONTRACT.md), never write. */
export type ProfileProposalOutcome =
  | { status: "proposed"; proposalId: string; changes: Proposal["changes"] }
  | { status: "nothing_to_update" }
  | { status: "rejected"; fieldErrors: Record<string, string[]> };
