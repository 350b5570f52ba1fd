import { z } from "zod";
import { searchConversationsForUser } from "../search.js";
import { charCount, hasForbiddenTitleCharacters } from "../text.js";
import { badRequest } from "./respond.js";
import type { HandlerDeps } from "./types.js";

const schema = z.object({ q: z.string().max(1000) });

/** conversation:search — titles and message text, case- and diacritic-tolerant, newest first, ≤ 20. */
export function conversationSearch({ database, socket }: HandlerDeps) {
  return async (payload: unknown) => {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw badRequest("conversation:search needs {q}.");
    const q = parsed.data.q.trim();
    if (q === "" || charCount(q) > 100) throw badRequest("Search for 1 to 100 characters.");
    if (hasForbiddenTitleCharacters(q)) throw badRequest("The search contains control characters.");
    return { results: await searchConversationsForUser(database.sql, { userId: socket.data.userId, q }) };
  };
}
