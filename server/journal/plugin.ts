import { ADVISOR_TOOLS, type AdvisorToolContribution } from "../agent/extension.js";
import type { ChatPlugin } from "../chat/plugins.js";
import type { Sql } from "postgres";
import { AppError, errors } from "../errors.js";
import { createRateLimiter } from "../http/limits.js";
import { createJournalAdvisorTool } from "./advisor-tool.js";
import { exportJournal } from "./export.js";
import { journalAddSchema, journalDeleteSchema, journalToday } from "./payloads.js";
import { JOURNAL_MAX_ENTRIES, JOURNAL_PANEL_LIMIT } from "./kinds.js";
import { addJournalEntry, deleteJournalEntry, getRecentJournalEntries, type JournalEntry } from "./queries.js";

/** Server → user events (to every tab of the farmer, every instance), so all tabs keep the same journal. */
export interface JournalEvents {
  "journal:added": { entry: JournalEntry };
  "journal:deleted": { entryId: string };
}

/**
 * The farm journal: the farmer logs the work done (irrigation, fertilizer, spraying, sowing, harvest,
 * notes) with its day. Built only on the plugin API (server/chat/plugins.ts): its events, its sidebar
 * panel, its table (./schema.ts) and an advisor tool, so "When did I last irrigate?" is answered from it.
 * Optional: when it fails at chat start the session goes on without its panel.
 */
/** journal:add and journal:delete per user and minute, across instances (README "Limits"). */
export const JOURNAL_WRITES_PER_MIN = 30;

export function createJournalPlugin(): ChatPlugin {
  let sql: Sql | undefined;
  const database = () => {
    if (!sql) throw new Error("journal plugin used before setup");
    return sql;
  };
  return {
    name: "journal",
    setup(api) {
      sql = api.database.sql;
      const emit = <E extends keyof JournalEvents>(userId: string, event: E, payload: JournalEvents[E]) => api.emitToUser(userId, event, payload);

      api.contribute<AdvisorToolContribution>(ADVISOR_TOOLS, createJournalAdvisorTool(sql));

      const writes = createRateLimiter(api.database.sql, api.logger, { keyPrefix: "journal_write", points: JOURNAL_WRITES_PER_MIN });
      const limitWrites = async (userId: string) => {
        if (!(await writes.allow(userId))) {
          throw errors.rateLimited("Too many journal changes in a minute. Please wait a little.");
        }
      };

      api.event("add", journalAddSchema, async (payload, { user }) => {
        await limitWrites(user.id);
        const entry = await addJournalEntry(database(), {
          userId: user.id,
          // The farmer's today (Baku), not the database server's.
          date: payload.date ?? journalToday(),
          kind: payload.kind,
          text: payload.text,
        });
        if (!entry) {
          throw new AppError("journal_full", `The journal keeps at most ${JOURNAL_MAX_ENTRIES.toLocaleString("en")} entries. Delete old entries to add new ones.`, { status: 409 });
        }
        emit(user.id, "journal:added", { entry });
        return { entry };
      });

      api.event("delete", journalDeleteSchema, async ({ entryId }, { user }) => {
        await limitWrites(user.id);
        // Another farmer's id, or one already deleted: the same answer, and nothing done.
        if (!(await deleteJournalEntry(database(), { userId: user.id, entryId }))) throw errors.notFound("No such journal entry.");
        emit(user.id, "journal:deleted", { entryId });
        return { entryId };
      });
    },
    exportUser: ({ user, language }) => exportJournal(database(), { userId: user.id, language }),
    // journal_entries references users ON DELETE CASCADE; deleting them here as well keeps the plugin's
    // cleanup its own, whatever the table's foreign key becomes.
    async deleteUser({ user, sql }) {
      await sql`DELETE FROM journal_entries WHERE user_id = ${user.id}`;
    },
    async onChatStart({ user, sql }) {
      const entries = await getRecentJournalEntries(sql, { userId: user.id, limit: JOURNAL_PANEL_LIMIT });
      return { panels: [{ kind: "journal", data: { entries } }] };
    },
  };
}
