import type { WebPlugin } from "../types.js";
import * as strings from "./strings.js";

/** The persona plugin's web part (server/personas/plugin.ts): the farmer profile panel and its notices. */
const persona: WebPlugin = {
  name: "persona",
  strings,
  panels: { persona: () => import("./PersonaPanel.js") },
  messageDecoration: () => import("./PersonaDecoration.js"),
};

export default persona;
