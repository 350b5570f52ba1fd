// Text is in the phone's own font (system-ui: Roboto on Android, covers ə, ğ, ı, ş); only the headings'
// face is downloaded, one weight, Latin and Latin Extended (~25 KB), so the first load stays small.
import "@fontsource/space-grotesk/latin-600.css";
import "@fontsource/space-grotesk/latin-ext-600.css";
import "./styles.css";
import "./chat-essentials.css";
import "./theme-light.css";
import "./offline.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { I18nProvider } from "./i18n.js";
import { startTheme } from "./lib/theme.js";

startTheme();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
