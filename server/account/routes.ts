import { Router, type Request } from "express";
import { z } from "zod";
import { SESSION_COOKIE } from "../auth/sessions.js";
import type { ChatCore } from "../chat/server.js";
import type { PluginHost } from "../chat/plugin-host.js";
import type { Database } from "../db/client.js";
import { AppError, errors } from "../errors.js";
import { route } from "../http/errors.js";
import type { Limiter } from "../http/limits.js";
import { currentUser, requireUser } from "../http/user.js";
import { safeError, type Logger } from "../logger.js";
import { deleteAccount, streamingRunsOf } from "./delete.js";
import { writeExport } from "./export.js";

const deleteBody = z.object({ confirm: z.string().max(300) }).strict();

/**
 * A download starts only from this app's own pages: a browser says where a request comes from in
 * Sec-Fetch-Site (and Origin when it sends one); a link or script on another site is refused.
 */
function sameOrigin(req: Request, allowedOrigins: string[]): boolean {
  const site = req.get("sec-fetch-site");
  if (site !== undefined && site !== "same-origin" && site !== "none") return false;
  const origin = req.get("origin");
  return origin === undefined || allowedOrigins.includes(origin);
}

/**
 * The farmer's own account: GET /api/me/export, their data as one zip; DELETE /api/me, every
 * row of theirs gone, their sockets closed on every instance and their streaming replies stopped.
 */
export function createAccountRoutes(deps: {
  database: Database;
  logger: Logger;
  allowedOrigins: string[];
  plugins: PluginHost;
  exports: Limiter;
  chat: () => ChatCore | undefined;
}): Router {
  const log = deps.logger.child({ module: "account" });
  const router = Router();
  const { sql } = deps.database;

  router.get("/api/me/export", requireUser, route(async (req, res) => {
    if (!sameOrigin(req, deps.allowedOrigins)) throw new AppError("forbidden_origin", "Download your data from the app itself.", { status: 403 });
    const user = currentUser(req);
    if (!(await deps.exports.allow(user.id))) {
      throw errors.rateLimited("You have just downloaded your data. Please wait a minute.");
    }
    const language = req.query.lang === "en" ? "en" : "az";
    const day = new Date().toISOString().slice(0, 10);
    res.status(200);
    res.setHeader("content-type", "application/zip");
    res.setHeader("content-disposition", `attachment; filename="yonca-${day}.zip"`);
    res.setHeader("cache-control", "no-store");
    try {
      await writeExport({ sql, plugins: deps.plugins }, { user, language, out: res });
      log.info({ reqId: req.id, userId: user.id }, "data exported");
    } catch (error) {
      log.warn({ reqId: req.id, userId: user.id, err: safeError(error) }, "data export failed");
      if (!res.headersSent) {
        // Nothing sent yet (a part failed before the first byte): a plain error answer.
        res.removeHeader("content-disposition");
        res.removeHeader("content-type");
        throw errors.unavailable(error);
      }
      // Headers are gone: end the connection so the browser reports a failed download, not a short zip.
      res.destroy();
    }
  }));

  router.delete("/api/me", requireUser, route(async (req, res) => {
    const user = currentUser(req);
    const body = deleteBody.safeParse(req.body ?? {});
    if (!body.success) throw errors.badRequest('Send {"confirm": "<your email>"}.');
    if (body.data.confirm.trim().toLowerCase() !== user.email.toLowerCase()) {
      throw new AppError("confirmation_mismatch", "Type your email address exactly to delete the account.", { status: 400 });
    }
    const chat = deps.chat();
    // A reply streaming for the farmer stops first, so it does not write into rows being deleted.
    await chat?.stopReplies(await streamingRunsOf(sql, user.id));
    const deleted = await deleteAccount(sql, deps.plugins, user);
    // The sessions' deletion already NOTIFYs every instance; the user's room reaches every tab at once.
    chat?.disconnectUser(user.id);
    log.info({ reqId: req.id, userId: user.id, deleted }, "account deleted");
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie(SESSION_COOKIE, { path: "/" });
    res.status(204).end();
  }));

  return router;
}
