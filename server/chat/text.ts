/** Text rules shared by the conversation and message handlers (issue 13). */
import { AppError } from "../errors.js";

// C0/C1 controls, and the bidi overrides that can make a title read differently from what is stored.
const TITLE_FORBIDDEN = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
// Message text may hold line breaks and tabs; other controls (NUL first of all) are refused.
const TEXT_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

export const TITLE_MAX_CHARS = 120;
const AUTO_TITLE_CHARS = 60;

export function hasForbiddenTitleCharacters(title: string): boolean {
  return TITLE_FORBIDDEN.test(title);
}

export function hasForbiddenTextCharacters(text: string): boolean {
  return TEXT_FORBIDDEN.test(text);
}

/** Length as people count it (code points), so "ə" or an emoji is one character. */
export function charCount(text: string): number {
  return [...text].length;
}

/** A question's text as stored (chat:send, chat:edit): trimmed, not empty, within the limit, no control characters. */
export function questionText(raw: string, maxChars: number): string {
  const text = raw.trim();
  if (text === "") throw new AppError("bad_request", "The message is empty.", { status: 400 });
  if (charCount(text) > maxChars) throw new AppError("too_long", `Messages can be at most ${maxChars} characters.`, { status: 400 });
  if (hasForbiddenTextCharacters(text)) throw new AppError("bad_request", "The message contains control characters.", { status: 400 });
  return text;
}

/** A title from the first question: one line, cut at a word boundary with an ellipsis when long. */
export function titleFromQuestion(text: string, max = AUTO_TITLE_CHARS): string {
  const line = text.replace(/\s+/g, " ").trim();
  const chars = [...line];
  if (chars.length <= max) return line;
  const cut = chars.slice(0, max - 1).join("");
  const space = cut.lastIndexOf(" ");
  // A single very long word is cut where it must be.
  const head = space >= max / 2 ? cut.slice(0, space) : cut;
  return `${head.replace(/[\s.,;:!?-]+$/u, "")}…`;
}
