import { deviceDb, type OutboxItem } from "./store.js";

/**
 * The outbox: what the farmer sent while the socket was down, kept in IndexedDB so a reload
 * or a closed browser loses nothing. Each item keeps its clientMessageId: the server stores a question
 * once however often it is sent. Tabs hear each other's changes on a BroadcastChannel.
 */
const CHANNEL = "yonca-outbox";
let channel: BroadcastChannel | null = null;
const listeners = new Set<() => void>();

function bus(): BroadcastChannel | null {
  if (channel || typeof BroadcastChannel === "undefined") return channel;
  channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = () => listeners.forEach((l) => l());
  return channel;
}

function changed(): void {
  listeners.forEach((l) => l());
  bus()?.postMessage("changed");
}

/** Called when this tab or another changed the outbox; returns the function that stops listening. */
export function onOutboxChange(listener: () => void): () => void {
  bus();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Oldest first: questions go out in the order they were asked. */
export async function outboxItems(): Promise<OutboxItem[]> {
  try {
    return await (await deviceDb()).getAllFromIndex("outbox", "createdAt");
  } catch {
    return [];
  }
}

export async function enqueue(item: Omit<OutboxItem, "createdAt" | "state">): Promise<OutboxItem> {
  const full: OutboxItem = { ...item, createdAt: new Date().toISOString(), state: "waiting" };
  await (await deviceDb()).put("outbox", full);
  changed();
  return full;
}

export async function removeFromOutbox(clientMessageId: string): Promise<void> {
  try {
    await (await deviceDb()).delete("outbox", clientMessageId);
  } finally {
    changed();
  }
}

export async function markRefused(clientMessageId: string, error: { code: string; message: string }): Promise<void> {
  const db = await deviceDb();
  const item = await db.get("outbox", clientMessageId);
  if (item) await db.put("outbox", { ...item, state: "refused", error });
  changed();
}

export async function markWaiting(clientMessageId: string): Promise<void> {
  const db = await deviceDb();
  const item = await db.get("outbox", clientMessageId);
  if (item) await db.put("outbox", { ...item, state: "waiting", error: undefined });
  changed();
}

/** Codes after which a send is tried again when the connection allows; any other is the server's refusal. */
const TRANSIENT = new Set(["offline", "timeout", "unavailable", "internal", "busy"]);

export type SendOutcome = { ok: true; data: unknown } | { ok: false; code: string; message: string };

/**
 * Sends every waiting item in order, one at a time, in one tab at a time (Web Locks; without them the
 * server's clientMessageId check still keeps a question single). A conversation whose previous question
 * is not yet sent, or is still being answered (`busy`), holds its later ones back; other conversations go on.
 */
export async function flushOutbox(send: (item: OutboxItem) => Promise<SendOutcome>, onSent: (item: OutboxItem, data: unknown) => void): Promise<void> {
  const run = async () => {
    const held = new Set<string>();
    for (const item of await outboxItems()) {
      const key = item.conversationId ?? item.event;
      if (item.state !== "waiting" || held.has(key)) {
        if (item.state === "refused") held.add(key);
        continue;
      }
      const still = await (await deviceDb()).get("outbox", item.clientMessageId);
      if (!still || still.state !== "waiting") continue;
      const outcome = await send(item);
      if (outcome.ok) {
        await removeFromOutbox(item.clientMessageId);
        onSent(item, outcome.data);
      } else if (TRANSIENT.has(outcome.code)) {
        held.add(key);
        if (outcome.code === "offline") return;
      } else {
        await markRefused(item.clientMessageId, { code: outcome.code, message: outcome.message });
        held.add(key);
      }
    }
  };
  if (typeof navigator !== "undefined" && navigator.locks) await navigator.locks.request(CHANNEL, run);
  else await run();
}
