import type { Server as HttpServer } from "node:http";
import type { Sql } from "postgres";
import { Server } from "socket.io";
import type { Config } from "../config.js";
import { pipelined, type Database } from "../db/client.js";
import { AppError } from "../errors.js";
import { safeError, type Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { SocketAdapter } from "./adapter.js";
import { UserSocketCap } from "./socket-cap.js";
import { isAllowedOrigin } from "../http/origin.js";
import { clientAddress, compileTrust } from "../http/client-address.js";
import type { Limiters } from "../http/limits.js";
import { getLiveSession, listenForEndedSessions } from "../auth/revocation.js";
import { rooms, type SessionReady } from "./events.js";
import { handshakeAuthSchema } from "./payloads.js";
import type { ChatServer } from "./plugins.js";
import { PluginUnavailableError, type PluginHost } from "./plugin-host.js";
import { QuestionBatches } from "./questions.js";
import { SearchGate } from "./search-gate.js";
import { ReplyRuns } from "./runs.js";
import { readForConnect } from "./connect-read.js";
import { authorizeHandshakes } from "./handshake.js";
import { measuredProvisioning, measuredSend } from "./measure.js";
import { flushEngine } from "./engine-flush.js";
import { chatSend } from "./handlers/send.js";
import { chatStop } from "./handlers/stop.js";
import { conversationList, conversationNew, conversationOpen, remoteSnapshots, watchConversation, withLiveReplies } from "./handlers/conversations.js";
import { handler } from "./handlers/respond.js";
import { registerConversationManagement } from "./handlers/register-management.js";
import type { ChatSocket, HandlerDeps } from "./handlers/types.js";

export const MAX_SOCKET_PACKET_BYTES = 64 * 1024;

export interface ChatCore {
  io: ChatServer;
  runs: ReplyRuns;
  /** Disconnects every socket of a session, on every instance (logout). */
  disconnectSession(sessionId: string): void;
  /** Remembers the user of a session that has just signed in here, so that its first connect is one round trip. */
  rememberSession(sessionId: string, user: { id: string; email: string; name: string | null }): void;
  /** Disconnects every socket of a user, on every instance (account deletion). */
  disconnectUser(userId: string): void;
  /** Stops these replies wherever they run; waits (at most `timeoutMs`) for this instance's to be stored. */
  stopReplies(runIds: string[], timeoutMs?: number): Promise<void>;
  close(options?: { graceMs?: number }): Promise<void>;
}

export function createChatCore(deps: {
  httpServer: HttpServer;
  config: Config;
  database: Database;
  logger: Logger;
  /** The secrets that verify the session cookie (the first signs, all verify). */
  sessionSecrets: string[];
  /** The registered plugins, already set up (server/chat/plugin-host.ts). */
  plugins: PluginHost;
  instanceId: string;
  /** Carries events between instances (server/chat/adapter.ts); undefined = this instance alone. */
  adapter?: SocketAdapter;
  metrics?: Metrics;
  limiters: Limiters;
}): ChatCore {
  const { config, database, plugins, instanceId } = deps;
  const logger = deps.logger.child({ module: "chat" });
  const trust = compileTrust(config.trustProxy);
  const metrics = deps.metrics;

  const io: ChatServer = new Server(deps.httpServer, {
    path: "/socket.io",
    maxHttpBufferSize: MAX_SOCKET_PACKET_BYTES,
    serveClient: false,
    cors: { origin: config.allowedOrigins, credentials: true },
    // CORS does not cover WebSocket: the Origin of every handshake (both transports) is checked here.
    allowRequest: (req, callback) => {
      if (!isAllowedOrigin(req.headers.origin, config.allowedOrigins)) return callback("forbidden origin", false);
      // Keyed on the client address TRUST_PROXY yields (the peer when unset; an IPv6 address by its /64),
      // counted in this instance's memory: a handshake without a session costs no query and no row. Those
      // with a session are counted across instances too (sessionHandshakes, below).
      deps.limiters.handshakes.allow(clientAddress(req, trust)).then(
        (allowed) => (allowed ? callback(null, true) : callback("too many handshakes", false)),
        () => callback(null, true),
      );
    },
  });

  // Several instances: events to rooms, disconnects and server-side emits cross instances through
  // PostgreSQL LISTEN/NOTIFY or Redis streams (SOCKET_ADAPTER).
  deps.adapter?.install(io);
  const socketCap = new UserSocketCap({ io, max: config.chat.maxSocketsPerUser, crossInstance: !!deps.adapter, logger });

  plugins.attach(io);
  const advisor = plugins.answerer;
  const runs = new ReplyRuns({ io, database, logger: deps.logger, advisor, observe: (ctx) => plugins.observe(ctx) });
  const questions = new QuestionBatches({ sql: database.sql });
  const searches = new SearchGate();

  io.on("run:stop", ({ runId }) => {
    runs.stop(runId);
  });
  io.on("run:snapshot", ({ runId }, ack) => {
    ack(runs.snapshot(runId) ?? null);
  });

  /** Text so far of a reply streaming on this or (with the adapter) another instance. */
  const snapshotAnywhere = async (runId: string, conversationId: string) => {
    const local = runs.snapshot(runId);
    if (local || !deps.adapter) return local;
    // The asking socket has joined the room: the tokens after the snapshot must reach this instance.
    await deps.adapter.listening(rooms.conversation(conversationId));
    return new Promise<{ content: string; seq: number } | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 1500);
      io.serverSideEmit("run:snapshot", { runId }, (error: Error | null, answers: ({ content: string; seq: number } | null)[]) => {
        clearTimeout(timer);
        resolve(error ? undefined : (answers ?? []).find((a) => a !== null) ?? undefined);
      });
    });
  };

  /** Plugins' chat starts (e.g. provisioning) and the connect read (list, open conversation, its messages: one
   * statement): they do not depend on each other, and on a pipelined `sql` their statements leave together. */
  const chatStart = (user: { id: string; email: string; name: string | null }, sql: Sql, requestedId: string | undefined) =>
    Promise.all([measuredProvisioning(metrics, plugins.start(user, sql)), readForConnect(sql, { userId: user.id, requestedId })]);
  type ChatStart = Awaited<ReturnType<typeof chatStart>>;

  // Who may connect (server/chat/handshake.ts): a live session, and no more than CHAT_MAX_SOCKETS_PER_USER
  // sockets. For a session this instance knows, the chat start rides with the session check.
  const sessionExpiry = new WeakMap<object, Date>();
  const prefetchedStarts = new WeakMap<object, Promise<ChatStart>>();
  const handshakes = authorizeHandshakes<ChatStart>({
    engine: io.engine,
    database,
    logger,
    metrics,
    sessionSecrets: deps.sessionSecrets,
    trust,
    sessionHandshakes: deps.limiters.sessionHandshakes,
    socketCap,
    prefetch: (user, sql) => chatStart(user, sql, undefined),
    admitted: (socket, expiresAt, prefetched) => {
      sessionExpiry.set(socket, expiresAt);
      if (prefetched) prefetchedStarts.set(socket, prefetched);
    },
  });
  io.use(handshakes.middleware);

  // A session that ends in SQL (logout on any instance, pruning, an operator's DELETE) closes its sockets here.
  const endSessionSockets = (sessionId: string | "*") => {
    handshakes.forget(sessionId);
    const target = sessionId === "*" ? io.local : io.local.in(rooms.session(sessionId));
    target.emit("server:closing", { reason: "logout" });
    target.disconnectSockets(true);
    // An account deleted anywhere ends its sessions: its replies streaming here have nothing left to write into.
    runs.stopOrphaned().catch((error: unknown) => logger.warn({ err: safeError(error) }, "could not look for replies of deleted conversations"));
  };
  const unlistening = listenForEndedSessions(database.sql, endSessionSockets).catch((error) => {
    logger.error({ err: safeError(error) }, "could not listen for ended sessions");
    return async () => {};
  });

  io.on("connection", (socket: ChatSocket) => {
    const { userId } = socket.data;
    const connectedAt = performance.now();
    metrics?.activeSockets.inc();
    socket.on("disconnect", () => metrics?.activeSockets.dec());
    socket.join([rooms.user(userId), rooms.session(socket.data.sessionId)]);

    // Expiry ends the connection too: at the session's expiry, look again (a touch may have extended it).
    let expiryTimer: NodeJS.Timeout | undefined;
    const watchExpiry = (expiresAt: Date | undefined) => {
      if (!expiresAt) return;
      expiryTimer = setTimeout(() => {
        getLiveSession(database.sql, socket.data.sessionId).then(
          (live) => (live && live.user.id === userId ? watchExpiry(live.expiresAt) : void socket.disconnect(true)),
          () => watchExpiry(new Date(Date.now() + 60_000)),
        );
      }, Math.min(Math.max(expiresAt.getTime() - Date.now(), 0) + 50, 2 ** 31 - 1));
      expiryTimer.unref();
    };
    watchExpiry(sessionExpiry.get(socket));
    socket.on("disconnect", () => clearTimeout(expiryTimer));

    const h: HandlerDeps = { config, database, logger, io, socket, runs, questions, advisor, instanceId, snapshotAnywhere, limiters: deps.limiters, searches, observe: (ctx) => plugins.observe(ctx) };
    let ready = false;
    const whenReady = <T>(fn: (payload: unknown) => Promise<T>) => async (payload: unknown) => {
      if (!ready) throw new AppError("unavailable", "The session is not ready yet.", { status: 409, retryable: true });
      return fn(payload);
    };
    socket.on("chat:send", measuredSend(metrics, handler(logger, "chat:send", whenReady(chatSend(h)))));
    socket.on("chat:stop", handler(logger, "chat:stop", whenReady(chatStop(h))));
    socket.on("conversation:new", handler(logger, "conversation:new", whenReady(conversationNew(h))));
    socket.on("conversation:open", handler(logger, "conversation:open", whenReady(conversationOpen(h))));
    socket.on("conversation:list", handler(logger, "conversation:list", whenReady(conversationList(h))));
    registerConversationManagement(socket, (event, fn) => handler(logger, event, whenReady(fn(h))));
    plugins.registerEvents(socket, () => ({ id: userId, email: socket.data.email, name: socket.data.name }), whenReady);

    const requested = handshakeAuthSchema.parse(socket.handshake.auth ?? {}).conversationId;
    const start = async () => {
      const user = { id: userId, email: socket.data.email, name: socket.data.name };
      try {
        // The chat start that came with the session check (the latest conversation) serves the first try,
        // unless the client asked for another conversation: then only that read is made again.
        const prefetched = prefetchedStarts.get(socket);
        prefetchedStarts.delete(socket);
        const [started, read] = await (prefetched ?? pipelined(database.sql, (sql) => chatStart(user, sql, requested)));
        const { conversations, conversation, messages } = prefetched && requested && read.conversation.id !== requested
          ? await readForConnect(database.sql, { userId, requestedId: requested })
          : read;
        if (!socket.connected) return;
        // Join first, then snapshot: every token after the snapshot reaches this socket. A local reply is
        // snapshotted in the same tick, so the tokens that follow continue it exactly; for a reply on
        // another instance, events that arrive while its snapshot is fetched come before session:ready and
        // the client merges them by seq (and a chat:done among them settles the message).
        watchConversation(socket, conversation.id);
        const remote = await remoteSnapshots(messages, runs, snapshotAnywhere);
        if (!socket.connected) return;
        const payload = {
          ...started.ready,
          user: { id: userId, email: socket.data.email, name: socket.data.name },
          conversation: { id: conversation.id, title: conversation.title },
          conversations,
          messages: withLiveReplies(messages, runs, remote),
          panels: started.panels,
          // The plugins' fields (declared by their augmentations of SessionReady) come from `started.ready`.
        } as SessionReady;
        ready = true;
        socket.emit("session:ready", payload);
        metrics?.sessionReady.labels("ready").observe((performance.now() - connectedAt) / 1000);
      } catch (error) {
        const pluginFailed = error instanceof PluginUnavailableError;
        metrics?.sessionReady.labels("error").observe((performance.now() - connectedAt) / 1000);
        logger.warn(
          { userId, plugin: pluginFailed ? error.plugin : undefined, err: safeError(pluginFailed ? error.cause : error) },
          pluginFailed ? "required plugin unavailable" : "session start failed",
        );
        socket.emit("session:error", {
          code: pluginFailed ? error.code : "unavailable",
          retryable: true,
          message: pluginFailed ? error.message : "The chat could not start right now. Retrying…",
        });
        // Recover by itself: try again with backoff while the socket stays (the client may also ask).
        const delay = Math.min(1000 * 2 ** failures++, 15_000);
        retryTimer = setTimeout(() => {
          starting = starting.then(() => (ready || !socket.connected ? undefined : start()));
        }, delay);
      }
    };
    let failures = 0;
    let retryTimer: NodeJS.Timeout | undefined;
    socket.on("disconnect", () => clearTimeout(retryTimer));
    let starting = start();
    socket.on("session:retry", (payload, ack) => {
      void payload;
      clearTimeout(retryTimer);
      starting = starting.then(() => (ready ? undefined : start()));
      if (typeof ack === "function") ack({ status: "OK", data: { retrying: true } });
    });
  });

  return {
    io,
    runs,
    rememberSession: handshakes.remember,
    disconnectSession(sessionId) {
      io.to(rooms.session(sessionId)).emit("server:closing", { reason: "logout" });
      // true: the engine.io connection closes as well, so nothing can be re-sent on it
      io.in(rooms.session(sessionId)).disconnectSockets(true);
    },
    disconnectUser(userId) {
      io.to(rooms.user(userId)).emit("server:closing", { reason: "logout" });
      io.in(rooms.user(userId)).disconnectSockets(true);
    },
    async stopReplies(runIds, timeoutMs = 3000) {
      for (const runId of runIds) if (!runs.stop(runId) && deps.adapter) io.serverSideEmit("run:stop", { runId });
      await Promise.all(runIds.map((runId) => runs.settled(runId, timeoutMs)));
    },
    async close(options = {}) {
      await runs.drain(options.graceMs ?? 0);
      io.emit("server:closing", { reason: "shutdown" });
      io.disconnectSockets(); // a disconnect packet after server:closing, in order
      await flushEngine(io, 1000); // closing the engine discards what a busy transport has not written yet
      await (await unlistening)().catch(() => {});
      // What io.close() does, without waiting for the HTTP server to close: server/main.ts ends its connections
      // after this, and a client that keeps one busy must not hold the chat's close open.
      await io.of("/").adapter.close();
      io.engine.close(); // websockets get their close frame, waiting polls their answer
      await deps.adapter?.close();
    },
  };
}
