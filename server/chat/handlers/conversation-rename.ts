import { z } from "zod";
import { errors } from "../../errors.js";
import { rooms } from "../events.js";
import { renameConversationForUser } from "../manage.js";
import { charCount, hasForbiddenTitleCharacters, TITLE_MAX_CHARS } from "../text.js";
import type { HandlerDeps } from "./types.js";

const schema = z.object({ conversationId: z.string().uuid(), title: z.string().max(2000) });

/** conversation:rename — a title of 1–120 characters (trimmed), no control characters; every tab hears it. */
export function conversationRename({ database, io, socket, limiters }: HandlerDeps) {
  return async (payload: unknown) => {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw errors.badRequest("conversation:rename needs {conversationId, title}.");
    const title = parsed.data.title.trim();
    if (title === "") throw errors.badRequest("The title is empty.");
    if (charCount(title) > TITLE_MAX_CHARS) throw errors.badRequest(`Titles can be at most ${TITLE_MAX_CHARS} characters.`);
    if (hasForbiddenTitleCharacters(title)) throw errors.badRequest("The title contains control characters.");
    if (!(await limiters.renames.allow(socket.data.userId))) {
      throw errors.rateLimited("Too many renames in a minute. Please wait a little.");
    }
    const conversation = await renameConversationForUser(database.sql, {
      userId: socket.data.userId,
      conversationId: parsed.data.conversationId,
      title,
    });
    if (!conversation) throw errors.notFound("No such conversation.");
    io.to(rooms.user(socket.data.userId)).emit("conversation:updated", { conversation });
    return { conversation };
  };
}
