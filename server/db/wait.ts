import type { Sql } from "postgres";

export class DatabaseUnreachableError extends Error {
  override name = "DatabaseUnreachableError";
}

/**
 * Waits (up to `deadlineMs`) for the database to answer, so that a wrong DATABASE_URL fails fast with
 * a clear line. Wrong credentials or a missing database are final at once; anything else is retried.
 */
export async function waitForDatabase(sql: Sql, description: string, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      await sql`SELECT 1`;
      return;
    } catch (error) {
      const code = (error as { code?: string }).code ?? (error as Error).message;
      if (code === "28P01" || code === "3D000" || code === "28000" || Date.now() > deadline) {
        throw new DatabaseUnreachableError(`cannot use the database (${description}): ${code}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
