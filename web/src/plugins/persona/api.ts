import type { Persona, PersonaPatch } from "../../../../server/personas/types.js";
import { ApiError, request } from "../../lib/api.js";

// The persona plugin's HTTP API (server/personas/plugin.ts).

export interface PersonaEvent {
  id: string;
  kind: "created" | "login" | "updated" | "regenerated" | string;
  changes: Record<string, { old: unknown; new: unknown }> | null;
  actor: string | null;
  /** The accepted proposal and the chat message that stated it (chat-confirmed changes). */
  source?: string | null;
  proposalId?: string | null;
  messageId?: string | null;
  conversationId?: string | null;
  createdAt: string;
}

export async function updatePersona(patch: PersonaPatch): Promise<Persona> {
  const response = await request("/api/me/persona", { method: "PATCH", json: patch });
  return ((await response.json()) as { persona: Persona }).persona;
}

export async function regeneratePersona(): Promise<Persona> {
  const response = await request("/api/me/persona/regenerate", { method: "POST" });
  return ((await response.json()) as { persona: Persona }).persona;
}

export async function getPersonaHistory(): Promise<PersonaEvent[]> {
  const response = await request("/api/me/persona/history");
  return ((await response.json()) as { events: PersonaEvent[] }).events;
}
