import { errors } from "../../errors.js";
import { chatStopSchema } from "../payloads.js";
import { getRunForUser } from "../replies.js";
import type { HandlerDeps } from "./types.js";

/** chat:stop — stops the reply wherever it runs (this instance, or another one through the adapter). */
export function chatStop({ database, io, socket, runs }: HandlerDeps) {
  return async (payload: unknown) => {
    const parsed = chatStopSchema.safeParse(payload);
    if (!parsed.success) throw errors.badRequest("chat:stop needs {runId}.");
    const { runId } = parsed.data;
    // Ownership first: another user's runId is `not_found` and stops nothing.
    const run = await getRunForUser(database.sql, { userId: socket.data.userId, runId });
    if (!run) throw errors.notFound("No such reply.");
    if (!runs.stop(runId) && run.status === "running") io.serverSideEmit("run:stop", { runId });
    return { runId };
  };
}
