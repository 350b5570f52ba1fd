/**
 * Errors the advisor rejects with. The chat core maps `code` to `chat:error`; an AbortError means
 * the run was stopped (chat:stop) and the partial text is kept.
 */
export type AdvisorErrorCode = "model_timeout" | "model_error" | "incomplete_stream";

export class AdvisorError extends Error {
  readonly code: AdvisorErrorCode;
  /** Model calls made before giving up (1 + retries actually used). */
  readonly attempts: number;

  constructor(code: AdvisorErrorCode, message: string, options: { cause?: unknown; attempts?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = "AdvisorError";
    this.code = code;
    this.attempts = options.attempts ?? 1;
  }
}

/** The error `run` rejects with when its signal aborts. */
export class AdvisorAbortError extends Error {
  constructor(message = "The advisor run was stopped.") {
    super(message);
    this.name = "AbortError";
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === "AbortError";
}

/** Resolves after `ms`, or rejects with an AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AdvisorAbortError());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AdvisorAbortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
