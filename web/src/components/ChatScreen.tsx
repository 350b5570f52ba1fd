import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { SessionUser } from "../../../server/chat/events.js";
import { useI18n } from "../i18n.js";
import { logout } from "../lib/api.js";
import { wipeDeviceCopy } from "../lib/device/store.js";
import { newClientMessageId } from "../lib/socket.js";
import { useChatSession } from "../lib/useChatSession.js";
import { useChatEssentials } from "../lib/chatEssentials.js";
import { hadSession, rememberSession } from "../lib/sessionMemory.js";
import { useMediaQuery } from "../lib/useMediaQuery.js";
import { ConnectionBanner } from "./ConnectionBanner.js";
import { ConversationList } from "./ConversationList.js";
import { ConversationView } from "./ConversationView.js";
import { SavedNote } from "./SavedNote.js";
import { Drawer } from "./Drawer.js";
import { SidePanels } from "./SidePanels.js";
import { TopBar, type DrawerName } from "./TopBar.js";
import { PluginContext, type PluginContextValue } from "../plugins/context.js";
import { usePluginReadyUpdates } from "../plugins/deviceCopy.js";
import type { PluginHost } from "../plugins/types.js";

/** Why the chat ended: the sign-in screen says so (App.tsx). */
export type SignedOutWhy = "self" | "elsewhere" | "expired" | "deleted" | "none";

interface Props {
  user: SessionUser | null;
  /** "none": there was no session to begin with (the socket refused the first connection). */
  onSignedOut(why: SignedOutWhy): void;
}

export function ChatScreen({ user, onSignedOut }: Props) {
  const { t, language } = useI18n();
  const loggingOut = useRef(false);
  const everReady = useRef(user !== null);
  const [busyLoggingOut, setBusyLoggingOut] = useState(false);
  const session = useChatSession({
    initialUser: user,
    language,
    onSignedOut: (why) => {
      const expired = why === "unauthorized" && (everReady.current || hadSession());
      rememberSession(false);
      onSignedOut(loggingOut.current ? "self" : expired ? "expired" : everReady.current ? "elsewhere" : "none");
    },
  });
  if (session.ready && !everReady.current) {
    everReady.current = true;
    rememberSession(true);
  }
  const essentials = useChatEssentials(session, language);
  // The device copy's profile and journal follow the plugins' events (persona:updated, journal:added, …).
  usePluginReadyUpdates(session.client, session.user?.id ?? null, session.status.kind === "ready", session.ready);
  const narrow = useMediaQuery("(max-width: 899.98px)");
  const [drawer, setDrawer] = useState<DrawerName | null>(null);
  const conversationsButton = useRef<HTMLButtonElement>(null);
  const panelsButton = useRef<HTMLButtonElement>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (!narrow) setDrawer(null);
  }, [narrow]);

  const closeDrawer = useCallback(() => {
    setDrawer((current) => {
      // Back to the button that opened it, so keyboard users keep their place.
      const trigger = current === "conversations" ? conversationsButton : current === "panels" ? panelsButton : null;
      if (trigger) queueMicrotask(() => trigger.current?.focus());
      return null;
    });
  }, []);

  async function doLogout() {
    loggingOut.current = true;
    setBusyLoggingOut(true);
    try {
      await logout();
    } catch {
      // Even if the request failed, this tab stops using the session.
    }
    session.close();
    rememberSession(false);
    // Nothing of this farmer stays on the device: the saved conversations, the profile, the outbox.
    await wipeDeviceCopy();
    onSignedOut("self");
  }

  async function accountDeleted() {
    loggingOut.current = true;
    session.close();
    rememberSession(false);
    // The account is gone: so is everything of it on this device.
    await wipeDeviceCopy();
    onSignedOut("deleted");
  }

  async function openConversation(id: string) {
    await session.openConversation(id).catch(() => {});
    if (narrow) setDrawer(null);
    composerRef.current?.focus();
  }

  // From a proposal or a history entry back to the chat message that stated the fact.
  async function openMessage(conversationId: string, messageId: string) {
    await session.openConversation(conversationId).catch(() => {});
    if (narrow) setDrawer(null);
    requestAnimationFrame(() => {
      const el = document.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(messageId)}"]`);
      if (!el) return;
      el.setAttribute("tabindex", "-1");
      el.scrollIntoView({ block: "center" });
      el.focus();
    });
  }

  async function newConversation() {
    await session.newConversation().catch(() => {});
    if (narrow) setDrawer(null);
    composerRef.current?.focus();
  }

  const drawerOpen = narrow && drawer !== null;
  const displayName = session.user?.name ?? session.user?.email ?? "";
  const canSend = session.status.kind === "ready" && Boolean(session.chat.conversationId) && !session.opening;
  const outbox = session.outbox;
  const queued = useMemo(
    () =>
      outbox.items
        .filter((item) => item.event !== "chat:send")
        .map((item) => ({ id: item.clientMessageId, event: item.event, payload: item.payload, text: item.text, state: item.state, error: item.error })),
    [outbox.items],
  );
  const host = useMemo<PluginHost>(
    () => ({
      ready: session.ready,
      openMessage: (c, m) => void openMessage(c, m),
      send: (text) => void session.send(text),
      canSend,
      queue: (event, payload, text) => outbox.queue({ clientMessageId: newClientMessageId(), event, conversationId: null, text, payload }),
      queued,
      cancelQueued: (id) => void outbox.cancel(id),
    }),
    // openMessage reads only refs and stable session callbacks.
    [session.ready, session.send, canSend, outbox.queue, outbox.cancel, queued],
  );
  const plugin = useMemo<PluginContextValue>(() => ({ client: session.client, host, language }), [session.client, host, language]);

  // Before the first session:ready (or refusal), nothing of the chat is known yet.
  if (!session.ready && !session.user && session.status.kind === "connecting") {
    if (session.connectFailed) {
      return (
        <div className="splash">
          <div className="splash-card" role="alert">
            <p>{t("serverUnreachable")}</p>
            <button type="button" className="button button--primary" onClick={session.retryConnection}>
              {t("tryAgain")}
            </button>
          </div>
        </div>
      );
    }
    return (
      <div className="splash" role="status" aria-live="polite">
        <span className="brand-mark brand-mark--pulse" aria-hidden="true" />
        <span className="visually-hidden">{t("banner.connecting")}</span>
      </div>
    );
  }

  return (
    <PluginContext.Provider value={plugin}>
    <div className="app-shell" data-connection={session.status.kind}>
      <a className="skip-link" href="#composer-input">
        {t("skipToChat")}
      </a>
      <TopBar
        narrow={narrow}
        drawer={drawer}
        onOpenDrawer={setDrawer}
        conversationsButton={conversationsButton}
        panelsButton={panelsButton}
        inert={drawerOpen}
        displayName={displayName}
        email={session.user?.email}
        loggingOut={busyLoggingOut}
        onLogout={() => void doLogout()}
      />

      <div className="columns">
        <Drawer
          id="conversations-panel"
          side="left"
          narrow={narrow}
          open={drawer === "conversations"}
          onClose={closeDrawer}
          label={t("conversations")}
        >
          <ConversationList
            conversations={session.chat.conversations}
            currentId={session.chat.conversationId}
            disabled={session.status.kind !== "ready" || session.opening}
            openDisabled={session.opening || (session.status.kind !== "ready" && !session.savedAt)}
            onOpen={openConversation}
            onNew={newConversation}
            essentials={essentials}
          />
        </Drawer>

        <main className="conversation" inert={drawerOpen}>
          <ConnectionBanner status={session.online ? session.status : { kind: "offline" }} onRetry={session.retryConnection} />
          <SavedNote savedAt={session.savedAt} />
          <ConversationView session={session} composerRef={composerRef} essentials={essentials} />
        </main>

        {/* The right column holds whatever panels the session has, each rendered by its kind. */}
        <Drawer id="side-panels" side="right" narrow={narrow} open={drawer === "panels"} onClose={closeDrawer} label={t("sidePanels")}>
          <SidePanels
            panels={session.panels}
            client={session.client}
            language={language}
            host={host}
            user={session.ready ? session.user : null}
            onAccountDeleted={() => void accountDeleted()}
          />
        </Drawer>
      </div>
    </div>
    </PluginContext.Provider>
  );
}
