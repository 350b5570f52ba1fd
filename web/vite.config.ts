import path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type ProxyOptions } from "vite";
import { reportInitialJsSize } from "./scripts/report-size.mjs";

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const backend = process.env.YONCA_BACKEND ?? "http://localhost:3000";

/**
 * The dev server stands in for the app's own origin: the server refuses writes and sockets from other
 * origins, so requests proxied from this page carry the backend's origin instead of Vite's.
 */
const asBackendOrigin: ProxyOptions["configure"] = (proxy) => {
  const origin = new URL(backend).origin;
  const rewrite = (proxyReq: { getHeader(name: string): unknown; setHeader(name: string, value: string): void }) => {
    if (proxyReq.getHeader("origin")) proxyReq.setHeader("origin", origin);
  };
  proxy.on("proxyReq", rewrite);
  proxy.on("proxyReqWs", rewrite);
};

export default defineConfig({
  root: webRoot,
  plugins: [react(), reportInitialJsSize({ limitKb: 250 })],
  build: {
    outDir: path.join(webRoot, "dist"),
    emptyOutDir: true,
    target: "es2022",
  },
  server: {
    proxy: {
      "/api": { target: backend, configure: asBackendOrigin },
      "/auth": { target: backend, configure: asBackendOrigin },
      "/socket.io": { target: backend, ws: true, configure: asBackendOrigin },
    },
  },
});
