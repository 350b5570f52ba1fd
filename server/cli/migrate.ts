import { applyMigrations, migrationCount } from "../db/migrate.js";
import { withCommandDatabase } from "./common.js";

await withCommandDatabase(async (database, target) => {
  await applyMigrations(database);
  console.log(`Migrations applied (${migrationCount()}) on ${target.description}.`);
});
