import { postgresErrorOf } from "./db/errors.js";
import { z } from "zod";
import { AppError, errors } from "./errors.js";

/**
 * Text rules shared by every input (HTTP and Socket.IO): chat text, titles, journal entries, names,
 * feedback comments, searches. PostgreSQL refuses NUL in text (22021), and other C0/C1 controls have no
 * place in a name, a search or a district; messages keep tab and newlines. The bidi overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) are refused everywhere: they make text read differently from what is stored.
 */
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

export function hasControlCharacters(text: string, options: { allowLineBreaks?: boolean } = {}): boolean {
  return (options.allowLineBreaks ? CONTROL_EXCEPT_LINES : CONTROL).test(text);
}

/** A one-line string with no control characters (names, titles, searches, ids chosen by the client). */
export const singleLineText = () => z.string().refine((s) => !hasControlCharacters(s), { message: "Control characters are not allowed." });

/** Multi-line text (messages): tab, CR and LF allowed, other control characters not. */
export const multiLineText = () =>
  z.string().refine((s) => !hasControlCharacters(s, { allowLineBreaks: true }), { message: "Control characters are not allowed." });

/** Removes control characters from text we did not type ourselves and must not refuse (an identity provider's name). */
export function stripControlCharacters(text: string): string {
  return text.replace(new RegExp(CONTROL.source, "gu"), "");
}

/**
 * A text PostgreSQL could not store (22021 NUL / bad encoding, 22P05 untranslatable) is the client's
 * input, not an outage: answered `bad_request` (400) by every route and socket handler.
 */
export function badTextError(error: unknown): AppError | undefined {
  const code = postgresErrorOf(error)?.code;
  if (code === "22021" || code === "22P05") {
    return errors.badRequest("The text contains characters that are not allowed.");
  }
  return undefined;
}

/** One spelling of an email address for lookups (users, personas): both use it, neither imports the other. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
