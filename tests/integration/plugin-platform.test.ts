import { randomUUID } from "node:crypto";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ChatPlugin, PluginApi } from "../../server/chat/plugins.js";
import { currentUser, requireUser } from "../../server/http/user.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { unzip } from "../helpers/zip.js";
import { devLogin, once, readySocket, socketFor, startTestApp, type ClientSocket, type TestApp } from "../helpers/app.js";

/**
 * The platform without the app's plugins: the core boots with throwaway plugins only (no persona, no
 * advisor), and a plugin that fails at chat start is isolated unless it is required (server/chat/plugin-host.ts).
 */

interface EchoTool {
  name: string;
  run(text: string): Promise<string>;
}

/** A throwaway answerer with its own event, route, panel and annotation; it calls tools other plugins contribute at "echo:tools". */
function echoPlugin(observed: { role: string; content: string }[]): ChatPlugin {
  let api: PluginApi | undefined;
  let pings = 0;
  return {
    name: "echo",
    annotationDefaults: { echoed: false },
    setup(pluginApi) {
      api = pluginApi;
      pluginApi.event("ping", z.object({ text: z.string().max(20) }).strict(), async ({ text }, { user }) => {
        pings += 1;
        pluginApi.emitToUser(user.id, "echo:pinged", { text, pings });
        return { pong: text };
      });
      pluginApi.routes((router) => {
        router.get("/api/echo/whoami", requireUser, (req, res) => {
          res.json({ email: currentUser(req).email });
        });
      });
    },
    async onChatStart({ user }) {
      return { ready: { echo: { greeting: `hello ${user.email}` } }, panels: [{ kind: "echo", data: { pings } }] };
    },
    async onMessage(ctx) {
      const question = ctx.history[ctx.history.length - 1]!.content;
      let text = "";
      const say = (delta: string) => {
        text += delta;
        ctx.emitToken(delta);
      };
      say("You said: ");
      say(question);
      for (const tool of api!.contributions<EchoTool>("echo:tools")) {
        if (!question.includes(tool.name)) continue;
        ctx.emitTool(tool.name, "start");
        say(` (${tool.name}: ${await tool.run(question)})`);
        ctx.emitTool(tool.name, "end");
      }
      return { text, annotations: { echoed: true }, inputTokens: null, outputTokens: null };
    },
    observeMessage({ message }) {
      observed.push({ role: message.role, content: message.content });
    },
  };
}

/** Contributes a tool to the echo answerer, as the journal contributes one to the advisor. */
const shoutPlugin: ChatPlugin = {
  name: "shout",
  setup(api) {
    api.contribute<EchoTool>("echo:tools", { name: "shout", run: async (text) => text.toUpperCase() });
  },
};

/**
 * Keeps notes keyed by email (no foreign key to users): only its own `deleteUser` can remove them, and its
 * `exportUser` streams a file. A farmer whose email starts with "broken" makes its export fail.
 */
function notesPlugin(): ChatPlugin {
  let api: PluginApi | undefined;
  return {
    name: "notes",
    async setup(pluginApi) {
      api = pluginApi;
      await pluginApi.database.sql`CREATE TABLE IF NOT EXISTS throwaway_notes (email text NOT NULL, note text NOT NULL)`;
    },
    async onChatStart({ user }) {
      await api!.database.sql`INSERT INTO throwaway_notes (email, note) VALUES (${user.email}, 'first'), (${user.email}, 'second')`;
    },
    async exportUser({ user, language }) {
      if (user.email.startsWith("broken")) throw new Error("the notes store is down");
      const rows = await api!.database.sql<{ note: string }[]>`SELECT note FROM throwaway_notes WHERE email = ${user.email} ORDER BY note`;
      return [
        { path: "notes.json", content: JSON.stringify(rows.map((r) => r.note)), about: { az: "qeydlər", en: "notes" } },
        { path: "notes.md", content: (async function* () { for (const r of rows) yield `- ${r.note} (${language})\n`; })() },
      ];
    },
    async deleteUser({ user, sql }) {
      await sql`DELETE FROM throwaway_notes WHERE email = ${user.email}`;
    },
  };
}

function failingPlugin(options: { required: boolean }): ChatPlugin {
  return {
    name: options.required ? "vital" : "flaky",
    required: options.required,
    unavailableCode: options.required ? "vital_unavailable" : undefined,
    async onChatStart() {
      throw new Error("the flaky plugin's store is down");
    },
  };
}

/** Plugin events are not in the core's typed protocol: an untyped view of the same socket. */
const raw = (socket: ClientSocket) => socket as unknown as Socket;

describe("the core with throwaway plugins and no persona or advisor", () => {
  let t: TestApp;
  const observed: { role: string; content: string }[] = [];
  const sockets: ClientSocket[] = [];
  beforeAll(async () => {
    t = await startTestApp({ plugins: () => [echoPlugin(observed), shoutPlugin, failingPlugin({ required: false }), notesPlugin()] });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it("session:ready carries the plugin's part and panel; the failing optional plugin is left out and logged", async () => {
    const cookie = await devLogin(t.url, "echo@example.az");
    const { socket, ready } = await readySocket(t.url, cookie);
    sockets.push(socket);
    expect((ready as unknown as Record<string, unknown>).echo).toEqual({ greeting: "hello echo@example.az" });
    expect(ready.panels).toEqual([{ kind: "echo", data: { pings: 0 } }]);
    expect("persona" in ready).toBe(false);
    const warning = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === "plugin failed at chat start; left out");
    expect(warning).toMatchObject({ plugin: "flaky", level: 40 });
  });

  it("chats with the plugin's answerer: tokens, a contributed tool, annotations on the message, observers", async () => {
    const cookie = await devLogin(t.url, "echo-chat@example.az");
    const { socket, ready } = await readySocket(t.url, cookie);
    sockets.push(socket);
    const tools: string[] = [];
    socket.on("chat:tool", (p) => tools.push(`${p.name}:${p.status}`));
    const done = once(socket, "chat:done");
    const ack = await socket.emitWithAck("chat:send", { conversationId: ready.conversation.id, text: "please shout", clientMessageId: randomUUID() });
    expect(ack.status).toBe("OK");
    const { message } = await done;
    expect(message).toMatchObject({ status: "complete", content: "You said: please shout (shout: PLEASE SHOUT)", echoed: true });
    expect(tools).toEqual(["shout:start", "shout:end"]);
    // The annotation is stored: a reload shows it, and the question carries the plugin's default.
    const again = await readySocket(t.url, cookie);
    sockets.push(again.socket);
    const [question, answer] = again.ready.messages;
    expect(question).toMatchObject({ role: "user", content: "please shout", echoed: false });
    expect(answer).toMatchObject({ role: "assistant", echoed: true });
    const [row] = await t.app.database.sql`SELECT annotations FROM messages WHERE id = ${message.id}`;
    expect(row!.annotations).toEqual({ echoed: true });
    await expect.poll(() => observed.map((m) => m.role)).toEqual(["user", "assistant"]);
  });

  it("its namespaced event is validated and ack'd like the core's, and reaches every tab of the user", async () => {
    const cookie = await devLogin(t.url, "echo-event@example.az");
    const [a, b] = await Promise.all([readySocket(t.url, cookie), readySocket(t.url, cookie)]);
    sockets.push(a.socket, b.socket);
    const pinged = new Promise((resolve) => raw(b.socket).once("echo:pinged", resolve));
    expect(await raw(a.socket).emitWithAck("echo:ping", { text: "hi" })).toEqual({ status: "OK", data: { pong: "hi" } });
    expect(await pinged).toEqual({ text: "hi", pings: 1 });

    const tooLong = await raw(a.socket).emitWithAck("echo:ping", { text: "x".repeat(21) });
    expect(tooLong).toMatchObject({ status: "ERROR", error: { code: "bad_request" } });
    const extra = await raw(a.socket).emitWithAck("echo:ping", { text: "hi", admin: true });
    expect(extra).toMatchObject({ status: "ERROR", error: { code: "bad_request" } });
    const control = await raw(a.socket).emitWithAck("echo:ping", { text: "a\u0000b" });
    expect(control).toEqual({ status: "ERROR", error: { code: "bad_request", message: "Control characters are not allowed." } });
    // The socket stays usable after refusals.
    expect(await raw(a.socket).emitWithAck("echo:ping", { text: "again" })).toEqual({ status: "OK", data: { pong: "again" } });
  });

  it("exportUser puts a plugin's files (a streamed one too) under its folder; a failing one fails the download; deleteUser removes rows no foreign key reaches", async () => {
    const cookie = await devLogin(t.url, "notes@example.az");
    const { socket } = await readySocket(t.url, cookie);
    sockets.push(socket);
    const res = await fetch(`${t.url}/api/me/export?lang=en`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const files = await unzip(Buffer.from(await res.arrayBuffer()));
    expect(JSON.parse(files["notes/notes.json"]!)).toEqual(["first", "second"]);
    expect(files["notes/notes.md"]).toBe("- first (en)\n- second (en)\n");
    expect(files["README.md"]).toContain("`notes/notes.json` — notes");

    const brokenCookie = await devLogin(t.url, "broken-notes@example.az");
    const broken = await fetch(`${t.url}/api/me/export`, { headers: { cookie: brokenCookie } });
    expect(broken.status).toBe(503);
    expect(broken.headers.get("content-disposition")).toBeNull();
    expect((await broken.json()).error.code).toBe("unavailable");

    const deleted = await fetch(`${t.url}/api/me`, { method: "DELETE", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ confirm: "notes@example.az" }) });
    expect(deleted.status).toBe(204);
    expect(await t.app.database.sql`SELECT 1 FROM throwaway_notes WHERE email = 'notes@example.az'`).toHaveLength(0);
    expect(await t.app.database.sql`SELECT 1 FROM users WHERE email = 'notes@example.az'`).toHaveLength(0);
  });

  it("its HTTP route is mounted after the session", async () => {
    const cookie = await devLogin(t.url, "echo-route@example.az");
    const signedIn = await fetch(`${t.url}/api/echo/whoami`, { headers: { cookie } });
    expect(await signedIn.json()).toEqual({ email: "echo-route@example.az" });
    const anonymous = await fetch(`${t.url}/api/echo/whoami`);
    expect(anonymous.status).toBe(401);
  });
});

describe("a required plugin that fails at chat start", () => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await startTestApp({ db, plugins: () => [echoPlugin([]), failingPlugin({ required: true })] });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it("refuses the session with its unavailableCode, retryable, and chat events wait", async () => {
    const cookie = await devLogin(t.url, "vital@example.az");
    const socket = socketFor(t.url, cookie, { autoConnect: false });
    const refused = once(socket, "session:error");
    socket.connect();
    expect(await refused).toMatchObject({ code: "vital_unavailable", retryable: true });
    const ack = await raw(socket).emitWithAck("echo:ping", { text: "hi" });
    expect(ack).toMatchObject({ status: "ERROR", error: { code: "unavailable" } });
    socket.close();
  });
});
