import { expect, test } from "./fixtures.js";

// A server limit below the web's 4,000 characters: the browser lets the text through and the server refuses it
// (past the web's own limit Send is disabled: chat-essentials.spec.ts).
test.use({ appEnv: { OFFLINE_PACE_MS: "40", CHAT_MAX_MESSAGE_CHARS: "100" } });

test("a refused message is explained inline with a retry, and the text is kept", async ({ page, farmer, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  const tooLong = "Pambıq ".repeat(30);
  await chatPage.ask(tooLong);

  const failed = chatPage.userMessages.last();
  await expect(failed).toHaveClass(/is-failed/);
  const error = failed.getByRole("alert");
  await expect(error).toContainText("Mesaj çox uzundur");
  await expect(error.getByRole("button", { name: "Yenidən göndər" })).toBeVisible();
  await expect(chatPage.assistantMessages).toHaveCount(0);
});

test("a server restart shows the connection banner, then reconnects to the conversation on screen", async ({ page, yonca, farmer, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await chatPage.ask("Buğda üçün gübrə planı lazımdır");
  await chatPage.waitForCompleteReply();
  await chatPage.newChatButton.click();
  await expect(chatPage.userMessages).toHaveCount(0);
  await chatPage.ask("Nar nə vaxt yığılır?");
  await chatPage.waitForCompleteReply();

  // Back to the older conversation: a reconnect must reopen it, not the latest one.
  const older = chatPage.conversations.locator(".conversation-item", { hasText: "Buğda üçün gübrə planı" });
  await older.click();
  await expect(older).toHaveAttribute("aria-current", "true");
  await expect(chatPage.userBubbles).toHaveText(["Buğda üçün gübrə planı lazımdır"]);

  const restarting = yonca.restart();
  await expect(chatPage.banner).toBeVisible();
  await expect(chatPage.banner).toContainText(/yenidən|Qoşulur/i);
  await restarting;
  await chatPage.waitReady();
  await expect(chatPage.banner).toBeHidden();
  await expect(older).toHaveAttribute("aria-current", "true");
  await expect(chatPage.userBubbles).toHaveText(["Buğda üçün gübrə planı lazımdır"]);

  await page.reload();
  await chatPage.waitReady();
  await expect(older).toHaveAttribute("aria-current", "true");
  await expect(chatPage.userBubbles).toHaveText(["Buğda üçün gübrə planı lazımdır"]);
});

test("a reconnect the server refuses for a moment (its session check fails) is tried again until it gets in", async ({ page, yonca, farmer, sql, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await chatPage.waitReady();
  // socket.io itself retries only failed transports; a CONNECT refused by the server's check is the web's to retry.
  const refusals = () => yonca.logs.filter((line) => line.includes("session check failed")).length;
  const before = refusals();
  await sql`ALTER TABLE sessions RENAME TO sessions_away`;
  try {
    yonca.app.chat.io.disconnectSockets(true);
    await expect(chatPage.shell).toHaveAttribute("data-connection", "reconnecting");
    await expect.poll(refusals).toBeGreaterThan(before);
  } finally {
    await sql`ALTER TABLE sessions_away RENAME TO sessions`;
  }
  await chatPage.waitReady();
  await expect(chatPage.banner).toBeHidden();
});

test("going offline shows the offline banner, and coming back clears it", async ({ page, context, farmer, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await context.setOffline(true);
  await expect(chatPage.banner).toHaveAttribute("data-status", "offline");
  await expect(chatPage.banner).toContainText("Oflaynsınız");
  await context.setOffline(false);
  await chatPage.waitReady();
  await expect(chatPage.banner).toBeHidden();
});

test("when the persona cannot be loaded, the banner says so, shows no persona, and Retry recovers", async ({ page, farmer, sql, chatPage }) => {
  await sql`ALTER TABLE alem_personas RENAME TO alem_personas_away`;
  try {
    await farmer.signIn(page);
    await page.goto("/");
    await expect(chatPage.banner).toHaveAttribute("data-status", "persona_unavailable");
    await expect(chatPage.banner).toContainText("Profiliniz hazırda yüklənmədi");
    await expect(chatPage.personaField("finCode")).toHaveCount(0);
  } finally {
    await sql`ALTER TABLE alem_personas_away RENAME TO alem_personas`;
  }
  await chatPage.banner.getByRole("button", { name: "Yenidən qoşul" }).click();
  await chatPage.waitReady();
  await expect(chatPage.banner).toBeHidden();
  const [row] = await sql<{ fin_code: string }[]>`SELECT fin_code FROM alem_personas WHERE email = ${farmer.email}`;
  await expect(chatPage.personaField("finCode")).toHaveText(row!.fin_code);
});
