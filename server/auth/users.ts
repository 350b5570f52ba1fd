import { eq, sql as expr } from "drizzle-orm";
import type { Sql } from "postgres";
import { dbOf, prepared, type Db } from "../db/client.js";
import { users } from "../db/schema.js";
import { normaliseEmail } from "../validation.js";

/** What the app keeps of a user (the session's and the API's user). */
const userColumns = { id: users.id, email: users.email, name: users.name, avatarUrl: users.avatarUrl };
export type User = { [K in keyof typeof userColumns]: (typeof users.$inferSelect)[K] };

const upsertUserQuery = (db: Db) =>
  db
    .insert(users)
    .values({
      email: expr.placeholder("email"),
      name: expr.placeholder("name"),
      googleSub: expr.placeholder("googleSub"),
      avatarUrl: expr.placeholder("avatarUrl"),
      lastLoginAt: expr`now()`,
    })
    .onConflictDoUpdate({
      target: users.email,
      // A sign-in without a name or picture keeps the ones stored.
      set: {
        name: expr`COALESCE(excluded.name, ${users.name})`,
        googleSub: expr`COALESCE(excluded.google_sub, ${users.googleSub})`,
        avatarUrl: expr`COALESCE(excluded.avatar_url, ${users.avatarUrl})`,
        lastLoginAt: expr`now()`,
      },
    })
    .returning(userColumns)
    .prepare("upsert_user");

/** Sign-in: one user per lower-cased email; Google's `sub` and profile kept when given. */
export async function upsertUser(
  sql: Sql,
  input: { email: string; name?: string | null; googleSub?: string | null; avatarUrl?: string | null },
): Promise<User> {
  const email = normaliseEmail(input.email);
  const name = input.name?.replace(/\s+/g, " ").trim().slice(0, 200) || null;
  const [row] = await prepared(dbOf(sql), upsertUserQuery).execute({
    email,
    name,
    googleSub: input.googleSub ?? null,
    avatarUrl: input.avatarUrl ?? null,
  });
  return row!;
}

export async function getUserById(sql: Sql, input: { id: string }): Promise<User | null> {
  const [row] = await dbOf(sql).select(userColumns).from(users).where(eq(users.id, input.id));
  return row ?? null;
}
