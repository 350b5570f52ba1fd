import { describe, expect, it } from "vitest";
import type { ChatMessage, SessionReady } from "../../server/chat/events.js";
import { chatReducer, initialChatState } from "../../web/src/lib/chatState.js";
import { foldForSearch, likePattern, snippetAround } from "../../server/chat/search.js";
import { hasForbiddenTextCharacters, hasForbiddenTitleCharacters, titleFromQuestion } from "../../server/chat/text.js";

describe("titleFromQuestion", () => {
  it("keeps a short question whole, on one line", () => {
    expect(titleFromQuestion("  Pambıq\nüçün   suvarma  ")).toBe("Pambıq üçün suvarma");
  });
  it("cuts a long question at a word, with an ellipsis, within 60 characters", () => {
    const title = titleFromQuestion("Pambıq sahəsində suvarma cədvəlini necə qurmalıyam ki, avqustda su çatışmazlığı olmasın");
    expect(title).toBe("Pambıq sahəsində suvarma cədvəlini necə qurmalıyam ki…");
    expect([...title].length).toBeLessThanOrEqual(60);
  });
  it("cuts one endless word where it must", () => {
    expect([...titleFromQuestion("ə".repeat(200))].length).toBe(60);
  });
});

describe("search folding", () => {
  it("folds Azerbaijani letters and case, I/ı and İ/i included", () => {
    expect(foldForSearch("BUĞDA Şəki İsmayıllı ÇÖÜ Ə")).toBe("bugda seki ismayilli cou e");
    expect(foldForSearch("I\u0307")).toBe("i");
  });
  it("makes % and _ literal in LIKE", () => {
    expect(likePattern("100%_a\\")).toBe("%100\\%\\_a\\\\%");
  });
  it("cuts a snippet around the match, keeping the original letters", () => {
    const text = `${"söz ".repeat(40)}Buğda səpini noyabrda başlayır ${"daha ".repeat(40)}`;
    const snippet = snippetAround(text, "bugda");
    expect(snippet).toContain("Buğda səpini");
    expect(snippet.startsWith("…")).toBe(true);
    expect(snippet.endsWith("…")).toBe(true);
    expect(snippet.length).toBeLessThan(160);
  });
});

describe("control characters", () => {
  it("refuses controls in titles, allows line breaks and tabs in text", () => {
    expect(hasForbiddenTitleCharacters("a\nb")).toBe(true);
    expect(hasForbiddenTitleCharacters("Buğda planı")).toBe(false);
    expect(hasForbiddenTextCharacters("a\nb\tc")).toBe(false);
    expect(hasForbiddenTextCharacters("a\u0000b")).toBe(true);
    expect(hasForbiddenTextCharacters("\u202Eevil")).toBe(true);
  });
});

describe("the chat reducer with replaced and deleted conversations", () => {
  const conversation = { id: "c1", title: "Nar", updatedAt: "2026-11-23T10:00:00.000Z" };
  const msg = (id: string, role: "user" | "assistant", content: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({
    id, conversationId: "c1", role, content, status: "complete", runId: role === "assistant" ? `run-${id}` : null, seq: 0,
    usedPersonaFields: [], createdAt: "2026-11-23T10:00:01.000Z", ...extra,
  });
  const ready = (messages: ChatMessage[]): SessionReady =>
    ({ user: { id: "u", email: "e", name: null }, persona: {} as SessionReady["persona"], conversation, conversations: messages.length ? [conversation] : [], messages, panels: [] });

  it("replaces a message announced with `replaces`, in place of the old one", () => {
    let s = chatReducer(initialChatState, { type: "ready", payload: ready([msg("q1", "user", "Nar?"), msg("a1", "assistant", "Köhnə")]) });
    s = chatReducer(s, { type: "message", message: msg("q2", "user", "Üzüm?", { replaces: "q1" }) });
    s = chatReducer(s, { type: "message", message: msg("a2", "assistant", "", { replaces: "a1", status: "streaming" }) });
    expect(s.messages.map((m) => m.id)).toEqual(["q2", "a2"]);
  });

  it("does not list an empty conversation, and leaves a deleted open conversation", () => {
    let s = chatReducer(initialChatState, { type: "ready", payload: ready([]) });
    expect(s.conversations).toEqual([]);
    s = chatReducer(s, { type: "ready", payload: ready([msg("q1", "user", "Nar?")]) });
    expect(s.conversations.map((c) => c.id)).toEqual(["c1"]);
    s = chatReducer(s, { type: "deleted", conversationId: "c1" });
    expect(s).toMatchObject({ conversationId: null, conversations: [], messages: [] });
  });
});
