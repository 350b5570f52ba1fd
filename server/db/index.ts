import type { Config } from "../config.js";
import { connectDatabase, type Database, type DatabaseOptions } from "./client.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded.js";
import { embeddedPsql } from "./embedded-url.js";

export interface DatabaseTarget {
  url: string;
  /** "embedded PostgreSQL in .data/postgres (127.0.0.1:5433)" or the external host, without password. */
  description: string;
  /** The psql line an operator can paste. */
  psql: string;
  embedded: EmbeddedPostgres | undefined;
}

export function describeUrl(url: string): { description: string; psql: string } {
  const u = new URL(url);
  const db = decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres";
  const user = decodeURIComponent(u.username) || "postgres";
  const port = u.port || "5432";
  return {
    description: `PostgreSQL at ${u.hostname}:${port}/${db}`,
    psql: `psql -h ${u.hostname === "127.0.0.1" ? "localhost" : u.hostname} -p ${port} -U ${user} -d ${db}`,
  };
}

/** DATABASE_URL when set; otherwise starts embedded PostgreSQL (and stops it in `embedded.stop()`). */
export async function openDatabaseTarget(config: Config): Promise<DatabaseTarget> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, ...describeUrl(config.databaseUrl), embedded: undefined };
  }
  const embedded = await startEmbeddedPostgres(config.embeddedPg);
  return {
    url: embedded.url,
    description: `embedded PostgreSQL in ${config.embeddedPg.dir} (127.0.0.1:${embedded.port}, data kept between starts)`,
    psql: embeddedPsql(embedded.port),
    embedded,
  };
}

export { connectDatabase, type Database, type DatabaseOptions };
