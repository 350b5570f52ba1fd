import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Sql } from "postgres";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ChatPlugin } from "./chat/plugins.js";
import { safeError, type Logger } from "./logger.js";

/**
 * The app's Prometheus metrics (one registry per app, so two apps in one process — tests — stay apart).
 * Labels are bounded sets (outcomes, error codes, providers): never a user, conversation or run id.
 */
export interface Metrics {
  registry: Registry;
  socketConnects: Counter<"outcome">;
  sessionReady: Histogram<"outcome">;
  activeSockets: Gauge;
  /** The plugins' chat-start work per connection (yonca_plugin_chat_start_seconds; the field keeps its first name). */
  provisioning: Histogram<"outcome">;
  chatSends: Counter;
  chatAcks: Histogram<"status">;
  firstToken: Histogram<"provider">;
  tokensRelayed: Counter<"provider">;
  /**
   * The tally of tokens relayed for a provider: a plain count, added to `tokensRelayed` when the registry
   * is read (prom-client's `collect`). A labelled `inc()` per token was ~2 % of the app's CPU at K = 500.
   */
  tokenTally(provider: string): { count: number };
  replies: Histogram<"provider" | "outcome">;
  dbPoolWait: Histogram<"kind">;
}

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(): Metrics {
  const registry = new Registry();
  const tallies = new Map<string, { count: number }>();
  return {
    registry,
    socketConnects: new Counter({
      name: "yonca_socket_connects_total",
      help: "Socket.IO handshakes that reached the session check, by outcome (accepted, unauthorized, too_many_connections).",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    sessionReady: new Histogram({
      name: "yonca_session_ready_seconds",
      help: "From a socket's connection to session:ready (outcome ready) or session:error (outcome error).",
      labelNames: ["outcome"],
      buckets: latencyBuckets,
      registers: [registry],
    }),
    activeSockets: new Gauge({ name: "yonca_sockets_active", help: "Sockets connected to this instance.", registers: [registry] }),
    provisioning: new Histogram({
      name: "yonca_plugin_chat_start_seconds",
      help: "The plugins' chat-start work on a connection (onChatStart, all plugins together), by outcome (ok, a required plugin's unavailable code, error).",
      labelNames: ["outcome"],
      buckets: latencyBuckets,
      registers: [registry],
    }),
    chatSends: new Counter({ name: "yonca_chat_sends_total", help: "chat:send events received.", registers: [registry] }),
    chatAcks: new Histogram({
      name: "yonca_chat_send_ack_seconds",
      help: "From chat:send received to its ack, by status (OK or the error code).",
      labelNames: ["status"],
      buckets: latencyBuckets,
      registers: [registry],
    }),
    firstToken: new Histogram({
      name: "yonca_reply_first_token_seconds",
      help: "From the start of a reply (right after the send's ack) to its first token, by provider.",
      labelNames: ["provider"],
      buckets: latencyBuckets,
      registers: [registry],
    }),
    tokensRelayed: new Counter({
      name: "yonca_reply_tokens_total",
      help: "Tokens handed from the model to the chat relay, by provider.",
      labelNames: ["provider"],
      registers: [registry],
      collect() {
        for (const [provider, tally] of tallies) {
          if (tally.count === 0) continue;
          this.labels(provider).inc(tally.count);
          tally.count = 0;
        }
      },
    }),
    tokenTally(provider) {
      let tally = tallies.get(provider);
      if (!tally) tallies.set(provider, (tally = { count: 0 }));
      return tally;
    },
    replies: new Histogram({
      name: "yonca_reply_duration_seconds",
      help: "Reply duration from start to end, by provider and outcome (complete, stopped, error); its _count counts outcomes.",
      labelNames: ["provider", "outcome"],
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 20, 40, 80],
      registers: [registry],
    }),
    dbPoolWait: new Histogram({
      name: "yonca_db_pool_wait_seconds",
      help:
        "Time to get a connection from the app's PostgreSQL pool: kind=transaction for every transaction, kind=probe for a " +
        "connection reserved every 2 s while metrics are on (it queues behind waiting queries, like any query would).",
      labelNames: ["kind"],
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}

/**
 * A plugin that answers (the advisor) with its replies measured at the plugin boundary: first token, tokens, duration and
 * outcome by provider. Wrapping here keeps the measuring out of the streaming code (server/chat/runs.ts).
 */
export function measuredAdvisor(plugin: ChatPlugin, metrics: Metrics): ChatPlugin {
  // Other plugins pass through untouched.
  const onMessage = plugin.onMessage;
  if (!onMessage) return plugin;
  const provider = plugin.model?.provider ?? "none";
  const tokens = metrics.tokenTally(provider);
  const firstToken = metrics.firstToken.labels(provider);
  return {
    ...plugin,
    onMessage: async (ctx) => {
      const started = performance.now();
      let first = true;
      let outcome: "complete" | "stopped" | "error" = "complete";
      try {
        return await onMessage.call(plugin, {
          ...ctx,
          emitToken: (delta) => {
            if (delta !== "" && !ctx.signal.aborted) {
              if (first) {
                first = false;
                firstToken.observe((performance.now() - started) / 1000);
              }
              tokens.count += 1;
            }
            ctx.emitToken(delta);
          },
        });
      } catch (error) {
        outcome = ctx.signal.aborted ? "stopped" : "error";
        throw error;
      } finally {
        if (outcome === "complete" && ctx.signal.aborted) outcome = "stopped";
        metrics.replies.labels(provider, outcome).observe((performance.now() - started) / 1000);
      }
    },
  };
}

/** Samples pool wait every `everyMs`: how long a connection takes to come free right now. */
export function startPoolWaitProbe(sql: Sql, metrics: Metrics, everyMs = 2000): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    const started = performance.now();
    sql.reserve().then(
      (connection) => {
        metrics.dbPoolWait.labels("probe").observe((performance.now() - started) / 1000);
        connection.release();
        running = false;
      },
      () => {
        running = false;
      },
    );
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * Serves GET /metrics (Prometheus text) on its own listener, so it can stay on loopback or a private
 * interface while the app is public. Event-loop delay, GC, heap and CPU come from prom-client's defaults.
 */
export async function startMetricsServer(
  metrics: Metrics,
  options: { port: number; host: string; logger: Logger },
): Promise<{ port: number; close(): Promise<void> }> {
  collectDefaultMetrics({ register: metrics.registry });
  const server: Server = createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "not_found", message: "Metrics are at GET /metrics." } }));
      return;
    }
    metrics.registry.metrics().then(
      (text) => {
        res.writeHead(200, { "content-type": metrics.registry.contentType });
        res.end(text);
      },
      (error: unknown) => {
        options.logger.warn({ err: safeError(error) }, "metrics collection failed");
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "unavailable", message: "Metrics could not be collected." } }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ port, host: options.host }, "metrics listening");
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
