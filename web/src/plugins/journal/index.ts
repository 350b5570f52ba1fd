import type { WebPlugin } from "../types.js";
import { az, en } from "./strings.js";

/**
 * The farm journal's web part (WebPlugin of web/src/plugins/types.ts): its strings (i18n namespace
 * "journal") and its sidebar panel, loaded only when a `journal` panel arrives in session:ready.
 */
const journal: WebPlugin = {
  name: "journal",
  strings: { az, en },
  panels: { journal: () => import("./JournalPanel.js") },
  // The device copy's journal panel follows the entries added and deleted in any tab.
  readyUpdates: {
    "journal:added": (ready, { entry }: { entry: { id: string } }) => ({
      ...ready,
      panels: ready.panels.map((p) => (p.kind === "journal" ? { ...p, data: { entries: [entry, ...entriesOf(p.data).filter((e) => e.id !== entry.id)] } } : p)),
    }),
    "journal:deleted": (ready, { entryId }: { entryId: string }) => ({
      ...ready,
      panels: ready.panels.map((p) => (p.kind === "journal" ? { ...p, data: { entries: entriesOf(p.data).filter((e) => e.id !== entryId) } } : p)),
    }),
  },
};

function entriesOf(data: unknown): { id: string }[] {
  const entries = (data as { entries?: unknown } | null)?.entries;
  return Array.isArray(entries) ? entries : [];
}

export default journal;
