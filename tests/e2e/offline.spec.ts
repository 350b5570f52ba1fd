import type { Page } from "@playwright/test";
import { devLogin } from "../helpers/app.js";
import { expect, expectReplyStoredAsShown, storedPersona, test, uniqueEmail } from "./fixtures.js";
import { ChatPage } from "./pages/chat-page.js";

/**
 * The app where the signal does not reach. Chromium's own offline mode (context.setOffline)
 * cuts every page of the context; the service worker, IndexedDB and the outbox are the real ones.
 */

/** The device copy as the page's IndexedDB holds it (without creating the database when it is not there). */
async function deviceCopy(page: Page): Promise<{ exists: boolean; userIds: string[]; conversations: { id: string; messages: number }[]; outbox: number }> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    if (!names.includes("yonca-device")) return { exists: false, userIds: [], conversations: [], outbox: 0 };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open("yonca-device");
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = <T,>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        if (!db.objectStoreNames.contains(store)) return resolve([]);
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result as T[]);
        req.onerror = () => reject(req.error);
      });
    const sessions = await all<{ user: { id: string } }>("session");
    const conversations = await all<{ id: string; messages: unknown[] }>("conversations");
    const outbox = await all<unknown>("outbox");
    db.close();
    return {
      exists: true,
      userIds: sessions.map((s) => s.user.id),
      conversations: conversations.map((c) => ({ id: c.id, messages: c.messages.length })),
      outbox: outbox.length,
    };
  });
}

/** The service worker is installed and active: the next navigation is served by it. */
async function serviceWorkerActive(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

async function askAndWait(chat: ChatPage, text: string) {
  await chat.ask(text);
  await expect(chat.userBubbles.filter({ hasText: text })).toHaveCount(1);
  await chat.waitForCompleteReply();
}

test("after one online visit the app opens offline: the last conversation and the persona are readable, marked as saved", async ({ page, context, farmer, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  const question = "Pomidorda yarpaq niyə saralır?";
  await askAndWait(chatPage, question);
  const answer = await chatPage.replyText(chatPage.lastAssistant());
  const name = (await chatPage.personaName.innerText()).trim();
  expect(name.length).toBeGreaterThan(0);
  await serviceWorkerActive(page);
  await expect.poll(async () => (await deviceCopy(page)).conversations.some((c) => c.messages >= 2)).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId("saved-note")).toBeVisible();
  await expect(page.getByTestId("saved-note")).toContainText("Oflayn");
  await expect(chatPage.banner).toHaveAttribute("data-status", "offline");
  await expect(chatPage.userBubbles.filter({ hasText: question })).toHaveCount(1);
  await expect(chatPage.lastAssistant().locator(".markdown")).toHaveText(answer);
  await expect(chatPage.personaName).toHaveText(name);

  // Safety: the service worker keeps no answer of /api, /auth or /socket.io and serves none from a cache.
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    return urls;
  });
  expect(cached.length).toBeGreaterThan(0);
  expect(cached.filter((u) => /^\/(api|auth|socket\.io)(\/|$)/.test(u))).toEqual([]);
  const apiOffline = await page.evaluate(() => fetch("/api/me").then((r) => `status ${r.status}`, () => "network error"));
  expect(apiOffline).toBe("network error");
});

test("a question typed offline waits, survives a reload, and is sent once when the signal returns, shown once in every tab", async ({ page, context, farmer, chatPage, sql }) => {
  test.setTimeout(90_000);
  await farmer.signIn(page);
  await chatPage.goto();
  await askAndWait(chatPage, "Suvarma nə vaxt lazımdır?");
  await serviceWorkerActive(page);
  const other = new ChatPage(await context.newPage());
  await other.goto();

  await context.setOffline(true);
  await expect(chatPage.banner).toHaveAttribute("data-status", "offline");
  const question = `Sabah yağış olacaqmı? ${Date.now()}`;
  await chatPage.ask(question);
  const queued = chatPage.log.locator("article.is-queued", { hasText: question });
  await expect(queued).toContainText("Siqnal gözlənilir");
  // The other tab hears of it too.
  await expect(other.log.locator("article.is-queued", { hasText: question })).toHaveCount(1);

  await page.reload();
  await expect(queued).toContainText("Siqnal gözlənilir");
  expect((await deviceCopy(page)).outbox).toBe(1);

  await context.setOffline(false);
  for (const tab of [chatPage, other]) {
    await tab.waitReady();
    await expect(tab.userBubbles.filter({ hasText: question })).toHaveCount(1);
    await expect(tab.log.locator("article.is-queued")).toHaveCount(0);
    await expect(tab.assistantWithStatus("complete")).toHaveCount(2, { timeout: 30_000 });
  }
  const stored = await sql`SELECT count(*)::int AS n FROM messages WHERE role = 'user' AND content = ${question}`;
  expect(stored[0]!.n).toBe(1);
  expect((await deviceCopy(page)).outbox).toBe(0);
});

test("a queued question can be cancelled: it is never sent", async ({ page, context, farmer, chatPage, sql }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await context.setOffline(true);
  await expect(chatPage.banner).toHaveAttribute("data-status", "offline");
  const question = `Ləğv ediləcək sual ${Date.now()}`;
  await chatPage.ask(question);
  const queued = chatPage.log.locator("article.is-queued", { hasText: question });
  await expect(queued).toBeVisible();
  await queued.getByRole("button", { name: "Ləğv et" }).click();
  await expect(queued).toHaveCount(0);
  await context.setOffline(false);
  await chatPage.waitReady();
  await askAndWait(chatPage, "Bəs indi?");
  const stored = await sql`SELECT count(*)::int AS n FROM messages WHERE content = ${question}`;
  expect(stored[0]!.n).toBe(0);
});

test("logout removes the device copy; another farmer signing in on the browser replaces it", async ({ page, farmer, chatPage, signInPage, yonca }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await askAndWait(chatPage, "Torpaq analizi nə vaxt edilir?");
  await expect.poll(async () => (await deviceCopy(page)).conversations.length).toBeGreaterThan(0);
  const first = await deviceCopy(page);

  // Another farmer signs in on the same browser (no logout): the first one's copy goes.
  const second = uniqueEmail("second");
  const cookie = await devLogin(yonca.url, second);
  const [name, value] = cookie.split("=") as [string, string];
  await page.context().addCookies([{ name, value, url: yonca.url }]);
  await page.reload();
  await chatPage.waitReady();
  await expect.poll(async () => (await deviceCopy(page)).userIds).not.toEqual(first.userIds);
  const replaced = await deviceCopy(page);
  expect(replaced.userIds).toHaveLength(1);
  for (const c of first.conversations) expect(replaced.conversations.map((r) => r.id)).not.toContain(c.id);

  await chatPage.logoutButton.click();
  await expect(signInPage.googleButton).toBeVisible();
  const after = await deviceCopy(page);
  expect(after.userIds).toEqual([]);
  expect(after.conversations).toEqual([]);
  expect(after.outbox).toBe(0);
});

test("the farmer's latest 20 conversations, with their messages, are readable offline after one online visit", async ({ page, context, farmer, chatPage, sql }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  const [user] = await sql<{ id: string }[]>`SELECT id FROM users WHERE email = ${farmer.email.toLowerCase()}`;
  // 21 older conversations, each a question and its answer, as the server stores them.
  const texts: string[] = [];
  for (let i = 0; i < 21; i++) {
    const at = new Date(Date.now() - (21 - i) * 3600_000).toISOString();
    const [c] = await sql<{ id: string }[]>`INSERT INTO conversations (user_id, title, created_at, updated_at)
      VALUES (${user!.id}, ${`Söhbət ${i}`}, ${at}, ${at}) RETURNING id`;
    texts.push(`Sual nömrə ${i}`);
    await sql`INSERT INTO messages (conversation_id, role, content, created_at) VALUES
      (${c!.id}, 'user', ${`Sual nömrə ${i}`}, ${at}), (${c!.id}, 'assistant', ${`Cavab nömrə ${i}`}, ${new Date(Date.parse(at) + 1000).toISOString()})`;
  }
  await page.reload();
  await chatPage.waitReady();
  await serviceWorkerActive(page);
  await expect
    .poll(async () => (await deviceCopy(page)).conversations.filter((c) => c.messages >= 2).length, { timeout: 30_000 })
    .toBeGreaterThanOrEqual(20);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId("saved-note")).toBeVisible();
  // The 20th newest (the second oldest seeded), opened from the list without a connection.
  await chatPage.conversations.getByText("Söhbət 1", { exact: true }).click();
  await expect(chatPage.userBubbles).toHaveText(["Sual nömrə 1"]);
  await expect(chatPage.lastAssistant().locator(".markdown")).toHaveText("Cavab nömrə 1");
});

test("a journal entry added offline waits on the device, survives a reload, and is stored once when the signal returns", async ({ page, context, farmer, chatPage, sql }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await serviceWorkerActive(page);
  const panel = page.locator('[data-panel-kind="journal"]');
  await expect(panel.getByText("Hələ qeyd yoxdur.")).toBeVisible();
  await expect.poll(async () => (await deviceCopy(page)).userIds.length).toBe(1);

  await context.setOffline(true);
  const note = `Oflayn suvarma ${Date.now()}`;
  await panel.getByLabel("Qeyd", { exact: true }).fill(note);
  await panel.getByRole("button", { name: "Əlavə et" }).click();
  await expect(panel.getByRole("status")).toContainText("siqnal gələndə göndəriləcək");
  const queued = panel.locator(".journal-entry.is-queued", { hasText: note });
  await expect(queued).toContainText("Siqnal gözlənilir");

  await page.reload();
  await expect(page.getByTestId("saved-note")).toBeVisible();
  await expect(queued).toContainText("Siqnal gözlənilir");

  await context.setOffline(false);
  await chatPage.waitReady();
  await expect(panel.locator(".journal-entry:not(.is-queued)", { hasText: note })).toHaveCount(1);
  await expect(queued).toHaveCount(0);
  const stored = await sql`SELECT count(*)::int AS n FROM journal_entries WHERE text = ${note}`;
  expect(stored[0]!.n).toBe(1);
});

test("a profile edited online is the profile read offline (the device copy follows persona:updated)", async ({ page, context, farmer, chatPage, sql }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await serviceWorkerActive(page);
  const before = await storedPersona(sql, farmer.email);
  const region = before.region === "Quba" ? "Şəki" : "Quba";
  await chatPage.editPersona({ region });
  await expect(chatPage.personaField("region")).toHaveText(region);
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open("yonca-device");
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        const saved = await new Promise<{ extra?: { persona?: { region?: string } } } | undefined>((resolve) => {
          const req = db.transaction("session").objectStore("session").get("current");
          req.onsuccess = () => resolve(req.result);
        });
        db.close();
        return saved?.extra?.persona?.region;
      }),
    )
    .toBe(region);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId("saved-note")).toBeVisible();
  await expect(chatPage.personaField("region")).toHaveText(region);
});

test("a link that drops mid-answer: the banner says so, and when it is back the answer is the stored one, once", async ({ page, context, farmer, chatPage, sql }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await chatPage.ask("Buğdanı nə vaxt suvarım?");
  await chatPage.waitForPartialReply(5);
  await context.setOffline(true);
  await expect(chatPage.banner).toHaveAttribute("data-status", "offline");
  await context.setOffline(false);
  await chatPage.waitReady();
  const done = await chatPage.waitForCompleteReply();
  await expect(chatPage.assistantMessages).toHaveCount(1);
  // What the page assembled across the drop is what was stored.
  await expectReplyStoredAsShown(chatPage, sql, done);
});
