/**
 * The advisor plugin's part of the protocol (docs/protocol.md): the sources annotation on each answer,
 * declared by augmenting the core's ChatMessage (server/chat/events.ts).
 */

/** A source named at the end of an answer, for the web's list with links. */
export interface MessageSource {
  id: string;
  title: string;
  publisher: string;
  year: string | null;
  url: string | null;
}

declare module "../chat/events.js" {
  interface ChatMessage {
    /** Where the answer's figures come from (always present from the server; [] when none). */
    sources?: MessageSource[];
    /** A clarifying question's choices, shown as buttons that send the choice as the farmer's reply ([] otherwise). */
    quickReplies?: string[];
  }
}
