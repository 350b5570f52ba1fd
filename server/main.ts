import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import helmet from "helmet";
import { createPassport } from "./auth/google.js";
import { createAuthRoutes } from "./auth/routes.js";
import { createSessionMiddleware } from "./auth/sessions.js";
import { createAdvisorPlugin } from "./agent/plugin.js";
import { rooms } from "./chat/events.js";
import { startInstanceHeartbeat } from "./chat/instances.js";
import type { ChatPlugin } from "./chat/plugins.js";
import { createChatCore, type ChatCore } from "./chat/server.js";
import { messageFromRow } from "./chat/store.js";
import type { Config } from "./config.js";
import { connectDatabase, openDatabaseTarget, type Database, type DatabaseTarget } from "./db/index.js";
import { applyMigrations } from "./db/migrate.js";
import { DatabaseUnreachableError, waitForDatabase } from "./db/wait.js";
import { createHttpApp } from "./http/app.js";
import { originGuard } from "./http/origin.js";
import { createLogger, safeError, type Logger } from "./logger.js";
import { createAdminRoutes } from "./personas/admin.js";
import { createPersonaPlugin } from "./personas/plugin.js";

export interface App {
  url: string;
  port: number;
  server: Server;
  database: Database;
  target: DatabaseTarget;
  logger: Logger;
  chat: ChatCore;
  instanceId: string;
  /** Stops accepting, lets running replies finish for up to `graceMs` (default 10 s), then closes everything. */
  close(options?: { graceMs?: number }): Promise<void>;
}

export class StartupError extends Error {
  override name = "StartupError";
}

/**
 * The composition root: config → database → migrations → HTTP → socket.io → plugins. Returns `close`,
 * which stops everything it started, embedded PostgreSQL last.
 */
export async function startApp(config: Config, options: { logger?: Logger; host?: string } = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const instanceId = randomUUID();
  const target = await openDatabaseTarget(config);
  // Pool and statement timeout set on purpose: 20 connections per instance leave room for several
  // instances under PostgreSQL's default 100; no statement may hold a request for more than 10 s.
  // A send and a finished reply are one pipelined round trip each (server/chat/store.ts), so a connection
  // is held ~1 ms per send: 20 carry hundreds of sends a second; more would only queue inside PostgreSQL.
  const database = connectDatabase(target.url, { max: 20, connectTimeoutS: 3, statementTimeoutMs: 10_000 });
  const stopDatabase = async () => {
    await database.close().catch(() => {});
    await target.embedded?.stop();
  };
  try {
    await waitForDatabase(database.sql, target.description, 5000);
    await applyMigrations(database);
  } catch (error) {
    await stopDatabase();
    throw error instanceof DatabaseUnreachableError ? new StartupError(error.message) : error;
  }

  const server = createServer();
  const { middleware: sessionMiddleware, store: sessionStore } = createSessionMiddleware(config, database);
  const passport = createPassport(config, database, logger);

  let chat: ChatCore | undefined;
  const plugins: ChatPlugin[] = [
    createPersonaPlugin({
      database,
      broadcast: () => ({ toUser: (userId, persona) => chat?.io.to(rooms.user(userId)).emit("persona:updated", { persona }) }),
    }),
    createAdvisorPlugin({
      config,
      database,
      logger,
      onPersonaUpdated: (persona) => chat?.io.to(rooms.user(persona.userId)).emit("persona:updated", { persona }),
    }),
  ];

  const app = createHttpApp(
    { config, database, logger },
    {
      before: (http) => {
        http.use(
          helmet({
            contentSecurityPolicy: {
              directives: {
                "default-src": ["'self'"],
                "script-src": ["'self'"],
                "style-src": ["'self'", "'unsafe-inline'"],
                "img-src": ["'self'", "data:", "https:"],
                "font-src": ["'self'", "data:"],
                "connect-src": ["'self'", "ws:", "wss:"],
                "frame-ancestors": ["'none'"],
                "form-action": ["'self'", new URL(config.google?.authorizationUrl ?? config.publicUrl).origin],
                "upgrade-insecure-requests": config.publicUrl.startsWith("https://") ? [] : null,
              },
            },
            crossOriginEmbedderPolicy: false,
          }),
        );
        http.use(express.json({ limit: "16kb" }));
        http.use(originGuard(config.allowedOrigins));
        http.use(sessionMiddleware);
        http.use(passport.initialize());
        http.use(passport.session());
      },
      routes: (http) => {
        http.use(
          createAuthRoutes({ config, database, logger, passport, disconnectSession: (sid) => chat?.disconnectSession(sid) }),
        );
        const api = express.Router();
        for (const plugin of plugins) plugin.routes?.(api);
        http.use(api);
        http.use(createAdminRoutes({ config, database }));
      },
    },
  );
  server.on("request", app);
  chat = createChatCore({ httpServer: server, config, database, logger, sessionMiddleware, plugins, instanceId, databaseUrl: target.url });

  const heartbeat = startInstanceHeartbeat({
    database,
    logger,
    instanceId,
    heartbeatMs: config.instanceHeartbeatMs,
    onOrphans: (runIds) => {
      database.sql`SELECT * FROM messages WHERE run_id = ANY(${runIds}::uuid[])`.then((rows) => {
        for (const row of rows) {
          const message = messageFromRow(row);
          const room = rooms.conversation(message.conversationId);
          chat?.io.to(room).emit("chat:error", {
            runId: message.runId!,
            conversationId: message.conversationId,
            code: "instance_lost",
            message: "This reply was interrupted. Please ask again.",
          });
          chat?.io.to(room).emit("chat:done", { runId: message.runId!, message });
        }
      }, () => {});
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, options.host ?? "0.0.0.0", () => resolve());
  }).catch(async (error: NodeJS.ErrnoException) => {
    await heartbeat.stop();
    await stopDatabase();
    throw new StartupError(error.code === "EADDRINUSE" ? `PORT ${config.port} is already in use` : String(error.message));
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, instanceId, provider: config.llm.provider }, "server listening");

  let closing: Promise<void> | undefined;
  const close = (closeOptions: { graceMs?: number } = {}) =>
    (closing ??= (async () => {
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await chat!.close({ graceMs: closeOptions.graceMs ?? 10_000 });
      server.closeAllConnections();
      await httpClosed;
      sessionStore.close();
      await heartbeat.stop();
      await stopDatabase();
      logger.info("server stopped");
    })().catch((error) => logger.error({ err: safeError(error) }, "error during shutdown")));

  return { url: `http://localhost:${port}`, port, server, database, target, logger, chat, instanceId, close };
}
