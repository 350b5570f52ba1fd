import path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin, type ProxyOptions } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import { precompress } from "./scripts/precompress.mjs";
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

/**
 * A build is always React's production bundle, whatever NODE_ENV says (`NODE_ENV=development npm start`
 * built the development bundle, 1 MB on the first load). Vite decides from NODE_ENV after the config
 * hooks run; the variable is given back afterwards, as the server may build in its own process.
 */
function productionBuild(): Plugin {
  let previous: string | undefined;
  return {
    name: "yonca:production-build",
    apply: "build",
    enforce: "pre",
    config() {
      previous = process.env.NODE_ENV;
      process.env.NODE_ENV = "production";
      return { define: { "process.env.NODE_ENV": JSON.stringify("production") } };
    },
    configResolved() {
      if (previous === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = previous;
    },
  };
}

/** The server's own paths: never from a cache, never the app's page in their place. */
const serverPaths = /^\/(api|auth|socket\.io|healthz|readyz|metrics)(\/|$)/;

/**
 * Installable, and the shell offline: Workbox precaches the built app (versioned by content); a new
 * build waits until the farmer says reload (web/src/components/UpdatePrompt.tsx), never swapped mid-answer.
 */
const pwa = VitePWA({
  // The worker is built minified whatever NODE_ENV says, like the app (productionBuild above).
  mode: "production",
  registerType: "prompt",
  injectRegister: false,
  includeAssets: ["favicon.svg"],
  // The install icons are fetched by the browser when it offers to install, not on every first load.
  includeManifestIcons: false,
  manifest: {
    id: "/",
    name: "Yonca — fermerin aqronom məsləhətçisi",
    short_name: "Yonca",
    description: "Azərbaycan fermerləri üçün aqronom məsləhətçisi",
    lang: "az",
    dir: "ltr",
    start_url: "/",
    scope: "/",
    display: "standalone",
    theme_color: "#0B0F1E",
    background_color: "#0B0F1E",
    icons: [
      { src: "/pwa-192x192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/pwa-512x512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/maskable-icon-512x512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  },
  workbox: {
    // The shell: scripts, styles, the page and the heading font; install icons are the browser's business.
    globPatterns: ["**/*.{js,css,html,woff2,svg}"],
    navigateFallback: "/index.html",
    navigateFallbackDenylist: [serverPaths],
    cleanupOutdatedCaches: true,
    inlineWorkboxRuntime: true,
    // Authenticated answers are never cached and never served from a cache (one farmer's data to another).
    runtimeCaching: [{ urlPattern: ({ url }) => serverPaths.test(url.pathname), handler: "NetworkOnly" }],
  },
});

export default defineConfig({
  root: webRoot,
  plugins: [productionBuild(), react(), pwa, reportInitialJsSize({ limitKb: 250 }), precompress()],
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
