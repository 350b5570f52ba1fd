import { upsertUser } from "../../server/auth/users.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoFarmers } from "../../server/personas/seed.js";
import { devLogin, startTestApp, type TestApp } from "../helpers/app.js";

let t: TestApp;
let admin: string;
let farmer: string;

beforeAll(async () => {
  t = await startTestApp({ env: { ADMIN_EMAILS: "Operator@Example.az, second@example.az" } });
  admin = await devLogin(t.url, "operator@example.az");
  farmer = await devLogin(t.url, "plain.farmer@example.az");
  await seedDemoFarmers(t.app.database.sql, upsertUser);
  for (let i = 0; i < 12; i++) {
    const cookie = await devLogin(t.url, `page.${String(i).padStart(2, "0")}@example.az`);
    await fetch(`${t.url}/api/me`, { headers: { cookie } });
  }
});
afterAll(async () => {
  await t?.close();
});

const get = (path: string, cookie?: string) => fetch(`${t.url}${path}`, { headers: cookie ? { cookie } : {} });

describe("/api/admin/personas", () => {
  it("answers 401 without a session and 403 for a farmer who is not an admin", async () => {
    expect((await get("/api/admin/personas")).status).toBe(401);
    const res = await get("/api/admin/personas", farmer);
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
  });

  it("pages stably through every persona with items and total", async () => {
    const all = await (await get("/api/admin/personas?limit=200", admin)).json();
    expect(all.total).toBe(all.items.length);
    expect(all.total).toBeGreaterThanOrEqual(17);
    const pages = [];
    for (let offset = 0; offset < all.total; offset += 5) {
      const page = await (await get(`/api/admin/personas?limit=5&offset=${offset}`, admin)).json();
      expect(page.total).toBe(all.total);
      pages.push(...page.items.map((p: { id: string }) => p.id));
    }
    expect(pages).toEqual(all.items.map((p: { id: string }) => p.id));
    expect(new Set(pages).size).toBe(all.total);
  });

  it("searches by region, crop and email", async () => {
    const byRegion = await (await get(`/api/admin/personas?q=${encodeURIComponent("Şəki")}`, admin)).json();
    expect(byRegion.items.map((p: { fullName: string }) => p.fullName)).toContain("Rəfiq Məhərrəmov");
    expect(byRegion.items.every((p: { region: string }) => p.region === "Şəki")).toBe(true);
    const byCrop = await (await get(`/api/admin/personas?q=${encodeURIComponent("pambıq")}`, admin)).json();
    expect(byCrop.items.some((p: { email: string }) => p.email === "hasan.quliyev@demo.yonca.az")).toBe(true);
    const byEmail = await (await get("/api/admin/personas?q=page.07", admin)).json();
    expect(byEmail.items.map((p: { email: string }) => p.email)).toEqual(["page.07@example.az"]);
    const wildcard = await (await get("/api/admin/personas?q=%25", admin)).json();
    expect(wildcard.total).toBe(0);
  });

  it("refuses bad paging with 400", async () => {
    for (const q of ["limit=0", "limit=1000", "offset=-1", "limit=abc"]) {
      expect((await get(`/api/admin/personas?${q}`, admin)).status, q).toBe(400);
    }
  });

  it("shows a persona's history to admins only", async () => {
    const [row] = await t.app.database.sql`SELECT alem_persona_id FROM alem_personas WHERE email = 'page.01@example.az'`;
    const res = await get(`/api/admin/personas/${row!.alem_persona_id}/history`, admin);
    expect(res.status).toBe(200);
    expect((await res.json()).events[0]).toMatchObject({ kind: "created", actor: "system" });
    expect((await get(`/api/admin/personas/${row!.alem_persona_id}/history`, farmer)).status).toBe(403);
    expect((await get(`/api/admin/personas/not-a-uuid/history`, admin)).status).toBe(404);
  });
});

describe("operator views", () => {
  it("persona_overview masks FIN and phone", async () => {
    const [raw] = await t.app.database.sql`SELECT fin_code, phone FROM alem_personas WHERE email = 'hasan.quliyev@demo.yonca.az'`;
    const [view] = await t.app.database.sql`SELECT * FROM persona_overview WHERE email = 'hasan.quliyev@demo.yonca.az'`;
    expect(view!.fin_code_masked).toBe("5*****7");
    expect(view!.phone_masked).toBe("+994 50 *** ** 56");
    expect(Object.values(view!)).not.toContain(raw!.fin_code);
    expect(Object.values(view!)).not.toContain(raw!.phone);
    expect(Object.keys(view!)).not.toContain("fin_code");
    const all = await t.app.database.sql`SELECT fin_code_masked, phone_masked FROM persona_overview`;
    for (const r of all) {
      expect(r.fin_code_masked).toMatch(/^[1-9]\*{5}[A-Z0-9]$/);
      expect(r.phone_masked).toMatch(/^\+994 \d{2} \*\*\* \*\* \d{2}$/);
    }
  });

  it("login_activity lists sign-ins without FIN or phone", async () => {
    const rows = await t.app.database.sql`SELECT * FROM login_activity WHERE email = 'operator@example.az'`;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ sign_in_method: "dev" });
    expect(Number(rows[0]!.active_sessions)).toBeGreaterThanOrEqual(1);
    expect(Object.keys(rows[0]!).some((k) => /fin|phone/.test(k))).toBe(false);
  });

  it("refuses writes through the views", async () => {
    const error = await t.app.database.sql`UPDATE persona_overview SET region = 'X'`.catch((e) => e);
    expect(String(error.message)).toMatch(/read-only view/);
    const error2 = await t.app.database.sql`DELETE FROM login_activity`.catch((e) => e);
    expect(String(error2.message)).toMatch(/read-only view/);
  });
});
