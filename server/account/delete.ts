import type { Sql, TransactionSql } from "postgres";
import type { ChatUser } from "../chat/plugins.js";

/** What account deletion needs of the plugins (server/chat/plugin-host.ts): each one's own cleanup. */
export interface UserCleanup {
  deleteUser(user: ChatUser, sql: TransactionSql): Promise<void>;
}

/** The replies streaming for the farmer now (to stop before their conversations go). */
export async function streamingRunsOf(sql: Sql, userId: string): Promise<string[]> {
  const rows = await sql<{ run_id: string }[]>`
    SELECT m.run_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE c.user_id = ${userId} AND m.status = 'streaming' AND m.run_id IS NOT NULL`;
  return rows.map((r) => r.run_id);
}

/**
 * Removes the farmer, in one transaction: every plugin's own rows first (UserCleanup: each plugin's
 * deleteUser), the rate-limit counters keyed on the user's id, then the `users` row, whose ON DELETE
 * CASCADE takes the core's sessions, conversations, messages, runs and feedback, and every plugin row that
 * references it. Deleting the sessions NOTIFYs every instance, which closes their sockets
 * (server/auth/revocation.ts). No tombstone is kept. False when there was no such user.
 */
export async function deleteAccount(sql: Sql, cleanup: UserCleanup, user: ChatUser): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [exists] = await tx<{ id: string }[]>`SELECT id FROM users WHERE id = ${user.id} FOR UPDATE`;
    if (!exists) return false;
    await cleanup.deleteUser(user, tx);
    // rate-limiter-flexible's keys are `${prefix}:${key}`; the per-user limits key on the id.
    await tx`DELETE FROM rate_limits WHERE key LIKE ${`%:${user.id}`}`;
    await tx`DELETE FROM users WHERE id = ${user.id}`;
    return true;
  });
}

/** The user an operator names by email (npm run user:delete), or undefined. */
export async function findUserByEmail(sql: Sql, email: string): Promise<ChatUser | undefined> {
  const [row] = await sql<ChatUser[]>`SELECT id, email, name FROM users WHERE email = ${email.trim().toLowerCase()}`;
  return row;
}
