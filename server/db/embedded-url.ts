/** Database, user and password of the embedded cluster (and of docker-compose.local.yml). */
export const EMBEDDED_CREDENTIALS = { database: "yonca", user: "yonca", password: "yonca" } as const;

/**
 * The embedded cluster's superuser, for administration only; its password is random per data folder
 * (server/db/embedded.ts keeps it in the folder's `superuser-password`). `yonca` is not a superuser.
 */
export const EMBEDDED_SUPERUSER = "postgres";

export function embeddedDatabaseUrl(port: number): string {
  const { user, password, database } = EMBEDDED_CREDENTIALS;
  return `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
}

/** The psql line an operator pastes for the embedded cluster. */
export function embeddedPsql(port: number): string {
  const { user, password, database } = EMBEDDED_CREDENTIALS;
  return `psql -h localhost -p ${port} -U ${user} -d ${database}   (password: ${password})`;
}
