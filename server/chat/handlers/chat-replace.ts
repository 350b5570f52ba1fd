import { z } from "zod";
import { errors } from "../../errors.js";
import { replaceLatestTurn } from "../manage.js";
import { listMessages } from "../store.js";
import { questionText } from "../text.js";
import type { HandlerDeps } from "./types.js";
import { newTurn, refuseTurn, startTurn, type TurnDeps } from "./turns.js";

const regenerateSchema = z.object({ messageId: z.string().uuid(), language: z.enum(["az", "en"]).optional() });
const editSchema = z.object({ messageId: z.string().uuid(), text: z.string().max(100_000), language: z.enum(["az", "en"]).optional() });

/** chat:regenerate — a new answer to the latest question replaces the latest answer. */
export function chatRegenerate(deps: TurnDeps & Pick<HandlerDeps, "database">) {
  return async (payload: unknown) => {
    const parsed = regenerateSchema.safeParse(payload);
    if (!parsed.success) throw errors.badRequest("chat:regenerate needs {messageId}.");
    return replaceTurn(deps, { messageId: parsed.data.messageId, language: parsed.data.language });
  };
}

/** chat:edit — the latest question is replaced by `text` and answered anew. */
export function chatEdit(deps: TurnDeps & Pick<HandlerDeps, "database">) {
  return async (payload: unknown) => {
    const parsed = editSchema.safeParse(payload);
    if (!parsed.success) throw errors.badRequest("chat:edit needs {messageId, text}.");
    const text = questionText(parsed.data.text, deps.config.chat.maxMessageChars);
    return replaceTurn(deps, { messageId: parsed.data.messageId, language: parsed.data.language, text });
  };
}

/** Stores the replacement, tells every tab, and starts the reply the way chat:send does (handlers/turns.ts). */
async function replaceTurn(deps: TurnDeps & Pick<HandlerDeps, "database">, input: { messageId: string; language: "az" | "en" | undefined; text?: string }) {
  const { database, socket } = deps;
  const turn = newTurn(deps, "The server is restarting. Please try again in a moment.");
  const outcome = await replaceLatestTurn(database.sql, {
    userId: socket.data.userId,
    messageId: input.messageId,
    edit: input.text === undefined ? undefined : { text: input.text },
    ...turn,
  });
  switch (outcome.kind) {
    case "not_found":
    case "busy":
    case "rate_limited":
      return refuseTurn(outcome.kind, "No such message.");
    case "wrong_role":
      throw errors.badRequest(input.text === undefined ? "Only an answer can be regenerated." : "Only a question can be edited.");
    case "not_latest":
      throw errors.badRequest(input.text === undefined ? "Only the latest answer can be regenerated." : "Only the latest question can be edited.");
  }
  const { conversationId } = outcome;
  const history = (await listMessages(database.sql, { conversationId, limit: 30 }))
    .filter((m) => m.status !== "streaming" && m.content !== "")
    .map((m) => ({ role: m.role, content: m.content }));
  startTurn(deps, { ...outcome, runId: turn.runId, traceId: turn.traceId, language: input.language, history });
  // As for chat:send, an edit answers with the stored question; a regenerate with the new answer.
  return { messageId: (outcome.userMessage ?? outcome.assistantMessage).id, runId: turn.runId };
}
