import { randomUUID } from "node:crypto";
import path from "node:path";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { createPassport } from "./auth/google.js";
import { createAuthRoutes } from "./auth/routes.js";
import { loadOrCreateSessionSecret } from "./auth/session-secret.js";
import { createSessionMiddleware } from "./auth/sessions.js";
import { createAdvisorPlugin } from "./agent/plugin.js";
import { rooms } from "./chat/events.js";
import { startInstanceHeartbeat } from "./chat/instances.js";
import type { ChatPlugin } from "./chat/plugins.js";
import { PluginHost } from "./chat/plugin-host.js";
import { createChatCore, type ChatCore } from "./chat/server.js";
import { openSocketAdapter, SocketAdapterError } from "./chat/adapter.js";
import { listMessagesForRuns } from "./chat/replies.js";
import type { Config } from "./config.js";
import { connectDatabase, openDatabaseTarget, type Database, type DatabaseTarget } from "./db/index.js";
import { onPoolWait } from "./db/client.js";
import { applyMigrations } from "./db/migrate.js";
import { DatabaseUnreachableError, waitForDatabase } from "./db/wait.js";
import { securityHeaders } from "./http/security-headers.js";
import { createHttpApp } from "./http/app.js";
import { trackConnections } from "./http/connections.js";
import { createLimiters, type Limiters } from "./http/limits.js";
import { originGuard } from "./http/origin.js";
import { createLogger, safeError, type Logger } from "./logger.js";
import { createAccountRoutes } from "./account/routes.js";
import { createPersonaPlugin } from "./personas/plugin.js";
import { createJournalPlugin } from "./journal/plugin.js";
import { loadPluginConfigs } from "./plugin-configs.js";
import { createWeatherPlugin } from "./weather/plugin.js";
import { createMetrics, measuredAdvisor, startMetricsServer, startPoolWaitProbe, type Metrics } from "./metrics.js";

export interface App {
  url: string;
  port: number;
  server: Server;
  database: Database;
  target: DatabaseTarget;
  logger: Logger;
  chat: ChatCore;
  instanceId: string;
  metrics: Metrics;
  /** The limiters in use (those counted in batches write their counts on `flush`). */
  limiters: Limiters;
  /** The file the session secret is kept in, when SESSION_SECRET is unset. */
  sessionSecretFile: string | undefined;
  /** Port of the metrics listener; undefined when METRICS_PORT is unset. */
  metricsPort: number | undefined;
  /** Stops accepting, lets running replies finish for up to `graceMs` (default 10 s), then closes everything. */
  close(options?: { graceMs?: number }): Promise<void>;
}

export class StartupError extends Error {
  override name = "StartupError";
}

/**
 * The plugins of Yonca Chat, in order (their panels appear in this order). Registering a plugin is one
 * line here; the core (server/chat) knows none of them. How to write one: docs/plugins.md.
 */
export function defaultPlugins(deps: { config: Config; logger: Logger }): ChatPlugin[] {
  // Each plugin's own variables (server/plugin-configs.ts), from the environment the core was read from.
  const configs = loadPluginConfigs(deps.config.env);
  return [
    // Required: no chat without the farmer's profile (session:error persona_unavailable, retryable).
    createPersonaPlugin({ config: configs.personas }),
    // The one answerer (onMessage); reads tools other plugins contribute at "advisor:tools".
    createAdvisorPlugin({ config: deps.config, llm: configs.agent, logger: deps.logger }),
    // Optional plugins below (a failure at chat start leaves their panel out, the chat usable).
    createWeatherPlugin(),
    createJournalPlugin(),
  ];
}

/**
 * The composition root: config → database → migrations → HTTP → socket.io → plugins. Returns `close`,
 * which stops everything it started, embedded PostgreSQL last.
 */
export async function startApp(
  config: Config,
  options: {
    logger?: Logger;
    host?: string;
    /** Instead of defaultPlugins (tests boot the core with their own). */
    plugins?: typeof defaultPlugins;
    /** Limiters used instead of the configured ones (the bench raises conversation creation to measure capacity). */
    limiters?: Partial<Limiters>;
  } = {},
): Promise<App> {
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
  const metrics = createMetrics();
  onPoolWait(database.sql, (seconds) => metrics.dbPoolWait.labels("transaction").observe(seconds));
  let adapter: Awaited<ReturnType<typeof openSocketAdapter>>;
  try {
    await waitForDatabase(database.sql, target.description, 5000);
    await applyMigrations(database);
    adapter = await openSocketAdapter({ config, database, databaseUrl: target.url, logger });
  } catch (error) {
    await stopDatabase();
    throw error instanceof DatabaseUnreachableError || error instanceof SocketAdapterError ? new StartupError(error.message) : error;
  }

  const server = createServer();
  const connections = trackConnections(server);
  const limiters: Limiters = { ...createLimiters(config, database.sql, logger), ...options.limiters };
  // Without SESSION_SECRET (never in production) the secret is kept with the data: sessions survive a restart.
  // In the embedded cluster's folder beside its superuser password (wherever a start by root put it), else .data/.
  const secretFile = config.sessionSecretFile ?? (target.embedded ? path.join(target.embedded.dir, "session-secret") : path.resolve(".data/session-secret"));
  const keptSecret = config.sessionSecretGenerated && !config.production ? await loadOrCreateSessionSecret(secretFile).catch(async (error) => {
    await stopDatabase();
    throw new StartupError(`cannot keep the session secret in ${secretFile}: ${(error as Error).message}`);
  }) : undefined;
  const sessionConfig = keptSecret ? { ...config, sessionSecrets: [keptSecret.secret] } : config;
  const { middleware: sessionMiddleware, store: sessionStore } = createSessionMiddleware(sessionConfig, database);
  const passport = createPassport(config, database, logger);

  let chat: ChatCore | undefined;
  const plugins = new PluginHost(
    (options.plugins ?? defaultPlugins)({ config, logger }).map((plugin) => measuredAdvisor(plugin, metrics)),
    { config, database, logger },
  );
  try {
    await plugins.setup();
  } catch (error) {
    await stopDatabase();
    throw error;
  }

  const app = createHttpApp(
    { config, database, logger },
    {
      before: (http) => {
        http.use(securityHeaders(config));
        http.use(express.json({ limit: "16kb" }));
        http.use(originGuard(config.allowedOrigins));
        http.use(sessionMiddleware);
        http.use(passport.initialize());
        http.use(passport.session());
      },
      routes: (http) => {
        http.use(
          createAuthRoutes({ config: sessionConfig, database, logger, passport, devLogins: limiters.devLogins, disconnectSession: (sid) => chat?.disconnectSession(sid), signedIn: (sid, user) => chat?.rememberSession(sid, user) }),
        );
        http.use(plugins.router());
        http.use(createAccountRoutes({ database, logger, allowedOrigins: config.allowedOrigins, plugins, exports: limiters.exports, chat: () => chat }));
      },
    },
  );
  server.on("request", app);
  chat = createChatCore({ httpServer: server, config, database, logger, sessionSecrets: sessionConfig.sessionSecrets, plugins, instanceId, adapter, metrics, limiters });

  const heartbeat = startInstanceHeartbeat({
    database,
    logger,
    instanceId,
    heartbeatMs: config.instanceHeartbeatMs,
    onOrphans: (runIds) => {
      listMessagesForRuns(database.sql, { runIds }).then((messages) => {
        for (const message of messages) {
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
    server.listen(config.port, options.host ?? config.host, () => resolve());
  }).catch(async (error: NodeJS.ErrnoException) => {
    await heartbeat.stop();
    await chat!.close();
    await stopDatabase();
    throw new StartupError(error.code === "EADDRINUSE" ? `PORT ${config.port} is already in use` : String(error.message));
  });
  const port = (server.address() as AddressInfo).port;
  // Metrics on their own listener (METRICS_PORT, loopback by default); off when unset.
  let metricsServer: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
  let poolProbe: { stop(): void } | undefined;
  if (config.metrics) {
    metricsServer = await startMetricsServer(metrics, { ...config.metrics, logger }).catch(async (error: NodeJS.ErrnoException) => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await chat!.close();
      await heartbeat.stop();
      await stopDatabase();
      throw new StartupError(
        error.code === "EADDRINUSE" ? `METRICS_PORT ${config.metrics!.port} is already in use` : `METRICS_HOST: ${String(error.message)}`,
      );
    });
    poolProbe = startPoolWaitProbe(database.sql, metrics);
  }
  logger.info({ port, instanceId, socketAdapter: config.socketAdapter }, "server listening");

  let closing: Promise<void> | undefined;
  const close = (closeOptions: { graceMs?: number } = {}) =>
    (closing ??= (async () => {
      const started = performance.now();
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      connections.stopKeepAlive();
      await chat!.close({ graceMs: closeOptions.graceMs ?? 10_000 });
      const chatClosedMs = Math.round(performance.now() - started);
      // Scrapes still answer while replies drain.
      poolProbe?.stop();
      await metricsServer?.close();
      await connections.endAll(httpClosed, 1000);
      sessionStore.close();
      await heartbeat.stop();
      await stopDatabase();
      logger.info({ ms: Math.round(performance.now() - started), chatClosedMs }, "server stopped");
    })().catch((error) => logger.error({ err: safeError(error) }, "error during shutdown")));

  return { url: `http://localhost:${port}`, port, server, database, target, logger, chat, instanceId, metrics, limiters, metricsPort: metricsServer?.port, sessionSecretFile: keptSecret ? secretFile : undefined, close };
}
