import { useCallback, useEffect, useMemo } from "react";
import type { ConversationSearchResult } from "../../../server/chat/events.js";
import type { Language } from "../i18n.js";
import { forgetDraft } from "./drafts.js";
import type { ChatSession } from "./chatSession.js";

export interface ChatEssentials {
  rename(conversationId: string, title: string): Promise<void>;
  remove(conversationId: string): Promise<void>;
  search(q: string): Promise<ConversationSearchResult[]>;
  regenerate(messageId: string): Promise<void>;
  edit(messageId: string, text: string): Promise<void>;
  feedback(messageId: string, rating: "up" | "down" | null, comment?: string): Promise<void>;
}

/** Rename, delete, search, regenerate, edit and feedback over the session's socket. */
export function useChatEssentials(session: ChatSession, language: Language): ChatEssentials {
  const { call, chat, status, openConversation, newConversation } = session;

  // The open conversation was deleted (here or in another tab): move to the newest other one, or a new one.
  const orphaned = status.kind === "ready" && chat.conversationId === null;
  const next = chat.conversations[0]?.id;
  useEffect(() => {
    if (!orphaned) return;
    (next ? openConversation(next) : newConversation()).catch(() => {});
  }, [orphaned, next, openConversation, newConversation]);

  const rename = useCallback(async (conversationId: string, title: string) => {
    await call("conversation:rename", { conversationId, title });
  }, [call]);
  const remove = useCallback(async (conversationId: string) => {
    await call("conversation:delete", { conversationId });
    forgetDraft(conversationId); // the conversation's data is gone; so is its unsent text
  }, [call]);
  const search = useCallback(async (q: string) => (await call("conversation:search", { q })).results, [call]);
  const regenerate = useCallback(async (messageId: string) => {
    await call("chat:regenerate", { messageId, language });
  }, [call, language]);
  const edit = useCallback(async (messageId: string, text: string) => {
    await call("chat:edit", { messageId, text, language });
  }, [call, language]);
  const feedback = useCallback(async (messageId: string, rating: "up" | "down" | null, comment?: string) => {
    await call("message:feedback", comment ? { messageId, rating, comment } : { messageId, rating });
  }, [call]);

  return useMemo(() => ({ rename, remove, search, regenerate, edit, feedback }), [rename, remove, search, regenerate, edit, feedback]);
}
