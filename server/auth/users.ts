import type { Sql } from "postgres";
import { normaliseEmail } from "../validation.js";

export interface User {
  id: string;
  email: string;
  name: string | null;
  avatarUrl: string | null;
}

function userFromRow(r: Record<string, unknown>): User {
  return { id: String(r.id), email: String(r.email), name: (r.name as string) ?? null, avatarUrl: (r.avatar_url as string) ?? null };
}

/** Sign-in: one user per lower-cased email; Google's `sub` and profile kept when given. */
export async function upsertUser(
  sql: Sql,
  input: { email: string; name?: string | null; googleSub?: string | null; avatarUrl?: string | null },
): Promise<User> {
  const email = normaliseEmail(input.email);
  const name = input.name?.replace(/\s+/g, " ").trim().slice(0, 200) || null;
  const rows = await sql`
    INSERT INTO users (email, name, google_sub, avatar_url, last_login_at)
    VALUES (${email}, ${name}, ${input.googleSub ?? null}, ${input.avatarUrl ?? null}, now())
    ON CONFLICT (email) DO UPDATE SET
      name = COALESCE(EXCLUDED.name, users.name),
      google_sub = COALESCE(EXCLUDED.google_sub, users.google_sub),
      avatar_url = COALESCE(EXCLUDED.avatar_url, users.avatar_url),
      last_login_at = now()
    RETURNING id, email, name, avatar_url`;
  return userFromRow(rows[0]!);
}

export async function getUserById(sql: Sql, input: { id: string }): Promise<User | null> {
  const rows = await sql`SELECT id, email, name, avatar_url FROM users WHERE id = ${input.id}`;
  return rows[0] ? userFromRow(rows[0]) : null;
}
