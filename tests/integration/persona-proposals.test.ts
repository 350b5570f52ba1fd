/**
 * Persona memory the farmer controls: the advisor proposes (never writes), the farmer decides over
 * HTTP, every tab hears about it, and every change of alem_personas — a plain psql UPDATE included —
 * lands in persona_events with the field's provenance.
 */
import { execFile, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proposeFromAdvisor } from "../../server/personas/advisor-proposals.js";
import { createProposal, type Proposal } from "../../server/personas/proposals.js";
import { once, signInFarmer, startTestApp, type ClientSocket, type TestApp } from "../helpers/app.js";

const run = promisify(execFile);
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
const decide = (cookie: string, id: string, decision: string) =>
  api(cookie, `/api/me/persona/proposals/${id}/decision`, { method: "POST", body: JSON.stringify({ decision }) });

async function farmer(email: string, persona?: { region: string; cropType: string; totalAreaHa: number }) {
  const signedIn = await signInFarmer(t, email, sockets);
  await api(signedIn.cookie, "/api/me"); // provisions the persona
  if (persona) expect((await api(signedIn.cookie, "/api/me/persona", { method: "PATCH", body: JSON.stringify(persona) })).status).toBe(200);
  return signedIn;
}

/** Sends a chat message and waits for the reply; returns the stored user message id and the answer. */
async function say(socket: ClientSocket, conversationId: string, text: string, language: "az" | "en" = "en") {
  const res = await socket.emitWithAck("chat:send", { conversationId, text, clientMessageId: randomUUID(), language } as never);
  if (res.status !== "OK") throw new Error(JSON.stringify(res));
  const { messageId, runId } = res.data as { messageId: string; runId: string };
  const done = await once(socket, "chat:done", (p) => p.runId === runId);
  return { messageId, answer: done.message.content };
}

const row = async (email: string) =>
  (await t.app.database.sql`SELECT region, crop_type, total_area_ha::float AS area, provenance FROM alem_personas WHERE email = ${email}`)[0]!;

describe("proposals from chat", () => {
  it("'I grow 12 hectares of cotton now' → a pending proposal in every tab; nothing written until Accept, then row, history and provenance", async () => {
    const email = "cotton.now@example.az";
    const f = await farmer(email, { region: "Şamaxı", cropType: "Üzüm", totalAreaHa: 21 });
    const [a, b] = [await f.tab(), await f.tab()];
    const proposed = Promise.all([a, b].map((x) => once(x.socket, "persona:proposal", (p) => p.proposal.status === "pending")));
    const { messageId, answer } = await say(a.socket, a.ready.conversation.id, "I grow 12 hectares of cotton now");
    const [onA, onB] = (await proposed) as [{ proposal: Proposal }, { proposal: Proposal }];
    expect(onA.proposal).toEqual(onB.proposal);
    expect(onA.proposal).toMatchObject({
      messageId,
      conversationId: a.ready.conversation.id,
      status: "pending",
      decidedAt: null,
      changes: { cropType: { old: "Üzüm", new: "Pambıq" }, totalAreaHa: { old: 21, new: 12 } },
    });
    expect(answer).toBe("I can update your profile to 12 ha of cotton — confirm it on the card below.");
    expect(await row(email)).toMatchObject({ region: "Şamaxı", crop_type: "Üzüm", area: 21 });

    // pending proposals come with session:ready
    const c = await f.tab();
    expect(c.ready.proposals?.map((p) => p.id)).toEqual([onA.proposal.id]);

    const updated = Promise.all([a, b].map((x) => once(x.socket, "persona:updated")));
    const closed = Promise.all([a, b].map((x) => once(x.socket, "persona:proposal", (p) => p.proposal.status === "accepted")));
    const res = await decide(f.cookie, onA.proposal.id, "accept");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.proposal).toMatchObject({ id: onA.proposal.id, status: "accepted" });
    expect(body.persona).toMatchObject({ cropType: "Pambıq", totalAreaHa: 12, region: "Şamaxı" });
    expect(body.persona.provenance.cropType.source).toBe("chat");
    expect(body.persona.provenance.totalAreaHa.source).toBe("chat");
    expect(body.persona.provenance.region.source).toBe("user");
    await updated;
    await closed;
    expect(await row(email)).toMatchObject({ crop_type: "Pambıq", area: 12 });
    const events = await t.app.database.sql`
      SELECT e.kind, e.actor, e.source, e.message_id, e.proposal_id, e.changes FROM persona_events e
        JOIN alem_personas p ON p.alem_persona_id = e.persona_id WHERE p.email = ${email} ORDER BY e.created_at DESC`;
    expect(events[0]).toMatchObject({ kind: "updated", actor: "chat", source: "chat", message_id: messageId, proposal_id: onA.proposal.id });
    expect(events[0]!.changes).toEqual({ cropType: { old: "Üzüm", new: "Pambıq" }, totalAreaHa: { old: 21, new: 12 } });
    const history = await (await api(f.cookie, "/api/me/persona/history")).json();
    expect(history.events[0]).toMatchObject({ actor: "chat", messageId, conversationId: a.ready.conversation.id, proposalId: onA.proposal.id });
    const reopened = await f.tab();
    expect(reopened.ready.proposals).toEqual([]);
  });

  it("answers in Azerbaijani, and look-alikes propose nothing and change nothing", async () => {
    const email = "lookalike@example.az";
    const f = await farmer(email, { region: "Şamaxı", cropType: "Üzüm", totalAreaHa: 21 });
    const a = await f.tab();
    const before = await row(email);
    for (const text of [
      "Mənim qonşumun 50 hektar pambığı var",
      "I have 2 ha of tomatoes that got sick",
      "I live in Baku but my farm is where it always was",
      "Should I grow 12 hectares of cotton?",
      "Gələn il pambıq əkəcəyəm",
    ]) {
      await say(a.socket, a.ready.conversation.id, text);
    }
    const [{ n }] = (await t.app.database.sql`SELECT count(*)::int AS n FROM persona_proposals pp
      JOIN alem_personas p ON p.alem_persona_id = pp.persona_id WHERE p.email = ${email}`) as unknown as [{ n: number }];
    expect(n).toBe(0);
    expect(await row(email)).toEqual(before);
    const { answer } = await say(a.socket, a.ready.conversation.id, "Mən 12 hektar pambıq əkirəm", "az");
    expect(answer).toBe("Profilinizi belə yeniləyə bilərəm: 12 ha pambıq — aşağıdakı kartda təsdiq edin.");
  });
});

describe("deciding", () => {
  it("Accept after the farmer edited the same field → 409 stale, nothing written, the farmer's edit stays", async () => {
    const email = "stale@example.az";
    const f = await farmer(email, { region: "Sabirabad", cropType: "Buğda", totalAreaHa: 10 });
    const a = await f.tab();
    const proposed = once(a.socket, "persona:proposal");
    await say(a.socket, a.ready.conversation.id, "I grow 12 hectares of cotton now");
    const { proposal } = await proposed;
    expect((await api(f.cookie, "/api/me/persona", { method: "PATCH", body: JSON.stringify({ cropType: "Kartof" }) })).status).toBe(200);
    const closed = once(a.socket, "persona:proposal", (p) => p.proposal.status === "stale");
    const res = await decide(f.cookie, proposal.id, "accept");
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("stale");
    await closed;
    expect(await row(email)).toMatchObject({ crop_type: "Kartof", area: 10 });
    // decided (stale) proposals cannot be decided again
    expect((await decide(f.cookie, proposal.id, "accept")).status).toBe(409);
  });

  it("another farmer's proposal is 404; deciding twice is 409; dismiss writes nothing; bad bodies are 400", async () => {
    const owner = await farmer("owner@example.az", { region: "Quba", cropType: "Alma", totalAreaHa: 5 });
    const other = await farmer("other@example.az");
    await api(other.cookie, "/api/me");
    const [u] = await t.app.database.sql`SELECT id FROM users WHERE email = 'owner@example.az'`;
    const created = await createProposal(t.app.database.sql, { userId: String(u!.id), conversationId: null, patch: { totalAreaHa: 9 } });
    const id = created!.proposal.id;
    expect((await decide(other.cookie, id, "accept")).status).toBe(404);
    expect((await decide(owner.cookie, randomUUID(), "accept")).status).toBe(404);
    expect((await decide(owner.cookie, "not-a-uuid", "accept")).status).toBe(404);
    expect((await decide(owner.cookie, id, "maybe")).status).toBe(400);
    expect((await fetch(`${t.url}/api/me/persona/proposals/${id}/decision`, { method: "POST" })).status).toBe(401);
    const dismissed = await decide(owner.cookie, id, "dismiss");
    expect(dismissed.status).toBe(200);
    expect((await dismissed.json()).proposal.status).toBe("dismissed");
    const again = await decide(owner.cookie, id, "accept");
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe("already_decided");
    expect(await row("owner@example.az")).toMatchObject({ area: 5 });
  });

  it("a tool called in a loop leaves at most one pending proposal per field; a newer one marks the older stale", async () => {
    const f = await farmer("loop@example.az", { region: "Quba", cropType: "Alma", totalAreaHa: 5 });
    const a = await f.tab();
    const [u] = await t.app.database.sql`SELECT id FROM users WHERE email = 'loop@example.az'`;
    const userId = String(u!.id);
    const announced: Proposal[] = [];
    const announce = (_: string, p: Proposal) => void announced.push(p);
    const outcomes = [];
    for (let i = 1; i <= 5; i++) {
      outcomes.push(await proposeFromAdvisor(t.app.database.sql, { userId, conversationId: a.ready.conversation.id, runId: randomUUID(), patch: { totalAreaHa: 10 + i } }, announce));
    }
    expect(outcomes.every((o) => o.status === "proposed")).toBe(true);
    const rows = await t.app.database.sql`SELECT pp.status, pp.changes FROM persona_proposals pp
      JOIN alem_personas p ON p.alem_persona_id = pp.persona_id WHERE p.email = 'loop@example.az' ORDER BY pp.created_at`;
    expect(rows.map((r) => r.status)).toEqual(["stale", "stale", "stale", "stale", "pending"]);
    expect(rows[4]!.changes).toEqual({ totalAreaHa: { old: 5, new: 15 } });
    // each older one was announced again when it went stale, so its card leaves every tab
    expect(announced.filter((p) => p.status === "stale")).toHaveLength(4);
    // the same value again proposes nothing new; a different field is a second pending proposal
    await proposeFromAdvisor(t.app.database.sql, { userId, conversationId: null as never, runId: randomUUID(), patch: { region: "Xaçmaz" } }, announce);
    const pending = await t.app.database.sql`SELECT count(*)::int AS n FROM persona_proposals pp
      JOIN alem_personas p ON p.alem_persona_id = pp.persona_id WHERE p.email = 'loop@example.az' AND pp.status = 'pending'`;
    expect(pending[0]!.n).toBe(2);
  });

  it("invalid values slipped into a tool call are refused by the sidebar's validation, and no proposal is made", async () => {
    await farmer("invalid.tool@example.az");
    const [u] = await t.app.database.sql`SELECT id FROM users WHERE email = 'invalid.tool@example.az'`;
    for (const patch of [{ totalAreaHa: -3 }, { region: "<img src=x onerror=alert(1)>" }, { cropType: "Banan" }, { experienceLevel: "guru" }, { ektisVerified: true }, {}]) {
      const outcome = await proposeFromAdvisor(t.app.database.sql, { userId: String(u!.id), conversationId: null as never, runId: randomUUID(), patch }, () => {
        throw new Error("nothing may be announced");
      });
      expect(outcome.status, JSON.stringify(patch)).toBe("rejected");
    }
    const [{ mine }] = (await t.app.database.sql`SELECT count(*)::int AS mine FROM persona_proposals pp JOIN alem_personas p
      ON p.alem_persona_id = pp.persona_id WHERE p.email = 'invalid.tool@example.az'`) as unknown as [{ mine: number }];
    expect(mine).toBe(0);
  });
});

describe("every change is recorded, whatever its path", () => {
  it("a plain psql UPDATE → one persona_events row with actor database; /api/me shows region Quba from the database", async () => {
    const email = "operator.edit@example.az";
    const f = await farmer(email, { region: "Göyçay", cropType: "Nar", totalAreaHa: 4 });
    const count = async () =>
      Number((await t.app.database.sql`SELECT count(*)::int AS n FROM persona_events e JOIN alem_personas p
        ON p.alem_persona_id = e.persona_id WHERE p.email = ${email}`)[0]!.n);
    const before = await count();
    await run("psql", [t.db.url, "-v", "ON_ERROR_STOP=1", "-c", `UPDATE alem_personas SET region = 'Quba' WHERE email = '${email}'`]);
    expect(await count()).toBe(before + 1);
    const [event] = await t.app.database.sql`SELECT e.kind, e.actor, e.source, e.changes FROM persona_events e JOIN alem_personas p
      ON p.alem_persona_id = e.persona_id WHERE p.email = ${email} ORDER BY e.created_at DESC LIMIT 1`;
    expect(event).toMatchObject({ kind: "updated", actor: "database", source: "database", changes: { region: { old: "Göyçay", new: "Quba" } } });
    const me = await (await api(f.cookie, "/api/me")).json();
    expect(me.persona.region).toBe("Quba");
    expect(me.persona.provenance.region.source).toBe("database");
    expect(me.persona.provenance.cropType.source).toBe("user");
    const history = await (await api(f.cookie, "/api/me/persona/history")).json();
    expect(history.events[0]).toMatchObject({ actor: "database", changes: { region: { new: "Quba" } } });
    // logging in again (last_login_at) is not a change of any value
    await api(f.cookie, "/api/me");
    expect(await count()).toBe(before + 1);
  });

  it("FIN and phone changes are recorded as changed, masked; regeneration is in the history with its masked FIN", async () => {
    const email = "masked@example.az";
    const f = await farmer(email);
    const me = (await (await api(f.cookie, "/api/me")).json()).persona;
    await run("psql", [t.db.url, "-v", "ON_ERROR_STOP=1", "-c", `UPDATE alem_personas SET fin_code = '9ZZZZZ9', phone = '+994 50 999 88 77' WHERE email = '${email}'`]);
    const [event] = await t.app.database.sql`SELECT e.changes FROM persona_events e JOIN alem_personas p
      ON p.alem_persona_id = e.persona_id WHERE p.email = ${email} ORDER BY e.created_at DESC LIMIT 1`;
    const changes = event!.changes as Record<string, { old: string; new: string }>;
    expect(Object.keys(changes).sort()).toEqual(["finCode", "phone"]);
    expect(changes.finCode!.new).toBe("9*****9");
    expect(changes.phone!.new).toBe("+994 50 *** ** 77");
    expect(JSON.stringify(changes)).not.toContain(me.finCode);
    expect(JSON.stringify(changes)).not.toContain("999 88");
    const regenerated = await (await api(f.cookie, "/api/me/persona/regenerate", { method: "POST" })).json();
    const history = await (await api(f.cookie, "/api/me/persona/history")).json();
    expect(history.events[0]).toMatchObject({ kind: "regenerated", actor: "user", source: "synthetic" });
    expect(history.events[0].changes.finCode.old).toBe("9*****9");
    expect(JSON.stringify(history)).not.toContain(regenerated.persona.finCode);
    expect(regenerated.persona.provenance.finCode.source).toBe("synthetic");
  });
});

describe("docs/data.md (linked from the README)", () => {
  it("its SQL for a field's history, provenance and pending proposals runs as written", async () => {
    const email = "readme.sql@example.az";
    const f = await farmer(email, { region: "Şamaxı", cropType: "Üzüm", totalAreaHa: 21 });
    const a = await f.tab();
    const proposed = once(a.socket, "persona:proposal");
    await say(a.socket, a.ready.conversation.id, "My farm is in Quba");
    await proposed;
    const readme = readFileSync(new URL("../../docs/data.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## Inspecting personas with SQL"), readme.indexOf("### For operators"));
    const blocks = [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    // the read-only queries (the first block's UPDATE is covered above)
    const text = blocks.slice(1).join("\n").replaceAll("farmer@example.com", email);
    const stdout = execFileSync("psql", [t.db.url, "-v", "ON_ERROR_STOP=1", "-A", "-F", "|", "-f", "-"], { input: text, encoding: "utf8" });
    expect(stdout).toContain("My farm is in Quba"); // the pending proposal names its message
    expect(stdout).toContain('"source": "user"'); // provenance of the crop after the sidebar edit
    expect(stdout).toMatch(/\|system\|\|[^|\n]+\|/); // the region's history starts with its creation
  });
});
