import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AppError } from "../../errors.js";
import { rooms } from "../events.js";
import { replaceLatestTurn } from "../manage.js";
import { listMessages } from "../store.js";
import { questionText } from "../text.js";
import { badRequest } from "./respond.js";
import type { HandlerDeps } from "./types.js";

const regenerateSchema = z.object({ messageId: z.string().uuid(), language: z.enum(["az", "en"]).optional() });
const editSchema = z.object({ messageId: z.string().uuid(), text: z.string().max(100_000), language: z.enum(["az", "en"]).optional() });

/** chat:regenerate — a new answer to the latest question replaces the latest answer. */
export function chatRegenerate(deps: HandlerDeps) {
  return async (payload: unknown) => {
    const parsed = regenerateSchema.safeParse(payload);
    if (!parsed.success) throw badRequest("chat:regenerate needs {messageId}.");
    return replaceTurn(deps, { messageId: parsed.data.messageId, language: parsed.data.language });
  };
}

/** chat:edit — the latest question is replaced by `text` and answered anew. */
export function chatEdit(deps: HandlerDeps) {
  return async (payload: unknown) => {
    const parsed = editSchema.safeParse(payload);
    if (!parsed.success) throw badRequest("chat:edit needs {messageId, text}.");
    const text = questionText(parsed.data.text, deps.config.chat.maxMessageChars);
    return replaceTurn(deps, { messageId: parsed.data.messageId, language: parsed.data.language, text });
  };
}

/** Stores the replacement, tells every tab, and starts the reply the way chat:send does (ReplyRuns.start). */
async function replaceTurn(
  { config, database, io, socket, runs, advisor, instanceId }: HandlerDeps,
  input: { messageId: string; language: "az" | "en" | undefined; text?: string },
) {
  if (!runs.accepting) {
    throw new AppError("unavailable", "The server is restarting. Please try again in a moment.", { status: 409, retryable: true });
  }
  const user = socket.data;
  const runId = randomUUID();
  const traceId = randomUUID().replaceAll("-", "");
  const outcome = await replaceLatestTurn(database.sql, {
    userId: user.userId,
    messageId: input.messageId,
    edit: input.text === undefined ? undefined : { text: input.text },
    runId,
    traceId,
    provider: advisor?.model?.provider ?? "none",
    model: advisor?.model?.model ?? "none",
    instanceId,
    rateLimitPerMin: config.chat.rateLimitPerMin,
  });
  switch (outcome.kind) {
    case "not_found":
      throw new AppError("not_found", "No such message.", { status: 404 });
    case "busy":
      throw new AppError("busy", "A reply is still being written in this conversation.", { status: 409 });
    case "rate_limited":
      throw new AppError("rate_limited", "Too many messages in a minute. Please wait a little.", { status: 429 });
    case "wrong_role":
      throw badRequest(input.text === undefined ? "Only an answer can be regenerated." : "Only a question can be edited.");
    case "not_latest":
      throw badRequest(input.text === undefined ? "Only the latest answer can be regenerated." : "Only the latest question can be edited.");
  }
  const { conversationId } = outcome;
  const room = rooms.conversation(conversationId);
  socket.join(room);
  if (outcome.userMessage) io.to(room).emit("chat:message", { message: outcome.userMessage });
  io.to(room).emit("chat:message", { message: outcome.assistantMessage });
  io.to(rooms.user(user.userId)).emit("conversation:updated", { conversation: outcome.conversation });
  const history = (await listMessages(database.sql, { conversationId, limit: 30 }))
    .filter((m) => m.status !== "streaming" && m.content !== "")
    .map((m) => ({ role: m.role, content: m.content }));
  runs.start({
    user: { id: user.userId, email: user.email, name: user.name },
    conversationId,
    runId,
    traceId,
    language: input.language ?? "az",
    history,
  });
  // As for chat:send, an edit answers with the stored question; a regenerate with the new answer.
  return { messageId: (outcome.userMessage ?? outcome.assistantMessage).id, runId };
}
