import type { Config } from "../config.js";
import { connectDatabase, type Database, type DatabaseOptions } from "./client.js";
import { chooseEmbeddedDir, startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded.js";
import { embeddedPsql } from "./embedded-url.js";

export interface DatabaseTarget {
  url: string;
  /** "embedded PostgreSQL in .data/postgres (127.0.0.1:5433)" or the external host, without password. */
  description: string;
  /** The psql line an operator can paste. */
  psql: string;
  embedded: EmbeddedPostgres | undefined;
  /** Why the embedded data is not where the configuration says (started by root), for the banner. */
  note?: string;
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
  const choice = await chooseEmbeddedDir(config.embeddedPg);
  const embedded = await startEmbeddedPostgres({ dir: choice.dir, port: config.embeddedPg.port });
  const shown = choice.relocated ? choice.dir : config.embeddedPg.dir;
  return {
    url: embedded.url,
    description: `embedded PostgreSQL in ${shown} (127.0.0.1:${embedded.port}, data kept between starts)`,
    psql: embeddedPsql(embedded.port),
    embedded,
    note: choice.relocated
      ? `${choice.relocated.reason}, so the data lives in ${choice.dir} (not ${choice.relocated.from}); set EMBEDDED_PG_DIR to choose`
      : undefined,
  };
}

export { connectDatabase, type Database, type DatabaseOptions };
