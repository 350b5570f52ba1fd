import type { Config } from "drizzle-kit";
import { loadConfig } from "./server/config.js";
import { embeddedDatabaseUrl } from "./server/db/embedded-url.js";

const config = loadConfig();

export default {
  // The core's tables (server/db/schema.ts) and every plugin's own (server/<plugin>/schema.ts, e.g. the
  // journal's); migrations of all of them go to the one migrations/ folder, applied by server/db/migrate.ts.
  schema: "./server/*/schema.ts",
  out: "./migrations",
  dialect: "postgresql",
  dbCredentials: { url: config.databaseUrl ?? embeddedDatabaseUrl(config.embeddedPg.port) },
  strict: true,
  verbose: true,
} satisfies Config;
