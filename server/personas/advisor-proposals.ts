import type { Sql } from "postgres";
import { AppError } from "../errors.js";
import { parsePersonaPatch } from "./plugin.js";
import { createProposal, type ProfileProposalOutcome, type Proposal } from "./proposals.js";

/**
 * The advisor's only way to touch the persona: values the model's tool call carries are checked by the
 * same validation as a sidebar edit (PATCH /api/me/persona), then recorded as a proposal linked to the
 * user message of the run. Invalid values are refused and nothing is recorded.
 */
export async function proposeFromAdvisor(
  sql: Sql,
  input: { userId: string; conversationId: string; runId: string; patch: unknown },
  announce: (userId: string, proposal: Proposal) => void,
): Promise<ProfileProposalOutcome> {
  let valid;
  try {
    valid = parsePersonaPatch(input.patch);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "bad_request") throw error;
    const fieldErrors = (error.details?.fieldErrors ?? {}) as Record<string, string[]>;
    return { status: "rejected", fieldErrors: Object.keys(fieldErrors).length ? fieldErrors : { profile: [error.message] } };
  }
  const created = await createProposal(sql, { userId: input.userId, conversationId: input.conversationId, runId: input.runId, patch: valid });
  if (!created) return { status: "nothing_to_update" };
  for (const older of created.superseded) announce(input.userId, older);
  announce(input.userId, created.proposal);
  return { status: "proposed", proposalId: created.proposal.id, changes: created.proposal.changes };
}
