import { randomUUID } from "node:crypto";
import { AppError } from "../../errors.js";
import { rooms } from "../events.js";
import { chatSendSchema } from "../payloads.js";
import { questionText } from "../text.js";
import type { HandlerDeps } from "./types.js";
import { badRequest } from "./respond.js";

/** chat:send — store the question (acknowledged = committed), broadcast it, start the reply. */
export function chatSend({ config, questions, io, socket, runs, advisor, instanceId, observe }: HandlerDeps) {
  const schema = chatSendSchema(config.chat.maxMessageChars);
  return async (payload: unknown) => {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw badRequest("chat:send needs {conversationId, text, clientMessageId}.");
    const { conversationId, clientMessageId, language } = parsed.data;
    const text = questionText(parsed.data.text, config.chat.maxMessageChars);
    if (!runs.accepting) {
      throw new AppError("unavailable", "The server is restarting. Please send again in a moment.", { status: 409, retryable: true });
    }
    const user = socket.data;
    const runId = randomUUID();
    const traceId = randomUUID().replaceAll("-", "");
    const outcome = await questions.store({
      userId: user.userId,
      conversationId,
      text,
      clientMessageId,
      runId,
      traceId,
      provider: advisor?.model?.provider ?? "none",
      model: advisor?.model?.model ?? "none",
      instanceId,
      rateLimitPerMin: config.chat.rateLimitPerMin,
    });
    switch (outcome.kind) {
      case "not_found":
        throw new AppError("not_found", "No such conversation.", { status: 404 });
      case "busy":
        throw new AppError("busy", "A reply is still being written in this conversation.", { status: 409 });
      case "rate_limited":
        throw new AppError("rate_limited", "Too many messages in a minute. Please wait a little.", { status: 429 });
      case "duplicate":
        return { messageId: outcome.userMessage.id, runId: outcome.runId ?? "" };
    }
    const room = rooms.conversation(conversationId);
    socket.join(room);
    io.to(room).emit("chat:message", { message: outcome.userMessage });
    io.to(room).emit("chat:message", { message: outcome.assistantMessage });
    io.to(rooms.user(user.userId)).emit("conversation:updated", { conversation: outcome.conversation });
    observe?.({ user: { id: user.userId, email: user.email, name: user.name }, conversationId, message: outcome.userMessage });
    const { history } = outcome;
    runs.start({
      user: { id: user.userId, email: user.email, name: user.name },
      conversationId,
      runId,
      traceId,
      language: language ?? "az",
      history,
    });
    return { messageId: outcome.userMessage.id, runId };
  };
}
