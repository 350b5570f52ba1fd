import { useCallback, useEffect, useSyncExternalStore } from "react";
import type { Persona } from "../../../../server/personas/types.js";
import type { PluginClient, PluginHost } from "../types.js";
import { mergeProposal, type Proposal } from "./proposals.js";

/**
 * The farmer's persona and pending proposals, shared by the sidebar panel and the notices under answers.
 * Seeded from each `session:ready` (its `persona` and `proposals`), kept current by `persona:updated` and
 * `persona:proposal` while any persona component is on screen.
 */
interface State {
  persona: Persona | null;
  proposals: Proposal[];
  /** Proposals decided while this page is open: the notice under the answer stays, saying what became of it. */
  settled: Proposal[];
}

let state: State = { persona: null, proposals: [], settled: [] };

/** A proposal event applied: pending ones in `proposals`, decided ones move to `settled`. */
function withProposal(current: State, proposal: Proposal): State {
  const settled = proposal.status === "pending" ? current.settled.filter((p) => p.id !== proposal.id) : [proposal, ...current.settled.filter((p) => p.id !== proposal.id)];
  return { ...current, proposals: mergeProposal(current.proposals, proposal), settled };
}
let seededFrom: object | null = null;
const listeners = new Set<() => void>();
let consumers = 0;
let unsubscribe: (() => void) | null = null;

function set(next: State): void {
  state = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePersonaState(client: PluginClient, host: PluginHost, panelData?: unknown) {
  const ready = host.ready;
  if (ready && ready !== seededFrom) {
    // A new session (connect, reconnect, retry): its snapshot replaces what events built up.
    seededFrom = ready;
    const fromPanel = (panelData as { persona?: Persona } | undefined)?.persona ?? null;
    state = { persona: (ready.persona as Persona | undefined) ?? fromPanel, proposals: (ready.proposals as Proposal[] | undefined) ?? [], settled: state.settled };
  }

  useEffect(() => {
    if (consumers++ === 0) {
      const offPersona = client.on("persona:updated", ({ persona }: { persona: Persona }) => set({ ...state, persona }));
      const offProposal = client.on("persona:proposal", ({ proposal }: { proposal: Proposal }) => set(withProposal(state, proposal)));
      unsubscribe = () => {
        offPersona();
        offProposal();
      };
    }
    return () => {
      if (--consumers === 0) {
        unsubscribe?.();
        unsubscribe = null;
      }
    };
  }, [client]);

  const current = useSyncExternalStore(subscribe, () => state);
  const setPersona = useCallback((persona: Persona) => set({ ...state, persona }), []);
  const settleProposal = useCallback((proposal: Proposal) => set(withProposal(state, proposal)), []);
  return { ...current, setPersona, settleProposal };
}
