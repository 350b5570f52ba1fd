import { useCallback, useEffect, useRef, useState } from "react";
import type { OutboxItem } from "./device/store.js";
import { enqueue, flushOutbox, markWaiting, onOutboxChange, outboxItems, removeFromOutbox, type SendOutcome } from "./device/outbox.js";
import { AckError, emitWithAck, type ChatSocket } from "./socket.js";

export interface Outbox {
  /** Everything queued on this device, oldest first (every tab sees the same). */
  items: OutboxItem[];
  /** Keeps a send for when the connection returns; shown at once as "waiting for signal". */
  queue(item: Omit<OutboxItem, "createdAt" | "state">): Promise<void>;
  cancel(clientMessageId: string): Promise<void>;
  /** A refused item, tried again (after the farmer waited out a limit, say). */
  retry(clientMessageId: string): Promise<void>;
  /** Sends what is waiting, if the socket is ready. */
  flush(): void;
}

/**
 * The outbox as the chat session uses it. `ready` tells whether the socket's session is up; `onSent`
 * hears each item the server accepted (with the ack's data).
 */
export function useOutbox(socketRef: { current: ChatSocket | null }, ready: boolean, onSent: (item: OutboxItem, data: unknown) => void): Outbox {
  const [items, setItems] = useState<OutboxItem[]>([]);
  const readyRef = useRef(ready);
  readyRef.current = ready;
  const sentRef = useRef(onSent);
  sentRef.current = onSent;
  const flushing = useRef<Promise<void> | null>(null);
  const again = useRef(false);

  useEffect(() => {
    let live = true;
    const reload = () => void outboxItems().then((next) => live && setItems(next));
    reload();
    const off = onOutboxChange(reload);
    return () => {
      live = false;
      off();
    };
  }, []);

  const flush = useCallback(() => {
    if (!readyRef.current) return;
    if (flushing.current) {
      again.current = true;
      return;
    }
    const send = async (item: OutboxItem): Promise<SendOutcome> => {
      const socket = socketRef.current;
      if (!socket || !readyRef.current) return { ok: false, code: "offline", message: "not connected" };
      try {
        return { ok: true, data: await emitWithAck(socket, item.event, item.payload) };
      } catch (error) {
        return error instanceof AckError ? { ok: false, code: error.code, message: error.message } : { ok: false, code: "internal", message: String(error) };
      }
    };
    flushing.current = flushOutbox(send, (item, data) => sentRef.current(item, data))
      .catch(() => {})
      .finally(() => {
        flushing.current = null;
        if (again.current) {
          again.current = false;
          flush();
        }
      });
  }, [socketRef]);

  useEffect(() => {
    if (ready) flush();
  }, [ready, flush]);

  const queue = useCallback(async (item: Omit<OutboxItem, "createdAt" | "state">) => {
    await enqueue(item);
    flush();
  }, [flush]);

  const cancel = useCallback((clientMessageId: string) => removeFromOutbox(clientMessageId), []);

  const retry = useCallback(async (clientMessageId: string) => {
    await markWaiting(clientMessageId);
    flush();
  }, [flush]);

  return { items, queue, cancel, retry, flush };
}
