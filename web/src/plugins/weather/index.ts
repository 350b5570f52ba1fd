import type { WebPlugin } from "../types.js";
import { az, en } from "./strings.js";

/**
 * The weather plugin's web part (WebPlugin of web/src/plugins/types.ts): its strings (i18n namespace
 * "weather") and its "this week" sidebar panel, loaded only when a `weather` panel arrives in session:ready.
 * The panel asks the server for its figures itself (GET /api/weather/week), so session:ready carries none.
 */
const weather: WebPlugin = {
  name: "weather",
  strings: { az, en },
  panels: { weather: () => import("./WeekPanel.js") },
};

export default weather;
