/**
 * GET /api/me/export: one zip with every part of the farmer's data (core and every plugin's), JSON and
 * Markdown, nothing of another farmer; messages read page by page; same-origin only; rate-limited.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPORT_PAGE } from "../../server/account/export.js";
import { farmerWithData, unzip } from "../helpers/account.js";
import { devLogin, startTestApp, type ClientSocket, type TestApp } from "../helpers/app.js";

let t: TestApp;
const sockets: ClientSocket[] = [];
beforeAll(async () => {
  t = await startTestApp({ oidc: false });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
});

const download = (cookie: string, headers: Record<string, string> = {}, query = "") =>
  fetch(`${t.url}/api/me/export${query}`, { headers: { cookie, "sec-fetch-site": "same-origin", ...headers } });

describe("GET /api/me/export", () => {
  it("holds every part of the farmer's data and nothing of another farmer", async () => {
    const a = await farmerWithData(t, "export.a@example.az", "AAA-marker", sockets);
    const b = await farmerWithData(t, "export.b@example.az", "BBB-marker", sockets);
    const res = await download(a.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="yonca-\d{4}-\d{2}-\d{2}\.zip"$/);
    const files = await unzip(Buffer.from(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual([
      "README.md", "account.json", "conversations.json", "conversations.md", "feedback.json",
      "journal/entries.json", "journal/journal.md", "persona/persona.json", "persona/persona.md",
    ]);
    expect(JSON.parse(files["account.json"]!)).toMatchObject({ id: a.userId, email: "export.a@example.az" });
    const conversations = JSON.parse(files["conversations.json"]!) as { id: string; messages: { role: string; content: string }[] }[];
    expect(conversations.map((c) => c.id)).toEqual([a.conversationId]);
    expect(conversations[0]!.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(conversations[0]!.messages[0]!.content).toBe("Pambıq suvarma AAA-marker");
    expect(files["conversations.md"]).toContain("Pambıq suvarma AAA-marker");
    expect(JSON.parse(files["feedback.json"]!)).toMatchObject([{ rating: "up", comment: "fb AAA-marker", conversationId: a.conversationId }]);
    const persona = JSON.parse(files["persona/persona.json"]!);
    expect(persona.persona).toMatchObject({ id: a.persona.id, finCode: a.persona.fin_code });
    expect(persona.history.map((e: { kind: string }) => e.kind)).toContain("created");
    expect(persona.proposals).toMatchObject([{ status: "pending", changes: { region: { new: "Sabirabad" } } }]);
    expect(files["persona/persona.md"]).toContain(a.persona.full_name);
    expect(JSON.parse(files["journal/entries.json"]!)).toMatchObject([{ kind: "irrigation", text: "journal AAA-marker", date: "2026-05-01" }]);
    expect(files["journal/journal.md"]).toContain("journal AAA-marker");
    expect(files["README.md"]).toContain("persona/persona.json");
    // not a trace of the other farmer
    const all = Object.values(files).join("\n");
    for (const other of ["BBB-marker", "export.b@example.az", b.userId, b.persona.id, b.persona.fin_code, b.conversationId]) {
      expect(all.includes(other), other).toBe(false);
    }
  });

  it("reads a long conversation page by page and keeps every message once, in order (ties on created_at included)", async () => {
    const email = "export.long@example.az";
    const cookie = await devLogin(t.url, email);
    const [user] = await t.app.database.sql<{ id: string }[]>`SELECT id FROM users WHERE email = ${email}`;
    const [conversation] = await t.app.database.sql<{ id: string }[]>`INSERT INTO conversations (user_id, title) VALUES (${user!.id}, 'long') RETURNING id`;
    const count = EXPORT_PAGE * 2 + 37;
    // pairs share one created_at, as a question and its answer stored together do
    await t.app.database.sql`
      INSERT INTO messages (conversation_id, role, content, created_at)
      SELECT ${conversation!.id}, CASE WHEN n % 2 = 0 THEN 'user' ELSE 'assistant' END, 'm' || n,
             timestamptz '2026-01-01' + (n / 2) * interval '1 second'
        FROM generate_series(0, ${count - 1}) AS n`;
    const files = await unzip(Buffer.from(await (await download(cookie, {}, "?lang=en")).arrayBuffer()));
    const [exported] = JSON.parse(files["conversations.json"]!) as { messages: { content: string }[] }[];
    expect(exported!.messages.map((m) => m.content)).toEqual(Array.from({ length: count }, (_, n) => `m${n}`));
    expect(files["README.md"]).toContain("Yonca: your data");
  });

  it("is refused from another site, without a session, and after two downloads in a minute", async () => {
    const cookie = await devLogin(t.url, "export.limits@example.az");
    expect((await download(cookie, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await download(cookie, { "sec-fetch-site": "same-site" })).status).toBe(403);
    expect((await download(cookie, { origin: "https://evil.example" })).status).toBe(403);
    expect((await fetch(`${t.url}/api/me/export`)).status).toBe(401);
    expect((await download(cookie)).status).toBe(200);
    expect((await download(cookie)).status).toBe(200);
    const third = await download(cookie);
    expect(third.status).toBe(429);
    expect((await third.json()).error.code).toBe("rate_limited");
  });
});
