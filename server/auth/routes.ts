import { Router, type Request, type RequestHandler } from "express";
import { z } from "zod";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { errors } from "../errors.js";
import type { Limiter } from "../http/limits.js";
import { singleLineText } from "../validation.js";
import { route } from "../http/errors.js";
import type { Logger } from "../logger.js";
import type { createPassport } from "./google.js";
import { SESSION_COOKIE, sessionIdFromCookie, type SessionUser } from "./sessions.js";
import { upsertUser } from "./users.js";

const devLoginBody = z.object({
  email: z.string().trim().toLowerCase().max(254).email(),
  name: singleLineText().pipe(z.string().trim().max(100)).optional(),
});

const CALLBACK_TIMEOUT_MS = 10_000;

export interface AuthDeps {
  config: Config;
  database: Database;
  logger: Logger;
  passport: ReturnType<typeof createPassport>;
  /** Dev logins per client address (req.ip, after TRUST_PROXY). */
  devLogins: Limiter;
  /** Closes every socket of a session (on every instance): called after logout. */
  disconnectSession(sessionId: string): void;
  /** A session that has just signed in, with its user: its first connect on this instance need not look the user up. */
  signedIn?(sessionId: string, user: SessionUser): void;
}

import { currentUser, requireUser } from "../http/user.js";
export { currentUser, requireUser };

/**
 * A request from this machine: the peer is a loopback address, and so is the client a trusted proxy names
 * (a proxy on this machine forwarding a remote client is not this machine).
 */
export function fromThisMachine(req: Request): boolean {
  return isLoopbackAddress(req.socket.remoteAddress) && isLoopbackAddress(req.ip);
}

function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const bare = address.replace(/^::ffff:/i, "");
  return bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare);
}

export function createAuthRoutes(deps: AuthDeps): Router {
  const { config, database, logger, passport } = deps;
  const log = logger.child({ module: "auth" });
  const router = Router();

  router.get("/auth/providers", (req, res) => {
    res.json({ google: Boolean(config.google), devLogin: config.devLogin && fromThisMachine(req) });
  });

  router.get("/auth/google", (req, res, next) => {
    if (!config.google) return next(errors.notFound("Google sign-in is not configured."));
    passport.authenticate("google", { session: false })(req, res, next);
  });

  router.get("/auth/google/callback", (req, res, next) => {
    if (!config.google) return next(errors.notFound("Google sign-in is not configured."));
    let answered = false;
    const finish = (to: string) => {
      if (answered || res.headersSent) return;
      answered = true;
      clearTimeout(timer);
      res.redirect(302, to);
    };
    // The provider's token or userinfo endpoint may hang; the farmer gets an answer anyway.
    const timer = setTimeout(() => {
      log.warn({ reqId: req.id }, "identity provider timed out");
      finish("/?error=provider_timeout");
    }, CALLBACK_TIMEOUT_MS);

    passport.authenticate("google", (error: unknown, user: SessionUser | false, info: { message?: string } | undefined) => {
      if (answered) return;
      if (error) {
        log.warn({ reqId: req.id, reason: (error as { code?: string }).code ?? (error as Error).name }, "Google sign-in failed");
        return finish("/?error=provider_error");
      }
      if (!user) {
        const reason = /state/i.test(info?.message ?? "") ? "invalid_state" : req.query.error ? "access_denied" : "sign_in_failed";
        log.info({ reqId: req.id, reason }, "Google sign-in refused");
        return finish(`/?error=${reason}`);
      }
      req.login(user, (loginError) => {
        if (loginError) return next(loginError);
        log.info({ reqId: req.id, userId: user.id }, "signed in with Google");
        deps.signedIn?.(req.sessionID, user);
        finish("/");
      });
    })(req, res, next);
  });

  router.post("/auth/dev-login", route(async (req, res) => {
    if (!config.devLogin) throw errors.notFound("Dev login is off.");
    // Anyone who reaches it signs in as any email: only this machine may (whatever HOST binds to).
    if (!fromThisMachine(req)) throw errors.forbidden("Dev login is only available on this machine.");
    if (!(await deps.devLogins.allow(req.ip ?? "unknown"))) {
      throw errors.rateLimited("Too many sign-ins from this address. Please wait a minute.");
    }
    const parsed = devLoginBody.safeParse(req.body ?? {});
    if (!parsed.success) throw errors.badRequest("Enter a valid email address.", { fieldErrors: z.flattenError(parsed.error).fieldErrors });
    const user = await upsertUser(database.sql, { email: parsed.data.email, name: parsed.data.name ?? null });
    const sessionUser: SessionUser = { id: user.id, email: user.email, name: user.name };
    if (sessionIdFromCookie(req.headers.cookie, config.sessionSecrets) === undefined) {
      // A request without a session of its own: express-session made this one for it, unseen by anybody.
      // Nothing to regenerate (no fixation possible): the user goes in, and the one save at the response's end stores it.
      req.session.passport = { user: sessionUser };
    } else {
      // passport's login regenerates the session the request came with (no fixation), then saves it.
      await new Promise<void>((resolve, reject) => req.login(sessionUser, (e) => (e ? reject(e) : resolve())));
    }
    log.info({ reqId: req.id, userId: user.id }, "signed in with dev login");
    deps.signedIn?.(req.sessionID, sessionUser);
    res.status(204).end();
  }));

  router.post("/auth/logout", (req, res, next) => {
    const sessionId = req.sessionID;
    const hadUser = Boolean(req.user);
    const done = () => {
      res.clearCookie(SESSION_COOKIE, { path: "/" });
      if (hadUser) deps.disconnectSession(sessionId);
      res.status(204).end();
    };
    if (!req.session) return done();
    req.session.destroy((error) => (error ? next(errors.unavailable(error)) : done()));
  });

  return router;
}
