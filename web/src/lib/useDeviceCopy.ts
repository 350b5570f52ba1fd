import { useEffect, useRef, useState } from "react";
import type { ChatMessage, SessionReady } from "../../../server/chat/events.js";
import type { ChatState } from "./chatState.js";
import { loadDeviceCopy, saveConversation, type DeviceCopy } from "./device/store.js";

interface Options {
  /** The server's session:ready has arrived on this page: it, not the copy, is what is shown. */
  fromServer: boolean;
  /** No connection to be had now (the browser is offline, or the server did not answer). */
  showCopy: boolean;
  /** The conversation this tab had open (sessionStorage), shown in preference to the last saved one. */
  conversationId: string | undefined;
  chat: ChatState;
  userId: string | null;
  /** Shows the copy as if it were a session:ready. */
  apply(copy: DeviceCopy, payload: SessionReady): void;
}

/** The device copy as a session:ready, for the chat's reducer and the plugins' panels. */
function asReady(copy: DeviceCopy): SessionReady {
  const { session, conversation } = copy;
  const open = conversation?.summary ?? session.conversations.find((c) => c.id === session.lastConversationId);
  return {
    ...session.extra,
    user: session.user,
    conversation: { id: open?.id ?? session.lastConversationId, title: open?.title ?? "" },
    conversations: session.conversations,
    messages: conversation?.messages ?? [],
    panels: session.panels,
  } as SessionReady; // plugins' fields (persona, …) come back from `extra` as they were sent
}

/**
 * Keeps the device copy current while the server's session is live (each conversation as it settles,
 * not on every token), and shows it when the app opens without a connection. Returns when the copy
 * shown was saved, or null when what is shown is live.
 */
export function useDeviceCopy({ fromServer, showCopy, conversationId, chat, userId, apply }: Options): string | null {
  const [copy, setCopy] = useState<DeviceCopy | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const applyRef = useRef(apply);
  applyRef.current = apply;
  const firstConversation = useRef(conversationId);

  useEffect(() => {
    let live = true;
    void loadDeviceCopy(firstConversation.current).then((loaded) => live && setCopy(loaded));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (fromServer) {
      setSavedAt(null);
      return;
    }
    if (!copy || !showCopy || savedAt) return;
    applyRef.current(copy, asReady(copy));
    setSavedAt(copy.conversation?.savedAt ?? copy.session.savedAt);
  }, [copy, showCopy, fromServer, savedAt]);

  useEffect(() => {
    const id = chat.conversationId;
    if (!fromServer || !userId || !id) return;
    if (chat.messages.some((m) => m.status === "streaming" || m.local)) return;
    const timer = setTimeout(() => {
      const summary = chat.conversations.find((c) => c.id === id) ?? { id, title: "", updatedAt: new Date().toISOString() };
      void saveConversation(userId, summary, chat.messages as ChatMessage[], chat.conversations);
    }, 300);
    return () => clearTimeout(timer);
  }, [fromServer, userId, chat.conversationId, chat.messages, chat.conversations]);

  return savedAt;
}
