import { z } from "zod";
import { errors } from "../../errors.js";
import { rooms } from "../events.js";
import { deleteConversationForUser, listRunningRunIds } from "../manage.js";
import { getConversationForUser } from "../store.js";
import type { HandlerDeps } from "./types.js";

const schema = z.object({ conversationId: z.string().uuid() });

/**
 * conversation:delete — stops its streaming reply, then deletes the conversation with its messages,
 * runs and feedback (the farmer's data is theirs: really gone); every tab hears `conversation:deleted`.
 */
export function conversationDelete({ database, io, socket, runs }: HandlerDeps) {
  return async (payload: unknown) => {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw errors.badRequest("conversation:delete needs {conversationId}.");
    const { conversationId } = parsed.data;
    const userId = socket.data.userId;
    const conversation = await getConversationForUser(database.sql, { userId, conversationId });
    if (!conversation) throw errors.notFound("No such conversation.");
    for (const runId of await listRunningRunIds(database.sql, { conversationId })) {
      // A reply of this instance is awaited, so it stores nothing after the delete; others are told to stop.
      if (runs.stop(runId)) await runs.settled(runId, 5000);
      else io.serverSideEmit("run:stop", { runId });
    }
    if (!(await deleteConversationForUser(database.sql, { userId, conversationId }))) {
      throw errors.notFound("No such conversation.");
    }
    io.in(rooms.conversation(conversationId)).socketsLeave(rooms.conversation(conversationId));
    io.to(rooms.user(userId)).emit("conversation:deleted", { conversationId });
    return { conversationId };
  };
}
