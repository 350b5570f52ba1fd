import { expect, test } from "./fixtures.js";

// A server limit below the web's 4,000 characters, so a question the composer lets through is refused.
test.use({ appEnv: { OFFLINE_PACE_MS: "40", CHAT_MAX_MESSAGE_CHARS: "100" } });

test("a queued question the server refuses keeps its text and says why; Cancel removes it", async ({ page, context, farmer, chatPage, sql }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await context.setOffline(true);
  await expect(chatPage.banner).toHaveAttribute("data-status", "offline");
  const tooLong = `Pambıq tarlası ${Date.now()} `.repeat(8).trim();
  await chatPage.ask(tooLong);
  const item = chatPage.log.locator("article.message--user", { hasText: tooLong });
  await expect(item).toHaveClass(/is-queued/);

  await context.setOffline(false);
  await chatPage.waitReady();
  await expect(item).toHaveClass(/is-refused/);
  await expect(item.getByRole("alert")).toContainText("sual çox uzundur");
  await expect(item.locator(".bubble")).toHaveText(tooLong);
  // Refused stays refused across a reload: the text is not lost.
  await page.reload();
  await chatPage.waitReady();
  await expect(item).toHaveClass(/is-refused/);

  await item.getByRole("button", { name: "Ləğv et" }).click();
  await expect(item).toHaveCount(0);
  const stored = await sql`SELECT count(*)::int AS n FROM messages WHERE content = ${tooLong}`;
  expect(stored[0]!.n).toBe(0);
});
