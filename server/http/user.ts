import type { RequestHandler } from "express";
import { errors } from "../errors.js";

/** The signed-in user as passport leaves it on the request (server/auth/sessions.ts stores it in the session). */
export interface RequestUser {
  id: string;
  email: string;
  name: string | null;
}

/**
 * For every route that needs a signed-in user (auth's and the plugins'): here, not in server/auth, so
 * plugins need not import auth and auth need not know them.
 */
export const requireUser: RequestHandler = (req, _res, next) => {
  if (!req.user) return next(errors.unauthorized());
  next();
};

export function currentUser(req: { user?: unknown }): RequestUser {
  return req.user as RequestUser;
}
