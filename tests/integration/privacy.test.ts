import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { once, readySocket, sessionCookieOf, startTestApp, type TestApp } from "../helpers/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { LOG_LEVEL: "trace" } });
});
afterAll(async () => {
  await t?.close();
});

describe("private logs", () => {
  it("after a full Google sign-in and chat, contain no email, FIN, phone, cookie, session id, OAuth code or message text", async () => {
    const name = 'Leyla\n{"level":60,"msg":"forged line"} Məmmədova';
    t.oidc!.next = { sub: "g-privacy", email: "private.farmer@example.az", name };
    const codes: string[] = [];
    t.oidc!.server.service.on("beforeAuthorizeRedirect", (redirect: { url: URL }) => {
      codes.push(redirect.url.searchParams.get("code") ?? "");
    });
    const start = await fetch(`${t.url}/auth/google`, { redirect: "manual" });
    const preLogin = sessionCookieOf(start);
    const atProvider = await fetch(new URL(start.headers.get("location")!), { redirect: "manual" });
    const callback = new URL(atProvider.headers.get("location")!);
    const back = await fetch(callback, { headers: { cookie: preLogin }, redirect: "manual" });
    expect(back.headers.get("location")).toBe("/");
    const cookie = sessionCookieOf(back);

    const { socket, ready } = await readySocket(t.url, cookie);
    const question = "Mənim gizli sualım: pambıq suvarması 7777?";
    const done = once(socket, "chat:done", () => true, 30_000);
    const ack = await socket.emitWithAck("chat:send", { conversationId: ready.conversation.id, text: question, clientMessageId: randomUUID() });
    expect(ack.status).toBe("OK");
    const answer = (await done).message.content;
    await fetch(`${t.url}/api/me/persona`, { method: "PATCH", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ region: "Quba" }) });
    await fetch(`${t.url}/auth/logout`, { method: "POST", headers: { cookie } });
    socket.close();

    const persona = ready.persona;
    const sessionId = decodeURIComponent(cookie.split("=")[1]!).replace(/^s:/, "").split(".")[0]!;
    const secrets = {
      email: "private.farmer@example.az",
      fin: persona.finCode,
      phone: persona.phone,
      phoneDigits: persona.phone.replace(/\D/g, "").slice(3),
      cookie: cookie.split("=")[1]!,
      preLoginCookie: preLogin.split("=")[1]!,
      sessionId,
      oauthCode: codes[0]!,
      oauthState: callback.searchParams.get("state")!,
      question,
      questionFragment: "gizli sualım",
      answerFragment: answer.slice(0, 40),
      name: "Məmmədova",
    };
    expect(codes[0]).toBeTruthy();
    expect(t.logs.length).toBeGreaterThan(5);
    const all = t.logs.join("\n");
    for (const [what, value] of Object.entries(secrets)) {
      expect(value.length, what).toBeGreaterThan(3);
      expect(all.includes(value), `${what} appears in the logs`).toBe(false);
    }
    // every line is one JSON object: a display name with a newline cannot forge a log line
    for (const line of t.logs) expect(() => JSON.parse(line)).not.toThrow();
    expect(t.logs.some((l) => l.includes("forged line"))).toBe(false);
    // and the logs still say what happened, with ids
    expect(t.logs.some((l) => /"msg":"signed in with Google"/.test(l) && /"userId":"[0-9a-f-]{36}"/.test(l))).toBe(true);
    expect(t.logs.some((l) => /"msg":"reply finished"/.test(l) && /"traceId":"[0-9a-f]{32}"/.test(l))).toBe(true);
    expect(t.logs.some((l) => /"msg":"request"/.test(l) && /"reqId"/.test(l))).toBe(true);
  });
});
