import { upsertUser } from "../auth/users.js";
import { applyMigrations } from "../db/migrate.js";
import { seedDemoFarmers } from "../personas/seed.js";
import { withCommandDatabase } from "./common.js";

await withCommandDatabase(async (database, target) => {
  await applyMigrations(database);
  const { created, existing } = await seedDemoFarmers(database.sql, upsertUser);
  console.log(`Demo farmers on ${target.description}: ${created} created, ${existing} already there.`);
});
