import type { ChatMessage, ConversationSummary } from "../../../../server/chat/events.js";
import { KEEP_CONVERSATIONS, loadConversation, saveConversation } from "./store.js";

/** At least this many of the farmer's latest conversations are readable offline. */
export const PREFETCH_CONVERSATIONS = 20;

type Open = (conversationId: string) => Promise<{ conversation: ConversationSummary; messages: ChatMessage[] }>;

/**
 * Fills the device copy with the latest conversations the farmer has not opened on this device (or that
 * changed since). The protocol reads a conversation by opening it, which moves the socket's live
 * events to it, so the caller re-opens the conversation on screen afterwards and only starts this while
 * no reply streams there. `stillIdle` is asked before each read; the copy stops filling when it says no.
 * Returns whether anything was read (then the conversation on screen must be re-opened).
 */
export async function prefetchConversations(
  userId: string,
  conversations: readonly ConversationSummary[],
  open: Open,
  stillIdle: () => boolean,
): Promise<boolean> {
  let moved = false;
  const latest = conversations.slice(0, Math.min(PREFETCH_CONVERSATIONS, KEEP_CONVERSATIONS));
  // Oldest first: the copy keeps the most recently saved, so the newest are saved last and kept.
  for (const summary of [...latest].reverse()) {
    const saved = await loadConversation(summary.id);
    if (saved && saved.summary.updatedAt >= summary.updatedAt) continue;
    if (!stillIdle()) break;
    try {
      const { conversation, messages } = await open(summary.id);
      moved = true;
      await saveConversation(userId, { ...summary, ...conversation }, messages);
    } catch {
      break; // offline again, or the conversation is gone: the next session tries again
    }
  }
  return moved;
}
