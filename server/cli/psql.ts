import { spawn } from "node:child_process";
import { withCommandDatabase } from "./common.js";

/** `npm run db:psql [-- psql args]`: psql on whichever database the app uses. */
const code = await withCommandDatabase(
  (_database, target) =>
    new Promise<number>((resolve) => {
      const child = spawn("psql", [target.url, ...process.argv.slice(2)], { stdio: "inherit" });
      child.on("error", () => {
        console.error("psql is not installed (Debian: apt-get install postgresql-client).");
        resolve(127);
      });
      child.on("exit", (c) => resolve(c ?? 1));
    }),
);
process.exit(code);
