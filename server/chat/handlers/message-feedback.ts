import { z } from "zod";
import { errors } from "../../errors.js";
import { setMessageFeedback } from "../manage.js";
import { charCount, hasForbiddenTextCharacters } from "../text.js";
import type { HandlerDeps } from "./types.js";

const schema = z.object({
  messageId: z.string().uuid(),
  rating: z.enum(["up", "down"]).nullable(),
  comment: z.string().max(4000).optional(),
});

/** message:feedback — thumbs up/down (null clears) and an optional comment on an answer, per user. */
export function messageFeedback({ database, socket, limiters }: HandlerDeps) {
  return async (payload: unknown) => {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw errors.badRequest('message:feedback needs {messageId, rating: "up"|"down"|null, comment?}.');
    const comment = parsed.data.comment?.trim() || null;
    if (comment && charCount(comment) > 500) throw errors.badRequest("Comments can be at most 500 characters.");
    if (comment && hasForbiddenTextCharacters(comment)) throw errors.badRequest("The comment contains control characters.");
    if (!(await limiters.feedback.allow(socket.data.userId))) {
      throw errors.rateLimited("Too much feedback in a minute. Please wait a little.");
    }
    const outcome = await setMessageFeedback(database.sql, {
      userId: socket.data.userId,
      messageId: parsed.data.messageId,
      rating: parsed.data.rating,
      comment,
    });
    if (outcome === "not_found") throw errors.notFound("No such message.");
    if (outcome === "not_an_answer") throw errors.badRequest("Feedback is for the advisor's finished answers.");
    return {} as Record<string, never>;
  };
}
