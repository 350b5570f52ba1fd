/**
 * The persona plugin's part of the protocol (docs/protocol.md): what it merges into session:ready, the
 * events it sends to every tab of the farmer, and the annotation it puts on each answer. Declared by
 * augmenting the core's open interfaces, so the core (server/chat/events.ts) names no persona.
 */
import type { Proposal } from "./proposals.js";
import type { Persona, PersonaField } from "./types.js";

declare module "../chat/events.js" {
  interface SessionReady {
    persona: Persona;
    /** The farmer's pending persona proposals. */
    proposals?: Proposal[];
  }
  interface ChatMessage {
    /** The profile facts the answer used ([] when none, and on the farmer's own messages). */
    usedPersonaFields: PersonaField[];
  }
  interface ServerToClientEvents {
    "persona:updated": (payload: { persona: Persona }) => void;
    /** A persona proposal was made, or its status changed (accepted, dismissed, stale). */
    "persona:proposal": (payload: { proposal: Proposal }) => void;
  }
}

/** The session:error code when the farmer's profile cannot be loaded (retryable). */
export const PERSONA_UNAVAILABLE = "persona_unavailable";
