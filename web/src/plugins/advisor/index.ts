import type { WebPlugin } from "../types.js";
import * as strings from "./strings.js";

/**
 * The advisor plugin's web part (server/agent/plugin.ts): its tools' labels (`tool.<name>` strings, read
 * by the message list for any plugin's tool), the sources under answers, starter questions.
 */
const advisor: WebPlugin = {
  name: "advisor",
  strings,
  messageDecoration: () => import("./AdvisorDecoration.js"),
  emptyState: () => import("./AdvisorSuggestions.js"),
};

export default advisor;
