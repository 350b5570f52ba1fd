/** Text rules shared by the conversation and message handlers. */
import { AppError, errors } from "../errors.js";
import { hasControlCharacters } from "../validation.js";


export const TITLE_MAX_CHARS = 120;
const AUTO_TITLE_CHARS = 60;

// The one set of text rules of server/validation.ts: C0/C1 controls and the bidi overrides.
/** A title, a search: one line, no control characters, no bidi overrides. */
export function hasForbiddenTitleCharacters(title: string): boolean {
  return hasControlCharacters(title);
}

/** Message text, a feedback comment: line breaks and tabs allowed, other controls and bidi overrides not. */
export function hasForbiddenTextCharacters(text: string): boolean {
  return hasControlCharacters(text, { allowLineBreaks: true });
}

/** Length as people count it (code points), so "ə" or an emoji is one character. */
export function charCount(text: string): number {
  return [...text].length;
}

/** A question's text as stored (chat:send, chat:edit): trimmed, not empty, within the limit, no control characters. */
export function questionText(raw: string, maxChars: number): string {
  const text = raw.trim();
  if (text === "") throw errors.badRequest("The message is empty.");
  if (charCount(text) > maxChars) throw new AppError("too_long", `Messages can be at most ${maxChars} characters.`, { status: 400 });
  if (hasForbiddenTextCharacters(text)) throw errors.badRequest("The message contains control characters.");
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
