import { useI18n } from "../../i18n.js";
import type { PluginHost } from "../types.js";
import type { AdvisorKey } from "./strings.js";

/**
 * A clarifying question's choices (the advisor's `quickReplies` annotation, docs/protocol.md): each a button
 * that sends its text as the farmer's reply, like typing it.
 */
export function QuickReplies({ choices, host }: { choices: string[] | undefined; host: PluginHost }) {
  const { t } = useI18n<AdvisorKey>("advisor");
  if (!choices || choices.length === 0) return null;
  return (
    <ul className="suggestions quick-replies" aria-label={t("quickRepliesLabel")} data-testid="quick-replies">
      {choices.map((text) => (
        <li key={text}>
          <button type="button" className="suggestion" disabled={!host.canSend} onClick={() => host.send(text)}>
            {text}
          </button>
        </li>
      ))}
    </ul>
  );
}
