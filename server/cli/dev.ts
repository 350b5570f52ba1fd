import { spawn, type ChildProcess } from "node:child_process";

/**
 * `npm run dev`: the server with reload (tsx watch) and Vite's dev server, which proxies /api, /auth and
 * /socket.io to it. Ctrl-C stops both.
 */
const children: ChildProcess[] = [
  spawn("npx", ["tsx", "watch", "--clear-screen=false", "--exclude", "web/**", "server/cli/start.ts"], {
    stdio: "inherit",
    env: { ...process.env, YONCA_SKIP_WEB_BUILD: "1" },
  }),
  spawn("npx", ["vite", "--config", "web/vite.config.ts"], { stdio: "inherit" }),
];
const stop = () => children.forEach((c) => c.kill("SIGINT"));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const child of children) child.on("exit", (code) => {
  stop();
  process.exitCode = code ?? 0;
});
