import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devLogin, readySocket, startTestApp, type TestApp } from "../helpers/app.js";

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ oidc: false, env: { ADMIN_EMAILS: "operator@example.az", LOG_LEVEL: "warn" } });
});
afterAll(async () => {
  await t?.close();
});

const json = (cookie: string | undefined, method: string, body: unknown) => ({
  method,
  headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
  body: JSON.stringify(body),
});

describe("NUL and other control characters are bad requests, not outages", () => {
  it("dev login name: 400", async () => {
    for (const name of ["Nigar\u0000", "Nigar\u0007", "Ni\ngar"]) {
      const res = await fetch(`${t.url}/auth/dev-login`, json(undefined, "POST", { email: "nul.name@example.az", name }));
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe("bad_request");
    }
  });

  it("chat:send text and clientMessageId: bad_request; line breaks in a message are fine", async () => {
    const cookie = await devLogin(t.url, "nul.message@example.az");
    const { socket, ready } = await readySocket(t.url, cookie);
    const conversationId = ready.conversation.id;
    for (const payload of [
      { conversationId, text: "Salam\u0000", clientMessageId: randomUUID() },
      { conversationId, text: "Salam\u001b[31m", clientMessageId: randomUUID() },
      { conversationId, text: "Salam", clientMessageId: "id\u0000" },
    ]) {
      const res = await socket.emitWithAck("chat:send", payload);
      expect(res).toMatchObject({ status: "ERROR", error: { code: "bad_request" } });
    }
    expect(await t.app.database.sql`SELECT 1 FROM messages WHERE conversation_id = ${conversationId}`).toHaveLength(0);
    const ok = await socket.emitWithAck("chat:send", { conversationId, text: "Birinci sətir\nikinci sətir", clientMessageId: randomUUID() });
    expect(ok.status).toBe("OK");
    socket.close();
  });

  it("persona fields and the admin search: 400", async () => {
    const cookie = await devLogin(t.url, "nul.persona@example.az");
    await (await fetch(`${t.url}/api/me`, { headers: { cookie } })).arrayBuffer();
    const res = await fetch(`${t.url}/api/me/persona`, json(cookie, "PATCH", { region: "Quba\u0000" }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("bad_request");
    expect(body.error.fieldErrors?.region ?? body.error.details?.fieldErrors?.region).toBeTruthy();

    const operator = await devLogin(t.url, "operator@example.az");
    const search = await fetch(`${t.url}/api/admin/personas?q=${encodeURIComponent("a\u0000b")}`, { headers: { cookie: operator } });
    expect(search.status).toBe(400);
  });
});

describe("persona values as stored", () => {
  it("totalAreaHa 0.04 (rounds to 0) → 400, nothing written; 0.05 → 0.1", async () => {
    const cookie = await devLogin(t.url, "tiny.farm@example.az");
    const before = (await (await fetch(`${t.url}/api/me`, { headers: { cookie } })).json()).persona;
    const tiny = await fetch(`${t.url}/api/me/persona`, json(cookie, "PATCH", { totalAreaHa: 0.04 }));
    expect(tiny.status).toBe(400);
    const [row] = await t.app.database.sql`SELECT total_area_ha FROM alem_personas WHERE email = 'tiny.farm@example.az'`;
    expect(Number(row!.total_area_ha)).toBe(before.totalAreaHa);
    const small = await fetch(`${t.url}/api/me/persona`, json(cookie, "PATCH", { totalAreaHa: 0.05 }));
    expect(small.status).toBe(200);
    expect((await small.json()).persona.totalAreaHa).toBe(0.1);
  });

  it("region: a catalogue district, normalised; a homoglyph or free text → 400", async () => {
    const cookie = await devLogin(t.url, "region.rule@example.az");
    await (await fetch(`${t.url}/api/me`, { headers: { cookie } })).arrayBuffer();
    const homoglyph = await fetch(`${t.url}/api/me/persona`, json(cookie, "PATCH", { region: "Qub\u0430" }));
    expect(homoglyph.status).toBe(400);
    const free = await fetch(`${t.url}/api/me/persona`, json(cookie, "PATCH", { region: "Somewhere nice" }));
    expect(free.status).toBe(400);
    const ok = await fetch(`${t.url}/api/me/persona`, json(cookie, "PATCH", { region: "  qUBA " }));
    expect(ok.status).toBe(200);
    expect((await ok.json()).persona.region).toBe("Quba");
  });
});
