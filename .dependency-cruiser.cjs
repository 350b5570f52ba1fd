/**
 * The layering check (`npm run lint:layers`, a stage of `npm test`; docs/architecture.md): the chat core
 * knows no plugin, auth and the plugins do not know each other, and no module imports itself in a circle.
 * Plugin folders are every server folder that is not a layer of the core. tests/unit/layers.test.ts plants a
 * violation of every rule below on a temporary tree and checks that each one is caught.
 */
const CORE_LAYERS = "(chat|http|auth|db|types)";
const PLUGIN = `^server/(?!${CORE_LAYERS}/)[^/]+/`;

/*
 * Seams between plugins: a plugin folder imports another plugin only through that plugin's extension.ts,
 * and server/text (text utilities shared by plugins: words, folding, months, numbers, place names) imports
 * no plugin. Not plugins: the core layers, server/account, server/cli (composition, like server/main.ts)
 * and server/text. The capture group is the importing plugin's folder ($1 in the rule below).
 */
const NOT_A_PLUGIN = "(?:chat|http|auth|db|types|account|cli|text)";
const PLUGIN_FOLDER = `^server/(?!${NOT_A_PLUGIN}/)([^/]+)/`;

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
      name: "plugins-meet-through-extension",
      severity: "error",
      comment: "A plugin imports another plugin only through its extension.ts (e.g. server/personas/extension.ts), never its other files.",
      from: { path: PLUGIN_FOLDER },
      to: { path: PLUGIN_FOLDER, pathNot: ["^server/$1/", "^server/[^/]+/extension\\.ts$"] },
    },
    {
      name: "text-imports-no-plugin",
      severity: "error",
      comment: "server/text is shared by plugins and imports none of them.",
      from: { path: "^server/text/" },
      to: { path: PLUGIN_FOLDER },
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
