/**
 * Message annotations: what plugins say about an answer (ReplyResult.annotations in ./plugins.ts), stored in
 * messages.annotations and spread into the message JSON. Plugins may declare defaults (ChatPlugin
 * .annotationDefaults) so every message carries their fields, [] or the like when unset: the wire format
 * of docs/protocol.md keeps `usedPersonaFields` and `sources` on every message.
 */
let defaults: Record<string, unknown> = {};

/** Called by createChatCore (./server.ts) with the registered plugins' defaults; merged, never cleared. */
export function registerAnnotationDefaults(values: Record<string, unknown>): void {
  defaults = { ...defaults, ...values };
}

/** The fields a stored message's annotations add to its JSON; the core's own fields always win. */
export function annotationFields(stored: unknown): Record<string, unknown> {
  const own = stored && typeof stored === "object" && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  return { ...defaults, ...own };
}
