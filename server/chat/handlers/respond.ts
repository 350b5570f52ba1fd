import { AppError } from "../../errors.js";
import { safeError, type Logger } from "../../logger.js";
import { badTextError } from "../../validation.js";
import type { Response } from "../events.js";

type Ack<T> = (res: Response<T>) => void;

/**
 * Wraps a socket event handler: no ack → ignored (the protocol requires one); a thrown AppError
 * becomes `{status:"ERROR"}` with its code; anything else is logged and answered `unavailable`.
 * Nothing a client sends can crash the process.
 */
export function handler<P, T>(
  logger: Logger,
  event: string,
  fn: (payload: unknown) => Promise<T>,
): (payload: P, ack: Ack<T>) => void {
  return (payload, ack) => {
    if (typeof ack !== "function") return;
    fn(payload).then(
      (data) => ack({ status: "OK", data }),
      (caught: unknown) => {
        const error = badTextError(caught) ?? caught;
        if (error instanceof AppError && error.status < 500) {
          ack({ status: "ERROR", error: { code: error.code, message: error.message } });
          return;
        }
        logger.warn({ event, err: safeError(error) }, "socket handler failed");
        const code = error instanceof AppError ? error.code : "unavailable";
        ack({ status: "ERROR", error: { code, message: "The service is temporarily unavailable. Please try again." } });
      },
    );
  };
}
