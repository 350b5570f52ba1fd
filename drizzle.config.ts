import type { Config } from "drizzle-kit";
import { loadConfig } from "./server/config.js";
import { embeddedDatabaseUrl } from "./server/db/embedded-url.js";

const config = loadConfig();

export default {
  schema: ["./server/db/schema.ts", "./server/journal/schema.ts"],
  out: "./migrations",
  dialect: "postgresql",
  dbCredentials: { url: config.databaseUrl ?? embeddedDatabaseUrl(config.embeddedPg.port) },
  strict: true,
  verbose: true,
} satisfies Config;
