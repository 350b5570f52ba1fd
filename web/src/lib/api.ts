import type { SessionUser } from "../../../server/chat/events.js";
import type { Persona, PersonaPatch } from "../../../server/personas/types.js";

export interface Providers {
  google: boolean;
  devLogin: boolean;
}

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

export type FieldErrors = Partial<Record<string, string[]>>;

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(message);
  }
}

async function request(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  headers.set("accept", "application/json");
  if (json !== undefined) headers.set("content-type", "application/json");
  let response: Response;
  try {
    response = await fetch(path, {
      ...rest,
      headers,
      credentials: "same-origin",
      body: json === undefined ? rest.body : JSON.stringify(json),
    });
  } catch {
    throw new ApiError(0, "network", "network error");
  }
  if (!response.ok) {
    let body: { error?: { code?: string; message?: string; details?: { fieldErrors?: FieldErrors } } } = {};
    try {
      body = await response.json();
    } catch {
      // Not JSON (a proxy's error page): the status says enough.
    }
    throw new ApiError(
      response.status,
      body.error?.code ?? `http_${response.status}`,
      body.error?.message ?? response.statusText,
      body.error?.details?.fieldErrors ?? {},
    );
  }
  return response;
}

export async function getProviders(): Promise<Providers> {
  const response = await request("/auth/providers");
  return (await response.json()) as Providers;
}

export async function devLogin(email: string, name?: string): Promise<void> {
  await request("/auth/dev-login", { method: "POST", json: name ? { email, name } : { email } });
}

export async function logout(): Promise<void> {
  await request("/auth/logout", { method: "POST" });
}

/** `null` when there is no session (401). */
export async function getMe(): Promise<{ user: SessionUser; persona: Persona | null } | null> {
  try {
    const response = await request("/api/me");
    return (await response.json()) as { user: SessionUser; persona: Persona | null };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
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
