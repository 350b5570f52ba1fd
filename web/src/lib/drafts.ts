/** Unsent text per conversation, kept across reloads (localStorage): a draft is never lost. */
const PREFIX = "yonca.draft.";

export function loadDraft(conversationId: string | null): string {
  if (!conversationId) return "";
  try {
    return localStorage.getItem(PREFIX + conversationId) ?? "";
  } catch {
    return "";
  }
}

export function saveDraft(conversationId: string | null, text: string): void {
  if (!conversationId) return;
  try {
    if (text === "") localStorage.removeItem(PREFIX + conversationId);
    else localStorage.setItem(PREFIX + conversationId, text);
  } catch {
    // Storage full or unavailable: the draft stays in the box for this page.
  }
}

export function forgetDraft(conversationId: string): void {
  saveDraft(conversationId, "");
}
