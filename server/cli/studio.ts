import { spawn } from "node:child_process";
import { withCommandDatabase } from "./common.js";

/** `npm run db:studio`: Drizzle Studio on the app's database (embedded started if needed). */
const code = await withCommandDatabase(
  (_database, target) =>
    new Promise<number>((resolve) => {
      const child = spawn("npx", ["drizzle-kit", "studio"], { stdio: "inherit", env: { ...process.env, DATABASE_URL: target.url } });
      const stop = () => child.kill("SIGINT");
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
      child.on("exit", (c) => resolve(c ?? 0));
    }),
);
process.exit(code);
