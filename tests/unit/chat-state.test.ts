import { describe, expect, it } from "vitest";
import type { ChatMessage, SessionReady } from "../../server/chat/events.js";
import { chatReducer, initialChatState, type ChatState } from "../../web/src/lib/chatState.js";

const conversation = { id: "c1", title: "", updatedAt: "2026-11-23T10:00:00.000Z" };
const reply = (over: Partial<ChatMessage> = {}): ChatMessage => ({
  id: "m2", conversationId: "c1", role: "assistant", content: "Salam", status: "streaming", runId: "r1", seq: 1,
  usedPersonaFields: [], createdAt: "2026-11-23T10:00:01.000Z", ...over,
});
const ready = (messages: ChatMessage[]): SessionReady =>
  ({ user: { id: "u", email: "e", name: null }, persona: {} as SessionReady["persona"], conversation, conversations: [conversation], messages, panels: [] });
const token = (seq: number, delta: string) => ({ type: "token" as const, runId: "r1", conversationId: "c1", seq, delta });

function start(messages: ChatMessage[]): ChatState {
  return chatReducer(initialChatState, { type: "ready", payload: ready(messages) });
}

describe("the chat reducer", () => {
  it("continues a reloaded partial reply with later tokens and ignores ones it already has", () => {
    let s = start([reply()]);
    s = chatReducer(s, token(1, "Salam"));
    s = chatReducer(s, token(2, " fermer"));
    s = chatReducer(s, token(2, " fermer"));
    expect(s.messages[0]).toMatchObject({ content: "Salam fermer", seq: 2 });
    expect(s.resync ?? null).toBeNull();
  });

  it("asks for a fresh snapshot when tokens jump a seq, without showing a gap", () => {
    let s = start([reply()]);
    s = chatReducer(s, token(3, " üçün"));
    expect(s.resync).toBe("c1");
    expect(s.messages[0]).toMatchObject({ content: "Salam", seq: 1 });
    s = chatReducer(s, { type: "opened", conversation, messages: [reply({ content: "Salam fermer üçün", seq: 3 })] });
    expect(s.resync).toBeNull();
    expect(s.messages[0]).toMatchObject({ content: "Salam fermer üçün", seq: 3 });
  });

  it("keeps events that arrived before a snapshot when they are further along", () => {
    let s = start([reply()]);
    s = chatReducer(s, token(2, " fermer"));
    s = chatReducer(s, { type: "ready", payload: ready([reply()]) });
    expect(s.messages[0]).toMatchObject({ content: "Salam fermer", seq: 2 });
    s = chatReducer(s, { type: "done", runId: "r1", message: reply({ content: "Salam fermer!", status: "error", seq: 3 }) });
    s = chatReducer(s, { type: "ready", payload: ready([reply()]) });
    expect(s.messages[0]).toMatchObject({ status: "error", content: "Salam fermer!" });
  });

  it("shows a message echoed to several tabs once", () => {
    const question: ChatMessage = { ...reply(), id: "m1", role: "user", content: "Sual", status: "complete", runId: null, seq: 0 };
    let s = start([]);
    s = chatReducer(s, { type: "message", message: question });
    s = chatReducer(s, { type: "message", message: question });
    expect(s.messages.filter((m) => m.id === "m1")).toHaveLength(1);
  });

  it("a question moved to the outbox (the connection dropped under it) leaves the conversation's messages, the rest stay", () => {
    let s = start([reply({ status: "complete" })]);
    s = chatReducer(s, { type: "localSend", clientMessageId: "k1", conversationId: "c1", text: "Sabah yağış olacaqmı?" });
    expect(s.messages.some((m) => m.clientMessageId === "k1")).toBe(true);
    s = chatReducer(s, { type: "unsent", clientMessageId: "k1" });
    expect(s.messages.map((m) => m.id)).toEqual(["m2"]);
  });
});
