import type { ChatMessage, ConversationSummary, SessionReady } from "../../../server/chat/events.js";

/**
 * A message as the screen shows it: the stored one, or the user's own while it is being sent. Plugin annotations (the persona's `usedPersonaFields`, the advisor's
 * `sources`) travel as top-level fields the core does not read; plugin decorations do.
 */
export interface UiMessage extends Omit<ChatMessage, "usedPersonaFields" | "sources"> {
  local?: "sending" | "failed";
  clientMessageId?: string;
  error?: { code: string; message: string };
}

export interface ChatState {
  conversationId: string | null;
  conversations: ConversationSummary[];
  messages: UiMessage[];
  /** runId → the tool that is running now (null between tools). */
  tools: Record<string, string | null>;
  /** A token arrived with a gap in seq (a reply streamed by another server): reopen this conversation. */
  resync?: string | null;
}

export const initialChatState: ChatState = { conversationId: null, conversations: [], messages: [], tools: {} };

/**
 * A snapshot (session:ready, conversation:open) may be older than events that already arrived for
 * the same reply: keep whichever is further along, and a finished reply over a streaming one.
 */
function mergeSnapshot(snapshot: ChatMessage[], current: UiMessage[]): UiMessage[] {
  return snapshot.map((m) => {
    if (m.role !== "assistant" || !m.runId || m.status !== "streaming") return m;
    const seen = current.find((c) => c.role === "assistant" && c.runId === m.runId);
    if (!seen) return m;
    if (seen.status !== "streaming") return seen;
    return seen.seq > m.seq ? { ...m, content: seen.content, seq: seen.seq } : m;
  });
}

export type ChatAction =
  | { type: "ready"; payload: SessionReady }
  | { type: "opened"; conversation: ConversationSummary; messages: ChatMessage[] }
  | { type: "created"; conversation: ConversationSummary }
  | { type: "conversationUpdated"; conversation: ConversationSummary }
  | { type: "conversations"; conversations: ConversationSummary[] }
  | { type: "localSend"; clientMessageId: string; conversationId: string; text: string }
  /**
   * The server stored the question. `question` (a send from the outbox, which has no local copy on screen):
   * its text and conversation, to show it if this tab never heard it (another tab sent it first, before this
   * one joined the conversation, so the broadcast missed it and the server answered a duplicate).
   */
  | { type: "sendAcked"; clientMessageId: string; messageId: string; runId: string; question?: { conversationId: string; text: string } }
  | { type: "sendFailed"; clientMessageId: string; code: string; message: string }
  /** The question went to the outbox instead (the connection dropped): it shows there. */
  | { type: "unsent"; clientMessageId: string }
  | { type: "message"; message: ChatMessage }
  | { type: "token"; runId: string; conversationId: string; seq: number; delta: string }
  | { type: "tool"; runId: string; conversationId: string; name: string; status: "start" | "end" }
  | { type: "done"; runId: string; message: ChatMessage }
  | { type: "runError"; runId: string; conversationId: string; code: string; message: string }
  | { type: "deleted"; conversationId: string }
  | { type: "reset" };

function byRecency(a: ConversationSummary, b: ConversationSummary): number {
  return b.updatedAt.localeCompare(a.updatedAt);
}

function upsertConversation(list: ConversationSummary[], conversation: ConversationSummary): ConversationSummary[] {
  const rest = list.filter((c) => c.id !== conversation.id);
  return [conversation, ...rest].sort(byRecency);
}

/** A farmer's question as shown: sent from this tab (a local id) or stored (the server's id). */
function userMessage(id: string, conversationId: string, text: string): UiMessage {
  return { id, conversationId, role: "user", content: text, status: "complete", runId: null, seq: 0, createdAt: new Date().toISOString() };
}

function placeholder(runId: string, conversationId: string): UiMessage {
  return {
    id: `run:${runId}`,
    conversationId,
    role: "assistant",
    content: "",
    status: "streaming",
    runId,
    seq: 0,
    createdAt: new Date().toISOString(),
  };
}

function findRun(messages: UiMessage[], runId: string): number {
  return messages.findIndex((m) => m.role === "assistant" && m.runId === runId);
}

function replaceAt(messages: UiMessage[], index: number, message: UiMessage): UiMessage[] {
  const next = messages.slice();
  next[index] = message;
  return next;
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case "ready": {
      const { conversation, conversations, messages } = action.payload;
      const ids = new Set(messages.map((m) => m.id));
      // A send that failed while offline stays on screen so it can be retried.
      const keep = state.messages.filter((m) => m.local === "failed" && m.conversationId === conversation.id && !ids.has(m.id));
      // An empty conversation is not listed until its first question.
      const list = conversations.some((c) => c.id === conversation.id) || messages.length === 0
        ? conversations
        : [{ ...conversation, updatedAt: new Date().toISOString() }, ...conversations];
      return {
        conversationId: conversation.id,
        conversations: [...list].sort(byRecency),
        messages: [...mergeSnapshot(messages, state.messages), ...keep],
        tools: {},
        resync: null,
      };
    }
    case "opened":
      return {
        ...state,
        conversationId: action.conversation.id,
        conversations: state.conversations.some((c) => c.id === action.conversation.id) || action.messages.length === 0
          ? state.conversations
          : upsertConversation(state.conversations, action.conversation),
        messages: mergeSnapshot(action.messages, state.messages),
        tools: {},
        resync: null,
      };
    case "created":
      return {
        ...state,
        conversationId: action.conversation.id,
        messages: [],
        tools: {},
      };
    case "conversationUpdated":
      return { ...state, conversations: upsertConversation(state.conversations, action.conversation) };
    case "conversations":
      return { ...state, conversations: [...action.conversations].sort(byRecency) };
    case "localSend": {
      const existing = state.messages.findIndex((m) => m.clientMessageId === action.clientMessageId);
      const message: UiMessage = {
        ...userMessage(`local:${action.clientMessageId}`, action.conversationId, action.text),
        local: "sending",
        clientMessageId: action.clientMessageId,
      };
      if (existing >= 0) return { ...state, messages: replaceAt(state.messages, existing, { ...state.messages[existing]!, local: "sending", error: undefined }) };
      return { ...state, messages: [...state.messages, message] };
    }
    case "sendAcked": {
      const index = state.messages.findIndex((m) => m.clientMessageId === action.clientMessageId);
      let messages = state.messages;
      if (index >= 0) {
        const alreadyStored = messages.some((m) => m.id === action.messageId);
        messages = alreadyStored
          ? messages.filter((_, i) => i !== index)
          : replaceAt(messages, index, { ...messages[index]!, id: action.messageId, local: undefined, clientMessageId: undefined });
      } else if (action.question && action.question.conversationId === state.conversationId && !messages.some((m) => m.id === action.messageId)) {
        // Before its reply, if that has begun here already.
        const run = action.runId ? findRun(messages, action.runId) : -1;
        const at = run >= 0 ? run : messages.length;
        const question = userMessage(action.messageId, action.question.conversationId, action.question.text);
        messages = [...messages.slice(0, at), question, ...messages.slice(at)];
      }
      if (state.conversationId && action.runId && findRun(messages, action.runId) < 0) {
        messages = [...messages, placeholder(action.runId, state.conversationId)];
      }
      return { ...state, messages };
    }
    case "sendFailed": {
      const index = state.messages.findIndex((m) => m.clientMessageId === action.clientMessageId);
      if (index < 0) return state;
      return {
        ...state,
        messages: replaceAt(state.messages, index, { ...state.messages[index]!, local: "failed", error: { code: action.code, message: action.message } }),
      };
    }
    case "unsent":
      return { ...state, messages: state.messages.filter((m) => m.clientMessageId !== action.clientMessageId) };
    case "message": {
      const { message } = action;
      if (message.conversationId !== state.conversationId) return state;
      // Regenerate or edit: the replaced message leaves the screen, the new one takes its turn.
      if (message.replaces && state.messages.some((m) => m.id === message.replaces)) {
        const rest = state.messages.filter((m) => m.id !== message.replaces);
        return chatReducer({ ...state, messages: rest }, { type: "message", message: { ...message, replaces: undefined } });
      }
      const same = state.messages.findIndex((m) => m.id === message.id);
      if (same >= 0) return { ...state, messages: replaceAt(state.messages, same, { ...state.messages[same]!, ...message, local: undefined }) };
      // The stored reply announced after its tokens began: keep whichever text is further along.
      const run = message.role === "assistant" && message.runId ? findRun(state.messages, message.runId) : -1;
      if (run >= 0) {
        const current = state.messages[run]!;
        const merged = current.seq > message.seq ? { ...message, content: current.content, seq: current.seq } : message;
        return { ...state, messages: replaceAt(state.messages, run, merged) };
      }
      // Our own message, echoed before its ack arrived.
      const mine = state.messages.findIndex((m) => m.local === "sending" && m.role === message.role && m.content === message.content);
      if (mine >= 0) return { ...state, messages: replaceAt(state.messages, mine, { ...message }) };
      return { ...state, messages: [...state.messages, message] };
    }
    case "token": {
      if (action.conversationId !== state.conversationId) return state;
      const index = findRun(state.messages, action.runId);
      if (index < 0) {
        if (action.seq > 1) return { ...state, resync: action.conversationId }; // joined mid-reply without its start
        // A reply whose start this tab never heard: its question (sent by another tab while this one was
        // joining) is missing too. Shown as it streams, and a fresh snapshot brings the question.
        const fresh = { ...placeholder(action.runId, action.conversationId), content: action.delta, seq: action.seq };
        return { ...state, messages: [...state.messages, fresh], resync: action.conversationId };
      }
      const current = state.messages[index]!;
      // Tokens replayed after a reconnect, or already contained in session:ready's partial message.
      if (current.status !== "streaming" || action.seq <= current.seq) return state;
      if (action.seq > current.seq + 1) return { ...state, resync: action.conversationId };
      return { ...state, messages: replaceAt(state.messages, index, { ...current, content: current.content + action.delta, seq: action.seq }) };
    }
    case "tool": {
      if (action.conversationId !== state.conversationId) return state;
      const tools = { ...state.tools, [action.runId]: action.status === "start" ? action.name : null };
      if (findRun(state.messages, action.runId) >= 0) return { ...state, tools };
      // A reply whose start this tab never heard (see "token").
      return { ...state, tools, messages: [...state.messages, placeholder(action.runId, action.conversationId)], resync: action.conversationId };
    }
    case "done": {
      const { message } = action;
      if (message.conversationId !== state.conversationId) return state;
      const { [action.runId]: _finished, ...tools } = state.tools;
      let index = findRun(state.messages, action.runId);
      if (index < 0) index = state.messages.findIndex((m) => m.id === message.id);
      // A reply this tab heard only the end of: its question is missing too (see "token").
      if (index < 0) return { ...state, tools, messages: [...state.messages, message], resync: message.conversationId };
      const previous = state.messages[index]!;
      const error = message.status === "error" ? previous.error : undefined;
      return { ...state, tools, messages: replaceAt(state.messages, index, { ...message, error }) };
    }
    case "runError": {
      if (action.conversationId !== state.conversationId) return state;
      const { [action.runId]: _failed, ...tools } = state.tools;
      const error = { code: action.code, message: action.message };
      const index = findRun(state.messages, action.runId);
      if (index < 0) {
        return { ...state, tools, messages: [...state.messages, { ...placeholder(action.runId, action.conversationId), status: "error", error }] };
      }
      return { ...state, tools, messages: replaceAt(state.messages, index, { ...state.messages[index]!, status: "error", error }) };
    }
    case "deleted": {
      const conversations = state.conversations.filter((c) => c.id !== action.conversationId);
      if (state.conversationId !== action.conversationId) return { ...state, conversations };
      // The open conversation is gone: nothing is shown until another one is opened.
      return { ...state, conversations, conversationId: null, messages: [], tools: {} };
    }
    case "reset":
      return initialChatState;
  }
}

/** The reply streaming in the open conversation, if any: what the Stop button stops. */
export function activeRun(state: ChatState): UiMessage | undefined {
  for (let i = state.messages.length - 1; i >= 0; i--) {
    const m = state.messages[i]!;
    if (m.role === "assistant" && m.status === "streaming" && m.runId) return m;
  }
  return undefined;
}

/** The question an assistant message answered, for "send again" after an error. */
export function questionBefore(messages: UiMessage[], index: number): UiMessage | undefined {
  for (let i = index - 1; i >= 0; i--) if (messages[i]!.role === "user") return messages[i];
  return undefined;
}
