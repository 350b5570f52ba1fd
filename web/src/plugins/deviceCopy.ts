import { useEffect } from "react";
import { updateSavedSession } from "../lib/device/store.js";
import { readyUpdates } from "./registry.js";
import type { PluginClient, ReadyPart, WebPlugin } from "./types.js";

/** Applies a plugin event's `readyUpdates` to a ready part; an update that throws leaves its part as it was. */
function applyUpdates(part: ReadyPart, updates: NonNullable<WebPlugin["readyUpdates"]>[string][], payload: unknown): ReadyPart {
  for (const update of updates) {
    try {
      part = update(part, payload);
    } catch {
      // A plugin's update that fails leaves its part as it was.
    }
  }
  return part;
}

/**
 * Keeps the plugins' part of `session:ready` current while the session is live: each plugin event that a
 * plugin's `readyUpdates` names rewrites that plugin's fields in the live payload (`host.ready`, so a
 * component that mounts later — a panel loaded on demand — starts from what is true now, not from the
 * connect) and its panels and fields in the device copy (IndexedDB), in arrival order.
 */
export function usePluginReadyUpdates(client: PluginClient, userId: string | null, live: boolean, ready: Readonly<Record<string, unknown>> | null): void {
  useEffect(() => {
    if (!userId || !live) return;
    let chain = Promise.resolve();
    const offs = [...readyUpdates].map(([event, updates]) =>
      client.on(event, (payload: unknown) => {
        if (ready) {
          const { fields } = applyUpdates({ panels: (ready.panels as ReadyPart["panels"] | undefined) ?? [], fields: { ...ready } }, updates, payload);
          Object.assign(ready as Record<string, unknown>, fields);
        }
        chain = chain.then(() =>
          updateSavedSession(userId, (panels, extra) => {
            const part = applyUpdates({ panels, fields: extra }, updates, payload);
            return { panels: part.panels, extra: part.fields };
          }),
        );
      }),
    );
    return () => offs.forEach((off) => off());
  }, [client, userId, live, ready]);
}
