/**
 * One error type for the whole app. `code` is what clients see (docs/protocol.md, Errors); the message is
 * safe to show. Causes (database errors, provider errors) are logged, never sent.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    options: { status?: number; retryable?: boolean; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = options.status ?? 500;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }

  toJSON(): { code: string; message: string; details?: Record<string, unknown> } {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

export const errors = {
  badRequest: (message = "The request is not valid.", details?: Record<string, unknown>) =>
    new AppError("bad_request", message, { status: 400, details }),
  unauthorized: () => new AppError("unauthorized", "Sign in to continue.", { status: 401 }),
  forbidden: (message = "You are not allowed to do that.") => new AppError("forbidden", message, { status: 403 }),
  notFound: (message = "Not found.") => new AppError("not_found", message, { status: 404 }),
  /** A per-user or per-address limit was reached (README "Limits"). */
  rateLimited: (message = "Too many requests in a minute. Please wait a little.") => new AppError("rate_limited", message, { status: 429 }),
  /** The conversation is still being answered. */
  busy: (message = "A reply is still being written in this conversation.") => new AppError("busy", message, { status: 409 }),
  /** Worth retrying in a moment: the database, a provider or a queue could not serve the request now. */
  unavailable: (cause?: unknown, message = "The service is temporarily unavailable. Please try again.") =>
    new AppError("unavailable", message, {
      status: 503,
      retryable: true,
      cause,
    }),
};
