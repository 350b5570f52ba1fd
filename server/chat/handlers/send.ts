import { chatSendSchema } from "../payloads.js";
import { questionText } from "../text.js";
import { errors } from "../../errors.js";
import type { HandlerDeps } from "./types.js";
import { newTurn, refuseTurn, startTurn, type TurnDeps } from "./turns.js";

/** chat:send — store the question (acknowledged = committed), broadcast it, start the reply. */
export function chatSend(deps: TurnDeps & Pick<HandlerDeps, "questions" | "observe">) {
  const { config, questions, socket, observe } = deps;
  const schema = chatSendSchema(config.chat.maxMessageChars);
  return async (payload: unknown) => {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw errors.badRequest("chat:send needs {conversationId, text, clientMessageId}.");
    const { conversationId, clientMessageId, language } = parsed.data;
    const text = questionText(parsed.data.text, config.chat.maxMessageChars);
    const turn = newTurn(deps, "The server is restarting. Please send again in a moment.");
    const user = socket.data;
    const outcome = await questions.store({ userId: user.userId, conversationId, text, clientMessageId, ...turn });
    if (outcome.kind === "duplicate") return { messageId: outcome.userMessage.id, runId: outcome.runId ?? "" };
    if (outcome.kind !== "created") refuseTurn(outcome.kind, "No such conversation.");
    startTurn(deps, { ...outcome, conversationId, runId: turn.runId, traceId: turn.traceId, language }, () =>
      observe?.({ user: { id: user.userId, email: user.email, name: user.name }, conversationId, message: outcome.userMessage }));
    return { messageId: outcome.userMessage.id, runId: turn.runId };
  };
}
