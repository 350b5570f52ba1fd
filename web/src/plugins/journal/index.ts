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
};

export default journal;
