import postgres from "postgres";
import { ConfigError, loadConfig, type Config } from "../config.js";
import { loadPluginConfigs } from "../plugin-configs.js";
import { EmbeddedPostgresError } from "../db/embedded.js";
import { embeddedDatabaseUrl, embeddedPsql } from "../db/embedded-url.js";
import { connectDatabase, describeUrl, openDatabaseTarget, type Database, type DatabaseTarget } from "../db/index.js";

/**
 * Reads the core's configuration and every plugin's (server/plugin-configs.ts), or exits with one line naming
 * the variable, no stack (.env.example lists them).
 */
export function loadConfigOrExit(): Config {
  try {
    const config = loadConfig();
    loadPluginConfigs(config.env);
    return config;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Invalid configuration: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

async function answers(url: string): Promise<boolean> {
  const probe = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await probe`SELECT 1`;
    return true;
  } catch {
    return false;
  } finally {
    await probe.end({ timeout: 1 });
  }
}

/**
 * The database a db:* command works on: DATABASE_URL, else the embedded cluster — the one `npm start`
 * is running if it is up, otherwise started for this command and stopped after it.
 */
export async function openCommandDatabase(config: Config): Promise<DatabaseTarget> {
  if (!config.databaseUrl) {
    const url = embeddedDatabaseUrl(config.embeddedPg.port);
    if (await answers(url)) {
      return {
        url,
        ...describeUrl(url),
        psql: embeddedPsql(config.embeddedPg.port),
        embedded: undefined,
      };
    }
  }
  return openDatabaseTarget(config);
}

export async function withCommandDatabase<T>(fn: (database: Database, target: DatabaseTarget) => Promise<T>): Promise<T> {
  const config = loadConfigOrExit();
  const target = await openCommandDatabase(config).catch((error: Error) => {
    if (!(error instanceof EmbeddedPostgresError)) throw error;
    console.error(`Cannot start the database: ${error.message}`);
    process.exit(1);
  });
  const database = connectDatabase(target.url, { max: 2 });
  try {
    return await fn(database, target);
  } finally {
    await database.close();
    await target.embedded?.stop();
  }
}
