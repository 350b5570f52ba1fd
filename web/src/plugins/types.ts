import type { ComponentType } from "react";
import type { Language, Strings } from "../i18n.js";
import type { UiMessage } from "../lib/chatState.js";

/**
 * A web plugin's view of the chat socket: its own namespaced events (`${name}:verb`), ack'd like the
 * core's. `emit` resolves with the ack's `data` and rejects with an AckError carrying the ack's code.
 */
export interface PluginClient {
  emit<T = unknown>(event: string, payload: unknown): Promise<T>;
  /** Listens to a server event; the returned function stops listening. */
  on(event: string, handler: (payload: any) => void): () => void;
}

/** What the chat screen offers every plugin component besides the socket. */
export interface PluginHost {
  /** The latest `session:ready` payload (plugins read their own top-level fields from it); null before the first. */
  ready: Readonly<Record<string, unknown>> | null;
  /** Opens a conversation and focuses one of its messages (a link from a panel back to the chat). */
  openMessage(conversationId: string, messageId: string): void;
  /** Sends a question as if the farmer typed it (a starter suggestion). */
  send(text: string): void;
  /** False while the socket is not ready or a conversation is being opened. */
  canSend: boolean;
  /**
   * The outbox: keeps a plugin event (`${name}:verb` with its payload) on the device while
   * there is no connection and sends it, once, when there is. `text` is what the farmer wrote, for the list.
   */
  queue(event: string, payload: Record<string, unknown>, text: string): Promise<void>;
  /** Plugin events waiting on this device (every tab sees the same), oldest first. */
  queued: readonly QueuedEvent[];
  cancelQueued(id: string): void;
}

export interface QueuedEvent {
  id: string;
  event: string;
  payload: Record<string, unknown>;
  text: string;
  /** "refused": the server said no (`error.code`); the text stays until the farmer cancels it. */
  state: "waiting" | "refused";
  error?: { code: string; message: string };
}

/** A sidebar panel of `session:ready.panels`, rendered by its kind. */
export interface PanelProps {
  data: unknown;
  client: PluginClient;
  language: Language;
  host: PluginHost;
}

/** Something a plugin shows under an answer (its sources, the profile facts it used). */
export interface MessageDecorationProps {
  message: UiMessage;
  /** The question the answer replies to, when it is the message right before it. */
  question: UiMessage | undefined;
  client: PluginClient;
  language: Language;
  host: PluginHost;
}

/** Something a plugin shows in an empty conversation (starter questions). */
export interface EmptyStateProps {
  client: PluginClient;
  language: Language;
  host: PluginHost;
}

export type LazyComponent<P> = () => Promise<{ default: ComponentType<P> }>;

/**
 * The web part of a server plugin (web/src/plugins/<name>/index.ts), registered in plugins/registry.ts.
 * Components are loaded only when first shown, so a plugin adds little to the first page load.
 */
export interface WebPlugin {
  /** The server plugin's name: its events' prefix, its i18next namespace. */
  name: string;
  strings: Strings;
  /** Panel components by the `kind` of `session:ready.panels`. */
  panels?: Record<string, LazyComponent<PanelProps>>;
  /** Shown under each finished answer. */
  messageDecoration?: LazyComponent<MessageDecorationProps>;
  /**
   * An answer's text as shown, from the text before it (the stored text, or what an earlier plugin left):
   * e.g. without a closing line that the plugin's decoration shows in full. Pure and quick: it runs on
   * every render of every answer. The stored text is not changed.
   */
  displayText?(text: string, message: UiMessage): string;
  /** Shown in an empty conversation. */
  emptyState?: LazyComponent<EmptyStateProps>;
  /**
   * How this plugin's server events (by name) change what it sent in session:ready — its panels' data
   * and its top-level fields — so the copy kept on the device for offline reading stays current. Pure.
   */
  readyUpdates?: Record<string, (ready: ReadyPart, payload: any) => ReadyPart>;
}

/** The plugins' part of a saved session:ready: the panels by kind and the plugins' top-level fields. */
export interface ReadyPart {
  panels: { kind: string; data: unknown }[];
  fields: Record<string, unknown>;
}
