import { createHash } from "node:crypto";
import { createAdapter as createPostgresAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { safeError, type Logger } from "../logger.js";
import { openRedisAdapter } from "./adapter-redis.js";
import { deliverLocallyFirst, type PublishingAdapter } from "./local-first.js";
import type { ChatServer } from "./plugins.js";
import type { SocketAdapter } from "./socket-adapter.js";

/**
 * Opening the Socket.IO adapter that SOCKET_ADAPTER names: PostgreSQL (here) or Redis (./adapter-redis.ts).
 * Both deliver to this instance's sockets first (./local-first.ts); with Redis a conversation's events go by
 * the room's own channel (./room-channels.ts).
 */
export { SocketAdapterError, type SocketAdapter } from "./socket-adapter.js";

/**
 * Instances belong together exactly when they share a database, so the Redis stream and channels are
 * named after the database (cluster id + database name): deployments or test runs that share one Redis
 * never hear each other, and no extra setting can be set differently on two instances of one deployment.
 */
export async function redisNamespaceFor(database: Database): Promise<string> {
  const [row] = await database.sql<{ id: string }[]>`
    SELECT (SELECT system_identifier FROM pg_control_system())::text || '/' || current_database() AS id`;
  return `yonca:${createHash("sha256").update(row!.id).digest("hex").slice(0, 12)}`;
}

export async function openSocketAdapter(deps: {
  config: Config;
  database: Database;
  databaseUrl: string;
  logger: Logger;
}): Promise<SocketAdapter | undefined> {
  const { config } = deps;
  const logger = deps.logger.child({ module: "socket-adapter" });
  if (config.socketAdapter === "postgres") return openPostgresAdapter(deps.databaseUrl, logger);
  if (config.socketAdapter === "redis") return openRedisAdapter(config.redisUrl, await redisNamespaceFor(deps.database), logger);
  return undefined;
}

function openPostgresAdapter(databaseUrl: string, logger: Logger): SocketAdapter {
  // Two connections: one LISTENs, one publishes. One publisher keeps NOTIFYs — and so a reply's tokens — in order.
  // The `pg` pool is the adapter's own; the app uses postgres.js.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, application_name: "yonca-chat-adapter" });
  pool.on("error", (error) => logger.warn({ err: safeError(error) }, "socket adapter connection lost"));
  return {
    kind: "postgres",
    redisKeys: [],
    listening: () => Promise.resolve(),
    install(io) {
      const factory = createPostgresAdapter(pool, {
        errorHandler: (error) => logger.warn({ err: safeError(error) }, "socket adapter error"),
        heartbeatInterval: 2000,
        heartbeatTimeout: 6000,
      });
      io.adapter(function postgresAdapter(nsp: unknown) {
        return deliverLocallyFirst(factory(nsp) as unknown as PublishingAdapter, logger);
      } as unknown as Parameters<ChatServer["adapter"]>[0]);
    },
    close: () => pool.end().catch(() => {}),
  };
}
