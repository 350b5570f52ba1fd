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

  it("a question sent from the outbox shows once, before its reply, even when this tab never heard it", () => {
    const acked = { type: "sendAcked" as const, clientMessageId: "k2", messageId: "m5", runId: "r5", question: { conversationId: "c1", text: "Sabah yağış olacaqmı?" } };
    // Another tab sent it first and this one missed the broadcast; the reply's tokens have begun here.
    let s = start([reply({ status: "complete" })]);
    s = chatReducer(s, { type: "token", runId: "r5", conversationId: "c1", seq: 1, delta: "Bəli" });
    s = chatReducer(s, acked);
    expect(s.messages.map((m) => [m.role, m.content])).toEqual([["assistant", "Salam"], ["user", "Sabah yağış olacaqmı?"], ["assistant", "Bəli"]]);
    // The broadcast, when it does come, and a second ack change nothing.
    s = chatReducer(s, { type: "message", message: { ...reply(), id: "m5", role: "user", content: "Sabah yağış olacaqmı?", status: "complete", runId: null, seq: 0 } });
    s = chatReducer(s, acked);
    expect(s.messages.filter((m) => m.role === "user")).toHaveLength(1);
    // Heard first, then acked: still once, and the reply gets its place.
    let t = start([]);
    t = chatReducer(t, { type: "message", message: { ...reply(), id: "m5", role: "user", content: "Sabah yağış olacaqmı?", status: "complete", runId: null, seq: 0 } });
    t = chatReducer(t, acked);
    expect(t.messages.map((m) => [m.role, m.id])).toEqual([["user", "m5"], ["assistant", "run:r5"]]);
    // Another conversation on screen: nothing is added to it.
    const u = chatReducer(start([]), { ...acked, question: { conversationId: "c9", text: "Başqa" } });
    expect(u.messages.some((m) => m.role === "user")).toBe(false);
  });

  it("a reply whose start this tab never heard streams on and asks for a snapshot, which brings its question", () => {
    let s = start([reply({ status: "complete" })]);
    s = chatReducer(s, { type: "token", runId: "r7", conversationId: "c1", seq: 1, delta: "Bəli" });
    expect(s.messages.at(-1)).toMatchObject({ runId: "r7", content: "Bəli" });
    expect(s.resync).toBe("c1");
    const question: ChatMessage = { ...reply(), id: "m6", role: "user", content: "Sabah yağış olacaqmı?", status: "complete", runId: null, seq: 0 };
    s = chatReducer(s, { type: "token", runId: "r7", conversationId: "c1", seq: 2, delta: ", yağacaq" });
    s = chatReducer(s, { type: "opened", conversation, messages: [reply({ status: "complete" }), question, reply({ id: "m7", runId: "r7", content: "Bəli", seq: 1 })] });
    expect(s.resync).toBeNull();
    expect(s.messages.map((m) => m.content)).toEqual(["Salam", "Sabah yağış olacaqmı?", "Bəli, yağacaq"]);
  });

  it("a reply heard only at its end (tools or done, no tokens) asks for a snapshot too", () => {
    const done = chatReducer(start([]), { type: "done", runId: "r8", message: reply({ id: "m8", runId: "r8", status: "complete" }) });
    expect(done.messages.map((m) => m.id)).toEqual(["m8"]);
    expect(done.resync).toBe("c1");
    const tool = chatReducer(start([]), { type: "tool", runId: "r9", conversationId: "c1", name: "irrigation", status: "start" });
    expect(tool.resync).toBe("c1");
    // A reply this tab knows asks for nothing.
    const known = chatReducer(start([reply()]), { type: "done", runId: "r1", message: reply({ status: "complete" }) });
    expect(known.resync ?? null).toBeNull();
  });
});
