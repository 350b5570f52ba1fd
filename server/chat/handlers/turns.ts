import { randomUUID } from "node:crypto";
import { AppError, errors } from "../../errors.js";
import { rooms, type ChatMessage, type ConversationSummary } from "../events.js";
import type { HandlerDeps } from "./types.js";

/** What starting a turn (chat:send, chat:regenerate, chat:edit) uses of the handler's dependencies. */
export type TurnDeps = Pick<HandlerDeps, "config" | "io" | "socket" | "runs" | "advisor" | "instanceId">;

/** A new turn's ids and the facts its statement records (model, instance, rate limit). */
export function newTurn({ config, runs, advisor, instanceId }: TurnDeps, restartingMessage: string) {
  if (!runs.accepting) throw new AppError("unavailable", restartingMessage, { status: 409, retryable: true });
  return {
    runId: randomUUID(),
    traceId: randomUUID().replaceAll("-", ""),
    provider: advisor?.model?.provider ?? "none",
    model: advisor?.model?.model ?? "none",
    instanceId,
    rateLimitPerMin: config.chat.rateLimitPerMin,
  };
}

/** The refusals a turn's statement shares: another farmer's (or no) conversation, a reply still streaming, the rate limit. */
export function refuseTurn(kind: "not_found" | "busy" | "rate_limited", notFoundMessage: string): never {
  switch (kind) {
    case "not_found":
      throw errors.notFound(notFoundMessage);
    case "busy":
      throw errors.busy("A reply is still being written in this conversation.");
    case "rate_limited":
      throw errors.rateLimited("Too many messages in a minute. Please wait a little.");
  }
}

/** Tells every tab of the conversation about a stored turn and starts its reply (ReplyRuns.start). */
export function startTurn(
  { io, socket, runs }: TurnDeps,
  turn: {
    conversationId: string;
    runId: string;
    traceId: string;
    language: "az" | "en" | undefined;
    userMessage?: ChatMessage | null;
    assistantMessage: ChatMessage;
    conversation: ConversationSummary;
    history: Pick<ChatMessage, "role" | "content">[];
  },
  /** Called once every tab knows, before the reply starts (chat:send tells the observing plugins here). */
  announced?: () => void,
): void {
  const user = socket.data;
  const room = rooms.conversation(turn.conversationId);
  socket.join(room);
  if (turn.userMessage) io.to(room).emit("chat:message", { message: turn.userMessage });
  io.to(room).emit("chat:message", { message: turn.assistantMessage });
  io.to(rooms.user(user.userId)).emit("conversation:updated", { conversation: turn.conversation });
  announced?.();
  runs.start({
    user: { id: user.userId, email: user.email, name: user.name },
    conversationId: turn.conversationId,
    runId: turn.runId,
    traceId: turn.traceId,
    language: turn.language ?? "az",
    history: turn.history,
  });
}
