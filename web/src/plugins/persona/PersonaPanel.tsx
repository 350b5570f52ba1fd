import type { PanelProps } from "../types.js";
import { PersonaSidebar } from "./PersonaSidebar.js";
import { usePersonaState } from "./store.js";

/** The `persona` panel of `session:ready.panels`: the farmer's profile, proposals and history. */
export default function PersonaPanel({ data, client, host }: PanelProps) {
  const { persona, proposals, setPersona, settleProposal } = usePersonaState(client, host, data);
  return (
    <PersonaSidebar
      persona={persona}
      onPersona={setPersona}
      proposals={proposals}
      onProposalSettled={settleProposal}
      onOpenMessage={host.openMessage}
    />
  );
}
