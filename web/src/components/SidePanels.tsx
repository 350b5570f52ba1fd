import { Suspense } from "react";
import type { SessionUser, SidebarPanel } from "../../../server/chat/events.js";
import type { Language } from "../i18n.js";
import { PluginBoundary } from "../plugins/PluginBoundary.js";
import { panelComponent } from "../plugins/registry.js";
import type { PluginClient, PluginHost } from "../plugins/types.js";
import { AccountPanel } from "./AccountPanel.js";
import "../plugins/panels.css";

interface Props {
  panels: SidebarPanel[];
  client: PluginClient;
  language: Language;
  host: PluginHost;
  /** The signed-in farmer once the session is ready: the account panel comes last. */
  user: SessionUser | null;
  onAccountDeleted(): void;
}

/** The right column: whatever panels the session has, each rendered by its plugin's kind, then the account. */
export function SidePanels({ panels, client, language, host, user, onAccountDeleted }: Props) {
  return (
    <>
      {panels.map((panel, i) => {
        const Panel = panelComponent(panel.kind);
        if (!Panel) return null;
        return (
          <div key={`${panel.kind}:${i}`} className="side-panel" data-panel-kind={panel.kind}>
            <PluginBoundary>
              <Suspense fallback={<PanelSkeleton />}>
                <Panel data={panel.data} client={client} language={language} host={host} />
              </Suspense>
            </PluginBoundary>
          </div>
        );
      })}
      {user && (
        <div className="side-panel" data-panel-kind="account">
          <AccountPanel email={user.email} onDeleted={onAccountDeleted} />
        </div>
      )}
    </>
  );
}

/** While a panel's code loads. */
function PanelSkeleton() {
  return (
    <div className="panel-skeleton" aria-busy="true">
      <i />
      <i />
      <i />
    </div>
  );
}
