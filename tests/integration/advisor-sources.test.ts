import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { once, signInFarmer, startTestApp, type ClientSocket, type TestApp } from "../helpers/app.js";

let t: TestApp;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
});

async function farmer(email: string, region: string, crop: string) {
  const { cookie, tab } = await signInFarmer(t, email, sockets);
  // The first connection provisions the persona; the advisor reads the stored row for every question.
  (await tab()).socket.close();
  await t.app.database.sql`UPDATE alem_personas SET region = ${region}, crop_type = ${crop} WHERE email = ${email}`;
  const { socket, ready } = await tab();
  return { cookie, socket, ready, tab };
}

describe("advisor answers over the chat", () => {
  it("chat:done carries the sources structured, stored with the message, and the answer follows the question's language", async () => {
    const f = await farmer("sources@example.az", "Gəncə", "Pomidor");
    const conversationId = f.ready.conversation.id;
    const done = once(f.socket, "chat:done", undefined, 30_000);
    // The UI is in Azerbaijani; the question is English.
    const ack = await f.socket.emitWithAck("chat:send", { conversationId, text: "How much water does my tomato need in July?", clientMessageId: randomUUID(), language: "az" });
    expect(ack.status).toBe("OK");
    const { message } = await done;
    expect(message.content).toMatch(/^Irrigation for .* ha of tomato in Ganja, July/);
    expect(message.content).toMatch(/\n\nSources: K\. Thorp et al\., 2024; WMO World Weather Information Service/);
    expect(message.sources).toEqual([
      expect.objectContaining({ id: "S1", publisher: expect.stringContaining("Thorp"), year: "2024", url: expect.stringMatching(/^https:\/\/github\.com\/kthorp/) }),
      expect.objectContaining({ id: "S48", title: expect.stringContaining("WMO") }),
      // The station's distance from the district: coordinates from the GHCN station list.
      expect.objectContaining({ id: "S103", publisher: "NOAA NCEI" }),
    ]);
    // A reload shows them too.
    const again = await f.tab();
    const stored = again.ready.messages.find((m) => m.id === message.id);
    expect(stored?.sources).toEqual(message.sources);
  });

  it("an off-topic question gets a short decline with an example the advisor can answer; no sources", async () => {
    const f = await farmer("offtopic@example.az", "Lənkəran", "Çay");
    const done = once(f.socket, "chat:done", undefined, 30_000);
    await f.socket.emitWithAck("chat:send", { conversationId: f.ready.conversation.id, text: "Fransanın paytaxtı haradır?", clientMessageId: randomUUID(), language: "en" });
    const { message } = await done;
    expect(message.content).toMatch(/^Bu, mənim mövzumdan kənardır/);
    expect(message.sources).toEqual([]);
  });

  it("a vague symptom's clarifying question carries quickReplies, stored with the message; an answer carries []", async () => {
    const f = await farmer("clarify@example.az", "Quba", "Alma");
    const conversationId = f.ready.conversation.id;
    let done = once(f.socket, "chat:done", undefined, 30_000);
    await f.socket.emitWithAck("chat:send", { conversationId, text: "Ağaclarım xəstələnib, nə edim?", clientMessageId: randomUUID(), language: "az" });
    const asked = (await done).message;
    expect(asked.content).toMatch(/nə görürsünüz\?/);
    expect(asked.quickReplies?.length).toBeGreaterThanOrEqual(2);
    expect(asked.sources).toEqual([]);
    // The farmer taps a choice: it is sent as the next question and answered with causes and sources.
    done = once(f.socket, "chat:done", undefined, 30_000);
    await f.socket.emitWithAck("chat:send", { conversationId, text: asked.quickReplies![0]!, clientMessageId: randomUUID(), language: "az" });
    const answered = (await done).message;
    expect(answered.content).toMatch(/^Alma: /);
    expect(answered.quickReplies).toEqual([]);
    expect(answered.sources!.length).toBeGreaterThan(0);
    const again = await f.tab();
    expect(again.ready.messages.find((m) => m.id === asked.id)?.quickReplies).toEqual(asked.quickReplies);
  });

  it("starter suggestions follow the farmer's crop and district, and are questions with a sourced answer", async () => {
    const wheat = await farmer("wheat-celilabad@example.az", "Cəlilabad", "Buğda");
    const tea = await farmer("tea-lenkeran@example.az", "Lənkəran", "Çay");
    const get = async (cookie: string) => (await (await fetch(`${t.url}/api/advisor/suggestions`, { headers: { cookie } })).json()) as { suggestions: { az: string[]; en: string[] } };
    const w = await get(wheat.cookie);
    const c = await get(tea.cookie);
    expect(w.suggestions.en.length).toBeGreaterThanOrEqual(2);
    expect(w.suggestions.en.join(" ")).toMatch(/wheat/);
    expect(c.suggestions.en.join(" ")).toMatch(/tea/);
    expect(c.suggestions.az.join(" ")).toMatch(/çay/);
    expect(w.suggestions.en).not.toEqual(c.suggestions.en);
    expect((await fetch(`${t.url}/api/advisor/suggestions`)).status).toBe(401);
  });
});
