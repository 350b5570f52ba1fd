import { createInterface } from "node:readline/promises";
import { deleteAccount, findUserByEmail } from "../account/delete.js";
import { PluginHost } from "../chat/plugin-host.js";
import { createLogger } from "../logger.js";
import { defaultPlugins } from "../main.js";
import { loadConfigOrExit, withCommandDatabase } from "./common.js";

/**
 * `npm run user:delete -- <email> [--yes]`: an operator deletes a farmer's account on request (a letter),
 * exactly as the farmer's own "delete my account" does: every plugin's cleanup, then the users row and
 * everything that cascades from it. Their sessions end, which closes their sockets on every running instance.
 */
const args = process.argv.slice(2);
const yes = args.includes("--yes") || args.includes("-y");
const email = args.find((a) => !a.startsWith("-"));
if (!email) {
  console.error("Usage: npm run user:delete -- <email> [--yes]");
  process.exit(2);
}

const config = loadConfigOrExit();
const code = await withCommandDatabase(async (database, target) => {
  const user = await findUserByEmail(database.sql, email);
  if (!user) {
    console.error(`No account with the email ${email} on ${target.description}.`);
    return 1;
  }
  const logger = createLogger("warn");
  // The plugins as the app runs them: each brings its own cleanup (ChatPlugin.deleteUser). Set up before
  // asking, so that "yes" deletes at once.
  const plugins = new PluginHost(defaultPlugins({ config, logger }), { config, database, logger });
  await plugins.setup();
  if (!yes) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question(`Delete the account ${user.email} and everything it holds (conversations, profile, journal)? This cannot be undone. Type "yes": `);
    rl.close();
    if (answer.trim().toLowerCase() !== "yes") {
      console.log("Nothing deleted.");
      return 1;
    }
  }
  await deleteAccount(database.sql, plugins, user);
  console.log(`Deleted the account ${user.email} and all its data.`);
  return 0;
});
process.exit(code);
