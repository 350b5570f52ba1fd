import { lazy, type ComponentType, type LazyExoticComponent } from "react";
import { addStrings, i18n } from "../i18n.js";
import advisor from "./advisor/index.js";
import persona from "./persona/index.js";
import journal from "./journal/index.js";
import weather from "./weather/index.js";
import type { UiMessage } from "../lib/chatState.js";
import type { EmptyStateProps, MessageDecorationProps, PanelProps, WebPlugin } from "./types.js";

/** Every web plugin, one line each; the chat screen knows them only through this list. */
export const plugins: WebPlugin[] = [
  persona,
  advisor,
  journal,
  weather,
];

for (const plugin of plugins) addStrings(plugin.name, plugin.strings);

/** The plugins' i18next namespaces, e.g. to find a tool's label in whichever plugin names it. */
export const pluginNamespaces = plugins.map((p) => p.name);

/**
 * A string some plugin defines for a key the core builds from wire data, e.g. `tool.<name>` for a tool
 * of any plugin, `refused.<code>` for a session:error code; undefined when no plugin has it.
 */
export function pluginString(key: string): string | undefined {
  const ns = pluginNamespaces.find((namespace) => i18n.exists(key, { ns: namespace, fallbackNS: false }));
  return ns ? i18n.t(key, { ns }) : undefined;
}

// React.lazy once per component, so each chunk loads once and keeps its state across renders.
const panelComponents = new Map<string, LazyExoticComponent<ComponentType<PanelProps>>>();
for (const plugin of plugins) {
  for (const [kind, load] of Object.entries(plugin.panels ?? {})) {
    if (!panelComponents.has(kind)) panelComponents.set(kind, lazy(load));
  }
}

/** The component for a panel kind; undefined for a kind no plugin renders (the panel is skipped). */
export function panelComponent(kind: string): LazyExoticComponent<ComponentType<PanelProps>> | undefined {
  return panelComponents.get(kind);
}

export const messageDecorations: { name: string; Component: LazyExoticComponent<ComponentType<MessageDecorationProps>> }[] = plugins.flatMap(
  (p) => (p.messageDecoration ? [{ name: p.name, Component: lazy(p.messageDecoration) }] : []),
);

export const emptyStates: { name: string; Component: LazyExoticComponent<ComponentType<EmptyStateProps>> }[] = plugins.flatMap(
  (p) => (p.emptyState ? [{ name: p.name, Component: lazy(p.emptyState) }] : []),
);

/** An answer's text as the plugins show it (their `displayText`, in the list's order); the stored text when one fails. */
export function displayedText(message: UiMessage): string {
  let text = message.content;
  for (const plugin of plugins) {
    if (!plugin.displayText) continue;
    try {
      text = plugin.displayText(text, message);
    } catch {
      return message.content;
    }
  }
  return text;
}

/** Every plugin's readyUpdates by event name (web/src/plugins/deviceCopy.ts applies them). */
export const readyUpdates: Map<string, NonNullable<WebPlugin["readyUpdates"]>[string][]> = new Map();
for (const plugin of plugins) {
  for (const [event, update] of Object.entries(plugin.readyUpdates ?? {})) readyUpdates.set(event, [...(readyUpdates.get(event) ?? []), update]);
}
