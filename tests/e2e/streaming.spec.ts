import { expect, expectReplyStoredAsShown, test } from "./fixtures.js";
import { ChatPage } from "./pages/chat-page.js";

const QUESTION = "Pambıq üçün suvarma nə vaxt lazımdır?";

// Slow enough that a reload or a click lands in the middle of the reply even on a busy machine.
test.use({ appEnv: { OFFLINE_PACE_MS: "150" } });

test("a reload in the middle of a reply shows it completing exactly once", async ({ page, farmer, sql, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await chatPage.ask(QUESTION);
  await chatPage.waitForPartialReply();

  await page.reload();
  await chatPage.waitReady();
  // session:ready brought the partial reply; the remaining tokens continue it.
  const resumed = await chatPage.waitForPartialReply();
  const reply = await chatPage.waitForCompleteReply();
  expect((await chatPage.replyText(reply)).startsWith(resumed.slice(0, 12))).toBe(true);
  await expect(chatPage.assistantMessages).toHaveCount(1);
  await expect(chatPage.userMessages).toHaveCount(1);

  // What the reloaded page assembled from the partial message and the remaining tokens is what was stored.
  await expectReplyStoredAsShown(chatPage, sql, reply);
});

test("a second tab sees the question and the reply stream live", async ({ page, context, farmer, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  const other = new ChatPage(await context.newPage());
  await other.goto();

  await chatPage.ask(QUESTION);
  await expect(other.userMessages).toHaveCount(1);
  await expect(other.userBubbles.first()).toHaveText(QUESTION);
  await other.waitForPartialReply();
  const inOther = await other.waitForCompleteReply();
  const inFirst = await chatPage.waitForCompleteReply();
  expect(await other.replyText(inOther)).toBe(await chatPage.replyText(inFirst));
  await expect(chatPage.userMessages).toHaveCount(1);
  await expect(other.assistantMessages).toHaveCount(1);
});

test("Stop keeps the partial answer, marked stopped, also after a reload", async ({ page, farmer, sql, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await chatPage.ask(QUESTION);
  await chatPage.waitForPartialReply();
  await chatPage.stopButton.click();

  const stopped = chatPage.assistantWithStatus("stopped");
  await expect(stopped).toHaveCount(1);
  await expect(stopped).toContainText(/Dayandırıldı/);
  const partial = await chatPage.replyText(stopped);
  expect(partial.length).toBeGreaterThan(0);
  await expect(chatPage.sendButton).toBeVisible();

  const messageId = await stopped.getAttribute("data-message-id");
  const [stored] = await sql<{ status: string; content: string }[]>`SELECT status, content FROM messages WHERE id = ${messageId!}`;
  expect(stored?.status).toBe("stopped");
  expect(stored?.content.length).toBeGreaterThan(0);

  await page.reload();
  await chatPage.waitReady();
  await expect(chatPage.assistantWithStatus("stopped")).toHaveCount(1);
  expect(await chatPage.replyText(chatPage.assistantWithStatus("stopped"))).toBe(partial);
});
