import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devLogin, once, readySocket, startTestApp, type ClientSocket, type TestApp } from "../helpers/app.js";

let t: TestApp;
const sockets: ClientSocket[] = [];
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
});

const api = (cookie: string, path: string, init: RequestInit = {}) =>
  fetch(`${t.url}${path}`, { ...init, headers: { "content-type": "application/json", cookie, ...(init.headers ?? {}) } });

describe("the farmer's persona API", () => {
  it("edits region, crop, area and experience; every tab gets persona:updated; history records old and new", async () => {
    const cookie = await devLogin(t.url, "editor@example.az");
    const [a, b] = await Promise.all([readySocket(t.url, cookie), readySocket(t.url, cookie)]);
    sockets.push(a.socket, b.socket);
    const before = a.ready.persona;
    const updated = Promise.all([once(a.socket, "persona:updated"), once(b.socket, "persona:updated")]);
    const res = await api(cookie, "/api/me/persona", {
      method: "PATCH",
      body: JSON.stringify({ region: "Lənkəran", cropType: "Çay", totalAreaHa: 12.345, experienceLevel: "expert" }),
    });
    expect(res.status).toBe(200);
    const { persona } = await res.json();
    expect(persona).toMatchObject({ id: before.id, region: "Lənkəran", cropType: "Çay", totalAreaHa: 12.3, experienceLevel: "expert" });
    const [onA, onB] = await updated;
    expect(onA.persona).toEqual(persona);
    expect(onB.persona).toEqual(persona);
    const [row] = await t.app.database.sql`SELECT region, crop_type, total_area_ha::text AS area FROM alem_personas WHERE email = 'editor@example.az'`;
    expect(row).toEqual({ region: "Lənkəran", crop_type: "Çay", area: "12.3" });
    const history = await (await api(cookie, "/api/me/persona/history")).json();
    expect(history.events[0]).toMatchObject({ kind: "updated", actor: "user" });
    expect(history.events[0].changes.region).toEqual({ old: before.region, new: "Lənkəran" });
    expect(history.events.at(-1).kind).toBe("created");
  });

  it.each([
    [{}, undefined],
    [{ totalAreaHa: -3 }, "totalAreaHa"],
    [{ totalAreaHa: "12" }, "totalAreaHa"],
    [{ cropType: "Banan" }, "cropType"],
    [{ experienceLevel: "guru" }, "experienceLevel"],
    [{ region: "<img src=x onerror=alert(1)>" }, "region"],
    [{ fullName: "Hacker" }, undefined],
    [{ ektisVerified: true }, undefined],
  ])("refuses %j with 400 and per-field errors, changing nothing", async (body, field) => {
    const cookie = await devLogin(t.url, "validator@example.az");
    await api(cookie, "/api/me");
    const [before] = await t.app.database.sql`SELECT * FROM alem_personas WHERE email = 'validator@example.az'`;
    const res = await api(cookie, "/api/me/persona", { method: "PATCH", body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe("bad_request");
    if (field) expect(Object.keys(error.details.fieldErrors)).toContain(field);
    const [after] = await t.app.database.sql`SELECT * FROM alem_personas WHERE email = 'validator@example.az'`;
    expect(after).toEqual(before);
  });

  it("regenerates new synthetic values under the same id, recorded in history, never verified", async () => {
    const cookie = await devLogin(t.url, "regen@example.az");
    const { persona: before } = await (await api(cookie, "/api/me")).json();
    const res = await api(cookie, "/api/me/persona/regenerate", { method: "POST" });
    expect(res.status).toBe(200);
    const { persona } = await res.json();
    expect(persona.id).toBe(before.id);
    expect(persona.finCode).not.toBe(before.finCode);
    expect(persona).toMatchObject({ dataSource: "synthetic", ektisVerified: false, email: "regen@example.az" });
    const history = await (await api(cookie, "/api/me/persona/history")).json();
    expect(history.events[0].kind).toBe("regenerated");
    const again = await (await api(cookie, "/api/me/persona/regenerate", { method: "POST" })).json();
    expect(again.persona.finCode).not.toBe(persona.finCode);
  });

  it("answers 401 without a session", async () => {
    for (const [method, path] of [["GET", "/api/me"], ["PATCH", "/api/me/persona"], ["POST", "/api/me/persona/regenerate"], ["GET", "/api/me/persona/history"]] as const) {
      const res = await fetch(`${t.url}${path}`, { method, headers: { "content-type": "application/json" }, body: method === "GET" ? undefined : "{}" });
      expect(res.status, path).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
    }
  });
});
