import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import { AppError, errors } from "../errors.js";
import { safeError, type Logger } from "../logger.js";
import { badTextError } from "../validation.js";

/** JSON errors `{"error":{"code","message"}}` — no stack traces, no SQL, in any answer. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let appError: AppError;
    if (error instanceof AppError) appError = error;
    else if ((error as { type?: string }).type === "entity.too.large")
      appError = new AppError("too_large", "The request body is too large.", { status: 413 });
    else if ((error as { type?: string }).type === "entity.parse.failed")
      appError = errors.badRequest("The request body is not valid JSON.");
    else appError = new AppError("internal", "Something went wrong on our side.", { status: 500, cause: error });
    if (appError.status >= 500) {
      const cause = appError.cause ?? error;
      logger.error({ err: safeError(cause), reqId: req.id, route: req.path, code: appError.code }, "request failed");
    }
    if (res.headersSent) return;
    res.status(appError.status).json({ error: appError.toJSON() });
  };
}

export const notFoundHandler: RequestHandler = (_req, _res, next) =>
  next(errors.notFound("No such route."));

/**
 * An async route: what it throws reaches the error handler; anything that is not an AppError (a
 * database that went away, say) is answered as `unavailable` (503), with the cause logged there.
 */
export function route(handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req, res, next) => {
    handler(req, res).catch((error: unknown) => next(error instanceof AppError ? error : (badTextError(error) ?? errors.unavailable(error))));
  };
}
