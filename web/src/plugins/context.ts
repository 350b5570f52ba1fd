import { createContext, useContext } from "react";
import type { Language } from "../i18n.js";
import type { PluginClient, PluginHost } from "./types.js";

export interface PluginContextValue {
  client: PluginClient;
  host: PluginHost;
  language: Language;
}

/** The socket client and host actions for plugin components deep in the message list (decorations). */
export const PluginContext = createContext<PluginContextValue | null>(null);

export function usePluginContext(): PluginContextValue {
  const value = useContext(PluginContext);
  if (!value) throw new Error("usePluginContext outside PluginContext");
  return value;
}
