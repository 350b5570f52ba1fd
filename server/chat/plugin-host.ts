import { Router } from "express";
import type { Socket } from "socket.io";
import type { Sql } from "postgres";
import type { z } from "zod";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { AppError, errors } from "../errors.js";
import { safeError, type Logger } from "../logger.js";
import { hasControlCharacters } from "../validation.js";
import { registerAnnotationDefaults } from "./annotations.js";
import { rooms, type ChatMessage, type SidebarPanel } from "./events.js";
import type { TransactionSql } from "postgres";
import type { ChatPlugin, ChatServer, ChatUser, ExportFile, PluginApi, PluginEventContext } from "./plugins.js";
import { handler } from "./handlers/respond.js";

/** A required plugin failed at chat start: the session is refused with its code (retryable). */
export class PluginUnavailableError extends AppError {
  override name = "PluginUnavailableError";
  constructor(
    readonly plugin: string,
    code: string,
    message: string | undefined,
    cause: unknown,
  ) {
    super(code, message ?? "The chat could not start right now. Retrying…", { status: 503, retryable: true });
    this.cause = cause;
  }
}

interface PluginEvent {
  plugin: string;
  event: string;
  schema: z.ZodType;
  handler: (payload: unknown, ctx: PluginEventContext) => Promise<unknown>;
}

/**
 * Runs the plugins for the core (server/chat/server.ts): their setup, events, routes, contributions,
 * chat-start and observers. The core only talks to this, so it never names a plugin.
 */
export class PluginHost {
  readonly answerer: ChatPlugin | undefined;
  private readonly events: PluginEvent[] = [];
  private readonly mounts: ((router: Router) => void)[] = [];
  private readonly points = new Map<string, unknown[]>();
  private io: ChatServer | undefined;
  private readonly log: Logger;

  constructor(
    readonly plugins: ChatPlugin[],
    private readonly deps: { config: Config; database: Database; logger: Logger },
  ) {
    this.log = deps.logger.child({ module: "plugins" });
    const names = new Set<string>();
    for (const plugin of plugins) {
      if (!/^[a-z][a-z0-9-]*$/.test(plugin.name)) throw new Error(`plugin name "${plugin.name}" must be lower-case letters, digits and dashes`);
      if (names.has(plugin.name)) throw new Error(`two plugins are named "${plugin.name}"`);
      names.add(plugin.name);
    }
    const answerers = plugins.filter((p) => p.onMessage);
    if (answerers.length > 1) throw new Error(`only one plugin may answer (onMessage): ${answerers.map((p) => p.name).join(", ")}`);
    this.answerer = answerers[0];
    for (const plugin of plugins) registerAnnotationDefaults(plugin.annotationDefaults ?? {});
  }

  /** Once at boot, in registration order; a throwing setup stops the boot (a bug, not an outage). */
  async setup(): Promise<void> {
    for (const plugin of this.plugins) await plugin.setup?.(this.apiFor(plugin));
  }

  /** The socket.io server plugins emit through (set by createChatCore). */
  attach(io: ChatServer): void {
    this.io = io;
  }

  /** Every plugin's routes on one router (mounted by server/main.ts after the session middleware). */
  router(): Router {
    const router = Router();
    for (const mount of this.mounts) mount(router);
    return router;
  }

  private apiFor(plugin: ChatPlugin): PluginApi {
    const logger = this.deps.logger.child({ plugin: plugin.name });
    return {
      config: this.deps.config,
      database: this.deps.database,
      logger,
      event: (name, schema, fn) => {
        if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`event name "${name}" must be lower-case letters, digits and dashes`);
        this.events.push({ plugin: plugin.name, event: `${plugin.name}:${name}`, schema, handler: fn as PluginEvent["handler"] });
      },
      routes: (mount) => {
        this.mounts.push(mount);
      },
      emitToUser: (userId, event, payload) => {
        // The core's typed events do not list plugin events: the name is the plugin's own.
        (this.io as unknown as { to(room: string): { emit(e: string, p: unknown): void } } | undefined)?.to(rooms.user(userId)).emit(event, payload);
      },
      contribute: (point, value) => {
        this.points.set(point, [...(this.points.get(point) ?? []), value]);
      },
      contributions: <T>(point: string) => (this.points.get(point) ?? []) as T[],
    };
  }

  /**
   * Registers the plugins' socket events on a socket, wrapped like the core's (zod-parsed, ack'd, errors
   * as codes). `wrap` adds the core's readiness check.
   */
  registerEvents(socket: Socket, user: () => ChatUser, wrap: (fn: (payload: unknown) => Promise<unknown>) => (payload: unknown) => Promise<unknown>): void {
    for (const e of this.events) {
      const fn = async (payload: unknown) => {
        const parsed = e.schema.safeParse(payload);
        if (!parsed.success) throw errors.badRequest(parsed.error.issues[0]?.message ? `${e.event}: ${parsed.error.issues[0].message}` : undefined);
        if (containsControlCharacters(parsed.data)) throw errors.badRequest("Control characters are not allowed.");
        return e.handler(parsed.data, { user: user() });
      };
      socket.on(e.event, handler(this.log, e.event, wrap(fn)));
    }
  }

  /**
   * Every plugin's chat start, in parallel. A required plugin's failure refuses the session
   * (PluginUnavailableError); another's is logged and its part left out.
   */
  async start(user: ChatUser, sql: Sql): Promise<{ ready: Record<string, unknown>; panels: SidebarPanel[] }> {
    const results = await Promise.allSettled(this.plugins.map((plugin) => plugin.onChatStart?.({ user, sql })));
    const ready: Record<string, unknown> = {};
    const panels: SidebarPanel[] = [];
    results.forEach((result, i) => {
      const plugin = this.plugins[i]!;
      if (result.status === "rejected") {
        if (plugin.required) throw new PluginUnavailableError(plugin.name, plugin.unavailableCode ?? "unavailable", plugin.unavailableMessage, result.reason);
        this.log.warn({ plugin: plugin.name, userId: user.id, err: safeError(result.reason) }, "plugin failed at chat start; left out");
        return;
      }
      Object.assign(ready, result.value?.ready);
      panels.push(...(result.value?.panels ?? []));
    });
    return { ready, panels };
  }

  /**
   * Every plugin's part of a farmer's data archive, its files under `${plugin}/`. A plugin that fails
   * fails the export (a download that silently lacks a part would mislead the farmer).
   */
  async exportUser(user: ChatUser, language: "az" | "en"): Promise<ExportFile[]> {
    const files: ExportFile[] = [];
    for (const plugin of this.plugins) {
      for (const file of (await plugin.exportUser?.({ user, language })) ?? []) files.push({ ...file, path: `${plugin.name}/${file.path}` });
    }
    return files;
  }

  /** Every plugin's own cleanup of a farmer, in the deletion's transaction, before the `users` row goes. */
  async deleteUser(user: ChatUser, sql: TransactionSql): Promise<void> {
    for (const plugin of this.plugins) await plugin.deleteUser?.({ user, sql });
  }

  /** Tells every observing plugin about a stored message; their failures are logged, never surfaced. */
  observe(ctx: { user: ChatUser; conversationId: string; message: ChatMessage }): void {
    for (const plugin of this.plugins) {
      if (!plugin.observeMessage) continue;
      Promise.resolve()
        .then(() => plugin.observeMessage!(ctx))
        .catch((error: unknown) => this.log.warn({ plugin: plugin.name, err: safeError(error) }, "plugin failed to observe a message"));
    }
  }
}

/** Control characters anywhere in a payload's strings (tab, CR and LF allowed), refused like the core's text. */
function containsControlCharacters(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return hasControlCharacters(value, { allowLineBreaks: true });
  if (depth > 8 || value === null || typeof value !== "object") return false;
  return Object.entries(value).some(([key, v]) => hasControlCharacters(key) || containsControlCharacters(v, depth + 1));
}
