import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { ChatMessage, ConversationSummary, SessionReady, SidebarPanel } from "../../../../server/chat/events.js";

/**
 * The device copy: what the signed-in farmer last saw, kept in IndexedDB so the app reads
 * offline. It belongs to one user: another user's session:ready, and logout, remove it all.
 */
export const DEVICE_DB = "yonca-device";
/** At least the farmer's last 20 conversations, with their messages. */
export const KEEP_CONVERSATIONS = 30;

export interface SavedConversation {
  id: string;
  summary: ConversationSummary;
  messages: ChatMessage[];
  savedAt: string;
}

/** The session as it was last ready: who, the conversation list, the plugins' panels and fields. */
export interface SavedSession {
  user: SessionReady["user"];
  conversations: ConversationSummary[];
  panels: SidebarPanel[];
  /** Plugins' own top-level fields of session:ready (persona, proposals, …). */
  extra: Record<string, unknown>;
  lastConversationId: string;
  savedAt: string;
}

export interface OutboxItem {
  clientMessageId: string;
  /** "chat": a question (chat:send); a plugin's event otherwise (journal:add). */
  event: string;
  conversationId: string | null;
  text: string;
  payload: Record<string, unknown>;
  createdAt: string;
  /** "refused": the server said no (too long, rate limited); the text stays until the farmer acts. */
  state: "waiting" | "refused";
  error?: { code: string; message: string };
}

interface DeviceSchema extends DBSchema {
  session: { key: "current"; value: SavedSession };
  conversations: { key: string; value: SavedConversation; indexes: { savedAt: string } };
  outbox: { key: string; value: OutboxItem; indexes: { createdAt: string } };
}

let opened: Promise<IDBPDatabase<DeviceSchema>> | null = null;

export function deviceDb(): Promise<IDBPDatabase<DeviceSchema>> {
  opened ??= openDB<DeviceSchema>(DEVICE_DB, 1, {
    upgrade(db) {
      db.createObjectStore("session");
      db.createObjectStore("conversations", { keyPath: "id" }).createIndex("savedAt", "savedAt");
      db.createObjectStore("outbox", { keyPath: "clientMessageId" }).createIndex("createdAt", "createdAt");
    },
    // Another tab deletes the database (logout): let it, and open afresh next time.
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
      opened = null;
    },
    terminated() {
      opened = null;
    },
  }).catch((error) => {
    opened = null;
    throw error;
  });
  return opened;
}

/** Nothing about the device copy may break the chat: a browser without IndexedDB just has none. */
async function quietly<T>(fallback: T, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch {
    return fallback;
  }
}

/** Only the messages as stored: a reply still streaming is kept with the text it had. */
function storable(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.filter((m) => !m.id.startsWith("local:") && !m.id.startsWith("run:")).map((m) => ({ ...m }));
}

const sessionFields = new Set(["user", "conversation", "conversations", "messages", "panels"]);

/** session:ready: the copy is now this user's (another user's is removed first), with this conversation. */
export async function saveReady(payload: SessionReady, messages: readonly ChatMessage[] = payload.messages): Promise<void> {
  await quietly(undefined, async () => {
    const db = await deviceDb();
    const previous = await db.get("session", "current");
    if (previous && previous.user.id !== payload.user.id) await clearStores(db);
    const now = new Date().toISOString();
    const extra: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(payload)) if (!sessionFields.has(key)) extra[key] = value;
    const tx = db.transaction(["session", "conversations"], "readwrite");
    await tx.objectStore("session").put(
      { user: payload.user, conversations: payload.conversations, panels: payload.panels ?? [], extra, lastConversationId: payload.conversation.id, savedAt: now },
      "current",
    );
    const summary = payload.conversations.find((c) => c.id === payload.conversation.id) ?? (payload.conversation as ConversationSummary);
    await tx.objectStore("conversations").put({ id: summary.id, summary, messages: storable(messages), savedAt: now });
    await tx.done;
    await prune(db);
  });
}

/**
 * A conversation as it now reads (opened, or a reply finished in it). `conversations`: the list as it now
 * is, when this is the conversation on screen (it is then the one shown offline); undefined for a read ahead.
 */
export async function saveConversation(userId: string, summary: ConversationSummary, messages: readonly ChatMessage[], conversations?: ConversationSummary[]): Promise<void> {
  await quietly(undefined, async () => {
    const db = await deviceDb();
    const current = await db.get("session", "current");
    if (!current || current.user.id !== userId) return;
    const now = new Date().toISOString();
    const tx = db.transaction(["session", "conversations"], "readwrite");
    if (conversations) await tx.objectStore("session").put({ ...current, conversations, lastConversationId: summary.id, savedAt: now }, "current");
    await tx.objectStore("conversations").put({ id: summary.id, summary, messages: storable(messages), savedAt: now });
    await tx.done;
    await prune(db);
  });
}

/** The saved session as a plugin's event changed it (its panel's data, its fields); nothing for another user. */
export async function updateSavedSession(userId: string, change: (panels: SidebarPanel[], extra: Record<string, unknown>) => { panels: SidebarPanel[]; extra: Record<string, unknown> }): Promise<void> {
  await quietly(undefined, async () => {
    const db = await deviceDb();
    const tx = db.transaction("session", "readwrite");
    const current = await tx.store.get("current");
    if (current && current.user.id === userId) {
      const next = change(current.panels, current.extra);
      await tx.store.put({ ...current, panels: next.panels, extra: next.extra }, "current");
    }
    await tx.done;
  });
}

async function prune(db: IDBPDatabase<DeviceSchema>): Promise<void> {
  const keys = await db.getAllKeysFromIndex("conversations", "savedAt");
  const excess = keys.length - KEEP_CONVERSATIONS;
  if (excess <= 0) return;
  const tx = db.transaction("conversations", "readwrite");
  await Promise.all(keys.slice(0, excess).map((key) => tx.store.delete(key)));
  await tx.done;
}

export interface DeviceCopy {
  session: SavedSession;
  conversation: SavedConversation | undefined;
}

/** What the app shows when it opens without a connection: the last conversation and the panels. */
export async function loadDeviceCopy(conversationId?: string): Promise<DeviceCopy | null> {
  return quietly(null, async () => {
    const db = await deviceDb();
    const session = await db.get("session", "current");
    if (!session) return null;
    const conversation = (conversationId && (await db.get("conversations", conversationId))) || (await db.get("conversations", session.lastConversationId));
    return { session, conversation };
  });
}

export async function loadConversation(id: string): Promise<SavedConversation | undefined> {
  return quietly(undefined, async () => (await deviceDb()).get("conversations", id));
}

async function clearStores(db: IDBPDatabase<DeviceSchema>): Promise<void> {
  const tx = db.transaction(["session", "conversations", "outbox"], "readwrite");
  await Promise.all([tx.objectStore("session").clear(), tx.objectStore("conversations").clear(), tx.objectStore("outbox").clear()]);
  await tx.done;
}

/** Logout: nothing of the farmer stays on the device. */
export async function wipeDeviceCopy(): Promise<void> {
  await quietly(undefined, async () => {
    const db = await opened?.catch(() => null);
    if (db) await clearStores(db);
    db?.close();
    opened = null;
    await deleteDB(DEVICE_DB);
  });
}
