import type { Persona } from "../../../../server/personas/types.js";
import type { Proposal } from "../../../../server/personas/proposals.js";
import { ApiError } from "../../lib/api.js";

export type { Proposal };

/** Pending proposals after an event: a pending one is added (or replaced), any other status removes it. */
export function mergeProposal(list: Proposal[], proposal: Proposal): Proposal[] {
  const rest = list.filter((p) => p.id !== proposal.id);
  return proposal.status === "pending" ? [proposal, ...rest] : rest;
}

/** POST /api/me/persona/proposals/:id/decision; a 409 arrives as ApiError with code `stale` or `already_decided`. */
export async function decideProposal(id: string, decision: "accept" | "dismiss"): Promise<{ proposal: Proposal; persona: Persona }> {
  let response: Response;
  try {
    response = await fetch(`/api/me/persona/proposals/${encodeURIComponent(id)}/decision`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ decision }),
    });
  } catch {
    throw new ApiError(0, "network", "network error");
  }
  const body = (await response.json().catch(() => ({}))) as { proposal?: Proposal; persona?: Persona; error?: { code?: string; message?: string } };
  if (!response.ok) throw new ApiError(response.status, body.error?.code ?? `http_${response.status}`, body.error?.message ?? response.statusText);
  return body as { proposal: Proposal; persona: Persona };
}
