import type { personaProposals } from "./schema.js";

/** A persona proposal as the API speaks it (server/personas/proposals.ts makes and decides them). */
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

/** A proposal on the wire: times as ISO text. */
export function proposalFromRow(row: typeof personaProposals.$inferSelect): Proposal {
  return { ...row, createdAt: row.createdAt.toISOString(), decidedAt: row.decidedAt?.toISOString() ?? null };
}

