import { randomUUID } from "node:crypto";
import express, { type Express, type RequestHandler } from "express";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { migrationsApplied } from "../db/migrate.js";
import type { Logger } from "../logger.js";
import { errorHandler, notFoundHandler } from "./errors.js";
import { serveWebApp } from "./static.js";

declare module "express-serve-static-core" {
  interface Request {
    id: string;
  }
}

export { WEB_DIST } from "./static.js";

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]);
}

/**
 * A request id on every request and answer; one log line per request (path only: queries carry OAuth
 * codes), at debug level in development so a terminal shows what matters (LOG_LEVEL=debug shows them).
 */
function requestLog(logger: Logger, level: "info" | "debug"): RequestHandler {
  const log = logger.child({ module: "http" });
  return (req, res, next) => {
    const incoming = req.get("x-request-id");
    req.id = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader("x-request-id", req.id);
    const started = performance.now();
    res.on("finish", () => {
      if (req.path === "/healthz" || req.path === "/readyz") return;
      log[level]({ reqId: req.id, method: req.method, route: req.path.slice(0, 100), status: res.statusCode, ms: Math.round(performance.now() - started) }, "request");
    });
    next();
  };
}

export interface HttpParts {
  /** Routes mounted after the health checks and before the web app (auth, /api). */
  routes?: (app: Express) => void;
  /** Middleware that runs before every route (sessions, helmet, origin checks). */
  before?: (app: Express) => void;
}

export function createHttpApp(deps: { config: Config; database: Database; logger: Logger }, parts: HttpParts = {}): Express {
  const { database, logger } = deps;
  const app = express();
  app.disable("x-powered-by");
  // TRUST_PROXY (unset: none): which peers may say who the client is in X-Forwarded-For; req.ip keys the limits.
  app.set("trust proxy", deps.config.trustProxy);
  app.use(requestLog(logger, deps.config.nodeEnv === "development" ? "debug" : "info"));

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  app.get("/readyz", async (_req, res) => {
    try {
      const ready = await withTimeout(migrationsApplied(database), 2000, "database check");
      if (ready) res.json({ status: "ready" });
      else res.status(503).json({ status: "unavailable", reason: "migrations_pending" });
    } catch (error) {
      logger.warn({ code: (error as { code?: string }).code }, "readiness check failed");
      res.status(503).json({ status: "unavailable", reason: "database_unreachable" });
    }
  });

  parts.before?.(app);
  parts.routes?.(app);

  serveWebApp(app, deps.config.webDist);

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
