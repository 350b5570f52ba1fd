import { useCallback, useRef, type Dispatch, type MutableRefObject } from "react";
import type { ChatAction, ChatState } from "./chatState.js";
import { AckError, newClientMessageId, request, type ChatSocket } from "./socket.js";
import { useOutbox, type Outbox } from "./useOutbox.js";

interface Options {
  socketRef: MutableRefObject<ChatSocket | null>;
  chatRef: MutableRefObject<ChatState>;
  statusRef: MutableRefObject<{ kind: string }>;
  languageRef: MutableRefObject<"az" | "en">;
  dispatch: Dispatch<ChatAction>;
  /** The session is up and the browser online: the outbox may send. */
  ready: boolean;
}

/**
 * Sending a question: at once while the session is ready, into the outbox (device/outbox.ts) while it is
 * not, or when the connection drops under it; the outbox sends it, once, when the session is back.
 */
export function useSending({ socketRef, chatRef, statusRef, languageRef, dispatch, ready }: Options) {
  const queueRef = useRef<(item: Parameters<Outbox["queue"]>[0]) => Promise<void>>(async () => {});

  const sendWithId = useCallback(async (text: string, clientMessageId: string) => {
    const socket = socketRef.current;
    const conversationId = chatRef.current.conversationId;
    if (!socket || !conversationId) return;
    const language = languageRef.current;
    dispatch({ type: "localSend", clientMessageId, conversationId, text });
    try {
      const data = await request(socket, "chat:send", { conversationId, text, clientMessageId, language });
      dispatch({ type: "sendAcked", clientMessageId, messageId: data.messageId, runId: data.runId });
    } catch (error) {
      const code = error instanceof AckError ? error.code : "internal";
      const message = error instanceof Error ? error.message : String(error);
      if (code === "offline" || code === "timeout") {
        // The connection dropped under the question: it waits in the outbox with the same id, so if the
        // server did get it, sending again does not store it twice.
        try {
          await queueRef.current({ clientMessageId, event: "chat:send", conversationId, text, payload: { conversationId, text, clientMessageId, language } });
          dispatch({ type: "unsent", clientMessageId });
          return;
        } catch {
          // No IndexedDB: shown as failed, with Retry.
        }
      }
      dispatch({ type: "sendFailed", clientMessageId, code, message });
    }
  }, []);

  const outbox = useOutbox(socketRef, ready, (item, data) => {
    const ack = data as { messageId?: string; runId?: string } | undefined;
    if (item.event !== "chat:send" || item.conversationId !== chatRef.current.conversationId || !ack?.messageId || !ack.runId) return;
    dispatch({
      type: "sendAcked", clientMessageId: item.clientMessageId, messageId: ack.messageId, runId: ack.runId,
      question: item.conversationId ? { conversationId: item.conversationId, text: item.text } : undefined,
    });
  });
  queueRef.current = outbox.queue;

  // While the socket is down a question waits in the outbox (IndexedDB) and goes when it is back.
  const send = useCallback(
    async (text: string) => {
      const clientMessageId = newClientMessageId();
      if (statusRef.current.kind === "ready" && navigator.onLine) return sendWithId(text, clientMessageId);
      const conversationId = chatRef.current.conversationId;
      if (!conversationId) return;
      await outbox.queue({
        clientMessageId,
        event: "chat:send",
        conversationId,
        text,
        payload: { conversationId, text, clientMessageId, language: languageRef.current },
      });
    },
    [sendWithId, outbox.queue],
  );

  const retrySend = useCallback(
    async (clientMessageId: string) => {
      const failed = chatRef.current.messages.find((m) => m.clientMessageId === clientMessageId);
      // Same id: if the first attempt did reach the server, it is not stored twice.
      if (failed) await sendWithId(failed.content, clientMessageId);
    },
    [sendWithId],
  );

  return { outbox, send, retrySend };
}
