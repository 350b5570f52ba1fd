import type { WebSocket } from "@playwright/test";
import { expect, storedPersona, test, uniqueEmail } from "./fixtures.js";
import { ChatPage } from "./pages/chat-page.js";
import { SignInPage } from "./pages/sign-in-page.js";

test("logout returns to the sign-in screen and closes the socket", async ({ page, farmer, chatPage, signInPage }) => {
  const sockets: WebSocket[] = [];
  page.on("websocket", (ws) => {
    if (ws.url().includes("/socket.io/")) sockets.push(ws);
  });
  await farmer.signIn(page);
  await chatPage.goto();
  expect(sockets.length).toBeGreaterThan(0);
  const open = sockets.filter((ws) => !ws.isClosed());
  expect(open).toHaveLength(1);
  const closed = open[0]!.waitForEvent("close");

  await chatPage.logoutButton.click();
  await expect(signInPage.heading).toBeVisible();
  await closed;
  expect(sockets.every((ws) => ws.isClosed())).toBe(true);
  expect((await page.request.get("/api/me")).status()).toBe(401);

  await page.reload();
  await expect(signInPage.heading).toBeVisible();
});

test("logging out in one tab sends the other tab to the sign-in screen", async ({ page, context, farmer, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  const otherPage = await context.newPage();
  const other = new ChatPage(otherPage);
  await other.goto();

  await chatPage.logoutButton.click();
  const otherSignIn = new SignInPage(otherPage);
  await expect(otherSignIn.heading).toBeVisible();
  await expect(otherSignIn.notice).toHaveText("Hesabdan çıxdınız. Davam etmək üçün yenidən daxil olun.");
});

test("a second user sees only their own persona and conversations", async ({ browser, yonca, page, farmer, sql, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await chatPage.ask("Birinci fermerin sualı: pomidor nə vaxt əkilir?");
  await chatPage.waitForCompleteReply();
  const first = await storedPersona(sql, farmer.email);

  const secondContext = await browser.newContext({ baseURL: yonca.url });
  try {
    const secondPage = await secondContext.newPage();
    const secondEmail = uniqueEmail("second");
    expect((await secondPage.request.post("/auth/dev-login", { data: { email: secondEmail } })).status()).toBe(204);
    const second = new ChatPage(secondPage);
    await second.goto();

    const mine = await storedPersona(sql, secondEmail);
    await expect(second.personaField("finCode")).toHaveText(mine.fin_code);
    await expect(second.personaName).toHaveText(mine.full_name);
    expect(mine.fin_code).not.toBe(first.fin_code);
    await expect(second.persona).not.toContainText(first.fin_code);
    await expect(second.userMessages).toHaveCount(0);
    await expect(second.conversations).not.toContainText("Birinci fermerin sualı");
    await expect(second.conversations.locator(".conversation-item")).toHaveCount(1);
  } finally {
    await secondContext.close();
  }

  await page.reload();
  await chatPage.waitReady();
  await expect(chatPage.personaField("finCode")).toHaveText(first.fin_code);
  await expect(chatPage.userMessages).toHaveCount(1);
});
