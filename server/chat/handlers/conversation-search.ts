import { z } from "zod";
import { errors } from "../../errors.js";
import { searchConversationsForUser } from "../search.js";
import { charCount, hasForbiddenTitleCharacters } from "../text.js";
import type { HandlerDeps } from "./types.js";

const schema = z.object({ q: z.string().max(1000) });

/**
 * conversation:search — titles and message text, case- and diacritic-tolerant, newest first, ≤ 20.
 * Bounded per farmer: a per-user limit, one search in flight (a new one cancels the one before,
 * in PostgreSQL too, answered `cancelled`), a statement timeout of its own (`search_timeout`), and a socket
 * that goes away cancels its search.
 */
export function conversationSearch({ database, socket, limiters, searches }: HandlerDeps) {
  return async (payload: unknown) => {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw errors.badRequest("conversation:search needs {q}.");
    const q = parsed.data.q.trim();
    if (q === "" || charCount(q) > 100) throw errors.badRequest("Search for 1 to 100 characters.");
    if (hasForbiddenTitleCharacters(q)) throw errors.badRequest("The search contains control characters.");
    const userId = socket.data.userId;
    let leave: (() => void) | undefined;
    try {
      const results = await searches.run(
        userId,
        // Counted when its turn comes (in the order the searches arrived): a search cancelled before it runs costs nothing.
        async (ticket) => {
          if (!(await limiters.searches.allow(userId))) {
            throw errors.rateLimited("Too many searches in a minute. Please wait a little.");
          }
          return searchConversationsForUser(database.sql, { userId, q, onStart: (cancel) => ticket.onCancel(() => void cancel()) });
        },
        (ticket) => {
          leave = () => ticket.cancel();
          socket.once("disconnect", leave);
        },
      );
      return { results };
    } finally {
      if (leave) socket.off("disconnect", leave);
    }
  };
}
