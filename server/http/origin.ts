import type { RequestHandler } from "express";
import { AppError } from "../errors.js";

/**
 * Cookie-authenticated writes must come from an allowed origin (CSRF). Browsers send `Origin` on
 * cross-site and on same-origin POSTs; requests without it (curl, server-to-server) carry no ambient
 * browser credentials of a victim, so they pass to the usual session checks.
 */
export function originGuard(allowedOrigins: string[]): RequestHandler {
  return (req, _res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    if (isAllowedOrigin(req.get("origin"), allowedOrigins)) return next();
    next(new AppError("forbidden_origin", "This origin is not allowed.", { status: 403 }));
  };
}

/** One rule for HTTP writes and Socket.IO handshakes: no Origin (not a browser), or an allowed one. */
export function isAllowedOrigin(origin: string | undefined, allowedOrigins: string[]): boolean {
  return origin === undefined || allowedOrigins.includes(origin);
}
