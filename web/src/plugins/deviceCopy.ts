import { useEffect } from "react";
import { updateSavedSession } from "../lib/device/store.js";
import { readyUpdates } from "./registry.js";
import type { PluginClient } from "./types.js";

/**
 * Keeps the device copy's plugin parts current while the session is live: each plugin event that a
 * plugin's `readyUpdates` names rewrites that plugin's panels and fields in IndexedDB, in arrival order.
 */
export function usePluginReadyUpdates(client: PluginClient, userId: string | null, live: boolean): void {
  useEffect(() => {
    if (!userId || !live) return;
    let chain = Promise.resolve();
    const offs = [...readyUpdates].map(([event, updates]) =>
      client.on(event, (payload: unknown) => {
        chain = chain.then(() =>
          updateSavedSession(userId, (panels, extra) => {
            let part = { panels, fields: extra };
            for (const update of updates) {
              try {
                part = update(part, payload);
              } catch {
                // A plugin's update that fails leaves its part as it was.
              }
            }
            return { panels: part.panels, extra: part.fields };
          }),
        );
      }),
    );
    return () => offs.forEach((off) => off());
  }, [client, userId, live]);
}
