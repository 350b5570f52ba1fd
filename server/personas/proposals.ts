import { and, desc, eq, sql as expr } from "drizzle-orm";
import type { Sql } from "postgres";
import { dbOf, prepared, transaction, type Db } from "../db/client.js";
import { agentRuns } from "../db/schema.js";
import { alemPersonas, personaProposals, type PersonaRow } from "./schema.js";
import { AppError, errors } from "../errors.js";
import { setAuditActor } from "./audit.js";
import { personaFromRow } from "./queries.js";
import { proposalFromRow, type Proposal } from "./proposal-row.js";
import type { Persona, PersonaPatch } from "./types.js";

/**
 * Persona proposals (docs/protocol.md): the advisor never writes the persona, it proposes old → new per
 * field, linked to the user message that stated it; only the farmer's decision applies it. At most one
 * pending proposal per field: a newer one marks the older `stale`.
 */
export type { Proposal, ProposalStatus } from "./proposal-row.js";
export { proposalFromRow };

const proposableFields = ["region", "cropType", "totalAreaHa", "experienceLevel"] as const;
type ProposableField = (typeof proposableFields)[number];

function isProposable(field: string): field is ProposableField {
  return (proposableFields as readonly string[]).includes(field);
}

/** The farmer's persona row, locked for the rest of the transaction: proposals and decisions of one farmer run one at a time. */
async function lockPersonaOfUser(db: Db, userId: string): Promise<PersonaRow | undefined> {
  const [row] = await db.select().from(alemPersonas).where(eq(alemPersonas.userId, userId)).for("update");
  return row;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "number" || typeof b === "number") return Number(a) === Number(b);
  return a === b;
}

export async function listPendingProposals(sql: Sql, input: { userId: string }): Promise<Proposal[]> {
  const rows = await prepared(dbOf(sql), pendingProposalsQuery).execute({ userId: input.userId });
  return rows.map((r) => proposalFromRow(r.proposal));
}

const pendingProposalsQuery = (db: Db) =>
  db
    .select({ proposal: personaProposals })
    .from(personaProposals)
    .innerJoin(alemPersonas, eq(alemPersonas.id, personaProposals.personaId))
    .where(and(eq(alemPersonas.userId, expr.placeholder("userId")), eq(personaProposals.status, "pending")))
    .orderBy(desc(personaProposals.createdAt), personaProposals.id)
    .prepare("pending_proposals");

/**
 * Records a proposal for the values of `patch` (already validated like a sidebar edit) that differ
 * from the stored ones. `runId` links it to the user message the run answers. Returns null when
 * nothing differs; `superseded` are older pending proposals for the same fields, now `stale`.
 */
export async function createProposal(
  sql: Sql,
  input: { userId: string; conversationId: string | null; runId?: string; messageId?: string | null; patch: PersonaPatch },
): Promise<{ proposal: Proposal; superseded: Proposal[] } | null> {
  return transaction(sql, async (_tx, db) => {
    const persona = await lockPersonaOfUser(db, input.userId);
    if (!persona) throw errors.notFound("There is no farmer profile yet.");
    const changes: Proposal["changes"] = {};
    for (const [field, value] of Object.entries(input.patch)) {
      if (value === undefined || !isProposable(field) || sameValue(persona[field], value)) continue;
      changes[field] = { old: persona[field], new: value };
    }
    if (Object.keys(changes).length === 0) return null;
    const fields = Object.keys(changes);
    // The persona row lock above serialises proposals of one farmer, so two pending ones never share a field.
    const superseded = await db
      .update(personaProposals)
      .set({ status: "stale", decidedAt: expr`now()` })
      .where(and(
        eq(personaProposals.personaId, persona.id),
        eq(personaProposals.status, "pending"),
        // jsonb's "has any of these keys" operator, which drizzle does not name.
        expr`${personaProposals.changes} ?| array[${expr.join(fields.map((f) => expr`${f}`), expr`, `)}]::text[]`,
      ))
      .returning();
    // The message that stated the fact: given, or the question of the run that proposes it.
    const messageId = input.messageId
      ?? (input.runId
        ? (await db.select({ id: agentRuns.userMessageId }).from(agentRuns).where(eq(agentRuns.id, input.runId)))[0]?.id ?? null
        : null);
    const [created] = await db
      .insert(personaProposals)
      .values({ personaId: persona.id, conversationId: input.conversationId, messageId, changes })
      .returning();
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
  const outcome = await transaction(sql, async (tx, db): Promise<Outcome> => {
    const personaRow = await lockPersonaOfUser(db, input.userId);
    if (!personaRow) throw errors.notFound("No such proposal.");
    const persona = personaFromRow(personaRow);
    const [row] = await db
      .select()
      .from(personaProposals)
      .where(and(eq(personaProposals.id, input.proposalId), eq(personaProposals.personaId, persona.id)))
      .for("update");
    if (!row) throw errors.notFound("No such proposal.");
    const proposal = proposalFromRow(row);
    if (proposal.status !== "pending") {
      return { conflict: new ProposalConflictError("already_decided", `This proposal was already ${proposal.status}.`, proposal) };
    }
    const decide = async (status: "dismissed" | "stale" | "accepted") => {
      const [done] = await db
        .update(personaProposals)
        .set({ status, decidedAt: expr`now()` })
        .where(eq(personaProposals.id, proposal.id))
        .returning();
      return proposalFromRow(done!);
    };
    if (input.decision === "dismiss") return { proposal: await decide("dismissed"), persona, changed: false };
    const changed = Object.entries(proposal.changes).some(([field, c]) => isProposable(field) && !sameValue(persona[field], c.old));
    if (changed) {
      return { conflict: new ProposalConflictError("stale", "Your profile changed since this was proposed; nothing was changed.", await decide("stale")) };
    }
    const set: Record<string, unknown> = {};
    for (const [field, c] of Object.entries(proposal.changes)) {
      if (isProposable(field)) set[field] = c.new;
    }
    await setAuditActor(tx, { actor: "chat", source: "chat", proposalId: proposal.id, messageId: proposal.messageId });
    const [updated] = await db
      .update(alemPersonas)
      .set({ ...(set as PersonaPatch), updatedAt: expr`now()` })
      .where(eq(alemPersonas.id, persona.id))
      .returning();
    return { proposal: await decide("accepted"), persona: personaFromRow(updated!), changed: true };
  });
  if ("conflict" in outcome) throw outcome.conflict;
  return outcome;
}

/** What the advisor's proposal tool learns: it can only propose, never write. */
export type ProfileProposalOutcome =
  | { status: "proposed"; proposalId: string; changes: Proposal["changes"] }
  | { status: "nothing_to_update" }
  | { status: "rejected"; fieldErrors: Record<string, string[]> };
