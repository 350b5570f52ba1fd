import type { HandlerDeps, ChatSocket } from "./types.js";
import { chatEdit, chatRegenerate } from "./chat-replace.js";
import { conversationDelete } from "./conversation-delete.js";
import { conversationRename } from "./conversation-rename.js";
import { conversationSearch } from "./conversation-search.js";
import { messageFeedback } from "./message-feedback.js";

type Wrap = (event: string, fn: (deps: HandlerDeps) => (payload: unknown) => Promise<unknown>) => (payload: never, ack: never) => void;

/**
 * The conversation-management events (rename, delete, search, regenerate, edit, feedback), each wrapped
 * like the core's own: refused until the session is ready, errors answered in the ack (respond.ts).
 */
export function registerConversationManagement(socket: ChatSocket, wrap: Wrap): void {
  const events = {
    "conversation:rename": conversationRename,
    "conversation:delete": conversationDelete,
    "conversation:search": conversationSearch,
    "chat:regenerate": chatRegenerate,
    "chat:edit": chatEdit,
    "message:feedback": messageFeedback,
  } as const;
  for (const [event, fn] of Object.entries(events)) socket.on(event as keyof typeof events, wrap(event, fn) as never);
}
