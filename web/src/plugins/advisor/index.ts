import type { WebPlugin } from "../types.js";
import type { MessageSource } from "./types.js";
import * as strings from "./strings.js";

/**
 * The closing line the server writes at the end of a sourced answer (server/agent/sources.ts sourcesLine):
 * "Mənbələr: …." or "Sources: …." as the text's last paragraph.
 */
const SOURCES_LINE = /\n*(?:Mənbələr|Sources): [^\n]*$/u;

/**
 * The advisor plugin's web part (server/agent/plugin.ts): its tools' labels (`tool.<name>` strings, read
 * by the message list for any plugin's tool), the sources under answers, starter questions.
 */
const advisor: WebPlugin = {
  name: "advisor",
  strings,
  messageDecoration: () => import("./AdvisorDecoration.js"),
  emptyState: () => import("./AdvisorSuggestions.js"),
  // Once the answer's sources are known (chat:done, or the stored message), the decoration lists them with
  // their links: the text's closing line naming them would say the same twice. The stored text keeps it.
  displayText: (text, message) => {
    const sources = (message as { sources?: MessageSource[] }).sources;
    return sources && sources.length > 0 ? text.replace(SOURCES_LINE, "") : text;
  },
};

export default advisor;
