import type { WebPlugin } from "../types.js";
import * as strings from "./strings.js";

/** The persona plugin's web part (server/personas/plugin.ts): the farmer profile panel and its notices. */
const persona: WebPlugin = {
  name: "persona",
  strings,
  panels: { persona: () => import("./PersonaPanel.js") },
  messageDecoration: () => import("./PersonaDecoration.js"),
  // The device copy's profile follows edits and accepted proposals made while online.
  readyUpdates: {
    "persona:updated": (ready, { persona }: { persona: unknown }) => ({
      fields: { ...ready.fields, persona },
      panels: ready.panels.map((p) => (p.kind === "persona" ? { ...p, data: { ...(p.data as object), persona } } : p)),
    }),
  },
};

export default persona;
