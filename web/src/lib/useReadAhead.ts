import { useEffect, type Dispatch, type MutableRefObject } from "react";
import { activeRun, type ChatAction, type ChatState } from "./chatState.js";
import { prefetchConversations } from "./device/prefetch.js";
import { request, type ChatSocket } from "./socket.js";

interface Options {
  ready: boolean;
  userId: string | undefined;
  socketRef: MutableRefObject<ChatSocket | null>;
  chatRef: MutableRefObject<ChatState>;
  openingRef: MutableRefObject<boolean>;
  /** Set while the read-ahead runs: opening a conversation waits for it. */
  prefetching: MutableRefObject<Promise<void> | null>;
  dispatch: Dispatch<ChatAction>;
}

/**
 * Reads the farmer's latest conversations into the device copy (device/prefetch.ts) once the session
 * is ready and nothing streams, then puts the socket back on the conversation on screen.
 */
export function useReadAhead({ ready, userId, socketRef, chatRef, openingRef, prefetching, dispatch }: Options): void {
  useEffect(() => {
    const socket = socketRef.current;
    if (!ready || !socket || !userId) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      prefetching.current = readAhead().finally(() => {
        prefetching.current = null;
      });
    }, 1500);
    const readAhead = async () => {
      const onScreen = chatRef.current.conversationId;
      const idle = () => !cancelled && socket.connected && chatRef.current.conversationId === onScreen && !activeRun(chatRef.current) && !openingRef.current;
      if (!onScreen || !idle()) return;
      const moved = await prefetchConversations(userId, chatRef.current.conversations, (id) => request(socket, "conversation:open", { conversationId: id }), idle);
      // The live events follow the last conversation read: back to the one on screen.
      if (moved && socket.connected && chatRef.current.conversationId === onScreen) {
        const { conversation, messages } = await request(socket, "conversation:open", { conversationId: onScreen }).catch(() => ({ conversation: null, messages: [] }));
        const quiet = !chatRef.current.messages.some((m) => m.local);
        if (conversation && quiet && chatRef.current.conversationId === onScreen) dispatch({ type: "opened", conversation, messages });
      }
    };
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [ready, userId, socketRef, chatRef, openingRef, prefetching, dispatch]);
}
