import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import type { SessionUser, SidebarPanel } from "../../../server/chat/events.js";
import type { PluginClient } from "../plugins/types.js";
import type { Language } from "../i18n.js";
import type { CallEvent, ChatSession, ConnectionStatus } from "./chatSession.js";
import { activeRun, chatReducer, initialChatState, questionBefore } from "./chatState.js";
import { createPluginClient } from "./pluginClient.js";
import { AckError, connectChatSocket, rememberConversationId, rememberedConversationId, request, type ChatSocket } from "./socket.js";
import { loadConversation, saveReady, wipeDeviceCopy } from "./device/store.js";
import { useDeviceCopy } from "./useDeviceCopy.js";
import { useReadAhead } from "./useReadAhead.js";
import { useSending } from "./useSending.js";

interface Options {
  initialUser: SessionUser | null;
  language: Language;
  /** The session is gone (logout in another tab, expired cookie): back to the sign-in screen. */
  onSignedOut(why: "logout" | "unauthorized"): void;
}

/**
 * The chat's session in the browser: one socket.io connection, its state (connection, user, panels, the
 * open conversation) and the actions on it (send, stop, open, new, retry, close).
 */
export function useChatSession({ initialUser, language, onSignedOut }: Options): ChatSession {
  const [chat, dispatch] = useReducer(chatReducer, initialChatState);
  const [status, setStatus] = useState<ConnectionStatus>({ kind: "connecting" });
  const [user, setUser] = useState<SessionUser | null>(initialUser);
  const [ready, setReady] = useState<Readonly<Record<string, unknown>> | null>(null);
  const [connectFailed, setConnectFailed] = useState(false);
  const [panels, setPanels] = useState<SidebarPanel[]>([]);
  const [opening, setOpening] = useState(false);
  /** The read-ahead of conversations, while it runs: opening another conversation waits for it. */
  const prefetching = useRef<Promise<void> | null>(null);
  const openingRef = useRef(opening);
  openingRef.current = opening;
  const [online, setOnline] = useState(() => navigator.onLine);
  const socketRef = useRef<ChatSocket | null>(null);
  const chatRef = useRef(chat);
  chatRef.current = chat;
  const languageRef = useRef(language);
  languageRef.current = language;
  const signedOutRef = useRef(onSignedOut);
  signedOutRef.current = onSignedOut;
  const statusRef = useRef(status);
  statusRef.current = status;
  const flushRef = useRef<() => void>(() => {});
  const [fromServer, setFromServer] = useState(false);

  useEffect(() => {
    const socket = connectChatSocket();
    socketRef.current = socket;
    let closingReason: string | null = null;
    // socket.io retries a failed transport by itself, but not a CONNECT the server refused (its session check
    // failed for a moment, or this address made too many handshakes): those are retried here, later each time.
    let refusals = 0;
    let refusedRetry: ReturnType<typeof setTimeout> | undefined;

    socket.on("connect", () => {
      closingReason = null;
      refusals = 0;
    });
    socket.on("session:ready", (payload) => {
      setFromServer(true);
      void saveReady(payload);
      rememberConversationId(payload.conversation.id);
      setUser(payload.user);
      setReady(payload as unknown as Record<string, unknown>);
      setConnectFailed(false);
      setPanels(payload.panels ?? []);
      dispatch({ type: "ready", payload });
      setStatus({ kind: "ready" });
    });
    socket.on("session:error", (payload) => {
      setStatus({ kind: "refused", code: payload.code, message: payload.message, retryable: payload.retryable });
    });
    socket.on("conversation:updated", ({ conversation }) => dispatch({ type: "conversationUpdated", conversation }));
    socket.on("conversation:deleted", ({ conversationId }) => dispatch({ type: "deleted", conversationId }));
    socket.on("chat:message", ({ message }) => dispatch({ type: "message", message }));
    socket.on("chat:token", (p) => dispatch({ type: "token", ...p }));
    socket.on("chat:tool", (p) => dispatch({ type: "tool", ...p }));
    // A reply ended: the outbox's next question for that conversation may go.
    socket.on("chat:done", ({ runId, message }) => {
      dispatch({ type: "done", runId, message });
      flushRef.current();
    });
    socket.on("chat:error", (p) => {
      dispatch({ type: "runError", ...p });
      flushRef.current();
    });
    socket.on("server:closing", ({ reason }) => {
      closingReason = reason;
      if (reason === "logout") {
        void wipeDeviceCopy();
        signedOutRef.current("logout");
      }
      else setStatus({ kind: "closed", reason: reason === "shutdown" || reason === "too_many_connections" ? reason : "other" });
    });
    socket.on("connect_error", (error) => {
      if (error.message === "unauthorized") {
        socket.disconnect();
        signedOutRef.current("unauthorized");
        return;
      }
      if (error.message === "too_many_connections") {
        socket.disconnect();
        setStatus({ kind: "closed", reason: "too_many_connections" });
        return;
      }
      setConnectFailed(true);
      setStatus((s) => (s.kind === "connecting" ? s : navigator.onLine ? { kind: "reconnecting" } : { kind: "offline" }));
      if (!socket.active) {
        clearTimeout(refusedRetry);
        // The same backoff as socket.io's own reconnects (its settings: ./socket.ts).
        const manager = socket.io;
        const delay = Math.min(manager.reconnectionDelay() * 2 ** refusals++, manager.reconnectionDelayMax());
        const jitter = manager.randomizationFactor() * (2 * Math.random() - 1);
        refusedRetry = setTimeout(() => {
          if (socketRef.current === socket && !socket.active) socket.connect();
        }, delay * (1 + jitter));
      }
    });
    socket.on("disconnect", (reason) => {
      if (reason === "io client disconnect") return;
      if (reason === "io server disconnect") {
        // The server hung up on purpose and socket.io will not retry by itself.
        if (closingReason === "logout") return;
        if (closingReason === "shutdown" || closingReason === null) {
          setStatus({ kind: "reconnecting" });
          setTimeout(() => {
            if (socketRef.current === socket) socket.connect();
          }, 1000);
        }
        return;
      }
      setStatus(navigator.onLine ? { kind: "reconnecting" } : { kind: "offline" });
    });

    const goOffline = () => setOnline(false);
    const goOnline = () => {
      setOnline(true);
      // The signal is back: try now, not when the backoff's next attempt comes (up to 10 s away).
      if (!socket.connected) socket.disconnect().connect();
    };
    window.addEventListener("offline", goOffline);
    window.addEventListener("online", goOnline);
    return () => {
      window.removeEventListener("offline", goOffline);
      window.removeEventListener("online", goOnline);
      clearTimeout(refusedRetry);
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, []);

  const { outbox, send, retrySend } = useSending({ socketRef, chatRef, statusRef, languageRef, dispatch, ready: status.kind === "ready" && online });
  flushRef.current = outbox.flush;

  const retryRun = useCallback(
    async (messageId: string) => {
      const { messages } = chatRef.current;
      const question = questionBefore(messages, messages.findIndex((m) => m.id === messageId));
      if (question) await send(question.content);
    },
    [send],
  );

  const stop = useCallback(async () => {
    const socket = socketRef.current;
    const run = activeRun(chatRef.current);
    if (!socket || !run?.runId) return;
    try {
      await request(socket, "chat:stop", { runId: run.runId });
    } catch {
      // The reply may have finished meanwhile; chat:done settles what is shown.
    }
  }, []);

  const newConversation = useCallback(async () => {
    const socket = socketRef.current;
    if (!socket) return;
    setOpening(true);
    try {
      await prefetching.current;
      const { conversation } = await request(socket, "conversation:new", {});
      rememberConversationId(conversation.id);
      dispatch({ type: "created", conversation });
    } finally {
      setOpening(false);
    }
  }, []);

  const openConversation = useCallback(async (id: string) => {
    const socket = socketRef.current;
    if (!socket || id === chatRef.current.conversationId) return;
    if (statusRef.current.kind !== "ready") {
      // Offline: the conversation as this device last saw it, if it did.
      const saved = await loadConversation(id);
      if (saved) dispatch({ type: "opened", conversation: saved.summary, messages: saved.messages });
      return;
    }
    setOpening(true);
    try {
      await prefetching.current;
      const { conversation, messages } = await request(socket, "conversation:open", { conversationId: id });
      rememberConversationId(conversation.id);
      dispatch({ type: "opened", conversation, messages });
    } finally {
      setOpening(false);
    }
  }, []);

  // A gap in a reply's tokens (it streams on another server and moved on while we joined): take a
  // fresh snapshot of the conversation; tokens already shown are kept by seq.
  useEffect(() => {
    const socket = socketRef.current;
    if (!chat.resync || !socket) return;
    request(socket, "conversation:open", { conversationId: chat.resync })
      .then(({ conversation, messages }) => dispatch({ type: "opened", conversation, messages }))
      .catch(() => {});
  }, [chat.resync]);

  // Once the session is ready and quiet, the latest conversations are read ahead into the device copy.
  useReadAhead({ ready: status.kind === "ready", userId: user?.id, socketRef, chatRef, openingRef, prefetching, dispatch });

  const retryConnection = useCallback(() => {
    const socket = socketRef.current;
    if (!socket) return;
    setStatus({ kind: "connecting" });
    if (socket.connected) {
      request(socket, "session:retry", {}).catch(() => {
        socket.disconnect().connect();
      });
    } else {
      socket.connect();
    }
  }, []);

  const close = useCallback(() => {
    socketRef.current?.disconnect();
    rememberConversationId(undefined);
    dispatch({ type: "reset" });
  }, []);

  const call = useCallback<CallEvent>((event, payload) => {
    const socket = socketRef.current;
    if (!socket) return Promise.reject(new AckError("offline", "not connected"));
    return request(socket, event, payload);
  }, []);

  const client = useMemo<PluginClient>(() => createPluginClient(() => socketRef.current), []);

  const savedAt = useDeviceCopy({
    fromServer,
    showCopy: !online || connectFailed,
    conversationId: rememberedConversationId(),
    chat,
    userId: user?.id ?? null,
    apply: (copy, payload) => {
      setUser(copy.session.user);
      setReady(payload as unknown as Record<string, unknown>);
      setPanels(copy.session.panels);
      dispatch({ type: "ready", payload });
      setStatus(navigator.onLine ? { kind: "reconnecting" } : { kind: "offline" });
    },
  });

  return {
    call,
    client,
    connectFailed,
    savedAt,
    outbox,
    status,
    online,
    user,
    ready,
    panels,
    chat,
    opening,
    send,
    retrySend,
    retryRun,
    stop,
    newConversation,
    openConversation,
    retryConnection,
    close,
  };
}
