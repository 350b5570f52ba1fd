import { AppError } from "../errors.js";

/** The persona could not be loaded or saved: the client is told and retries; nothing unsaved is shown. */
export class PersonaUnavailableError extends AppError {
  constructor(cause: unknown) {
    super("persona_unavailable", "Your farmer profile could not be loaded right now. Please try again.", {
      status: 503,
      retryable: true,
      cause,
    });
    this.name = "PersonaUnavailableError";
  }
}
