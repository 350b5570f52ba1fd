import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Config } from "./config.js";
import { connectDatabase, openDatabaseTarget, type Database, type DatabaseTarget } from "./db/index.js";
import { applyMigrations } from "./db/migrate.js";
import { createHttpApp } from "./http/app.js";
import { createLogger, safeError, type Logger } from "./logger.js";

export interface App {
  url: string;
  port: number;
  server: Server;
  database: Database;
  target: DatabaseTarget;
  logger: Logger;
  close(): Promise<void>;
}

export class StartupError extends Error {
  override name = "StartupError";
}

/** Waits for the database to answer, so that a wrong DATABASE_URL fails fast with a clear line. */
async function waitForDatabase(database: Database, target: DatabaseTarget, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      await database.sql`SELECT 1`;
      return;
    } catch (error) {
      const code = (error as { code?: string }).code ?? (error as Error).message;
      if (code === "28P01" || code === "3D000" || code === "28000" || Date.now() > deadline) {
        throw new StartupError(`cannot use the database (${target.description}): ${code}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/**
 * The composition root: config → database → migrations → HTTP → (socket.io, plugins). Returns `close`,
 * which stops everything it started, embedded PostgreSQL last.
 */
export async function startApp(config: Config, options: { logger?: Logger; host?: string } = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const target = await openDatabaseTarget(config);
  const database = connectDatabase(target.url, { max: 10, connectTimeoutS: 3 });
  const stopDatabase = async () => {
    await database.close().catch(() => {});
    await target.embedded?.stop();
  };
  try {
    await waitForDatabase(database, target, 8000);
    await applyMigrations(database);
  } catch (error) {
    await stopDatabase();
    throw error;
  }

  const app = createHttpApp({ config, database, logger });
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, options.host ?? "0.0.0.0", () => resolve());
  }).catch(async (error: NodeJS.ErrnoException) => {
    await stopDatabase();
    throw new StartupError(error.code === "EADDRINUSE" ? `PORT ${config.port} is already in use` : String(error.message));
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, provider: config.llm.provider }, "server listening");

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await stopDatabase();
      logger.info("server stopped");
    })().catch((error) => logger.error({ err: safeError(error) }, "error during shutdown")));

  return { url: `http://localhost:${port}`, port, server, database, target, logger, close };
}
