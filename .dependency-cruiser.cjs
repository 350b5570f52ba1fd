/**
 * The layering check (`npm run lint:layers`, a stage of `npm test`; docs/architecture.md): the chat core
 * knows no plugin, auth and the plugins do not know each other, and no module imports itself in a circle.
 * Plugin folders are every server folder that is not a layer of the core.
 */
const CORE_LAYERS = "(chat|http|auth|db|types)";
const PLUGIN = `^server/(?!${CORE_LAYERS}/)[^/]+/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "core-knows-no-plugin",
      severity: "error",
      comment: "server/chat (and the layers under it) must not import a plugin folder (personas, agent, journal …): plugins register in server/main.ts.",
      from: { path: `^server/${CORE_LAYERS}/` },
      to: { path: PLUGIN },
    },
    {
      name: "core-imports-only-core",
      severity: "error",
      comment: "server/chat imports only the core: itself, config, db, errors, logger, metrics, validation, http, auth.",
      from: { path: "^server/chat/" },
      to: { path: "^server/", pathNot: ["^server/(chat|db|http|auth)/", "^server/(config|errors|logger|metrics|validation)\\.ts$"] },
    },
    {
      name: "auth-not-personas",
      severity: "error",
      comment: "auth and personas do not import each other (requireUser/currentUser live in server/http/user.ts).",
      from: { path: "^server/auth/" },
      to: { path: "^server/personas/" },
    },
    {
      name: "personas-not-auth",
      severity: "error",
      comment: "auth and personas do not import each other (requireUser/currentUser live in server/http/user.ts).",
      from: { path: "^server/personas/" },
      to: { path: "^server/auth/" },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "A circle of imports: split the module or invert the dependency.",
      from: { path: "^(server|web/src)/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".tsx", ".js", ".json"] },
  },
};
