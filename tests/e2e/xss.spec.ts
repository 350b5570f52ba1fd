import { expect, test } from "./fixtures.js";

const PAYLOAD = "<img src=x onerror=alert(1)>";

test("HTML in a message and in a persona value is shown as text and never runs", async ({ page, farmer, sql, chatPage }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await farmer.signIn(page);
  await chatPage.goto();
  await sql`UPDATE alem_personas SET region = ${PAYLOAD} WHERE email = ${farmer.email}`;
  await page.reload();
  await chatPage.waitReady();
  await expect(chatPage.personaField("region")).toHaveText(PAYLOAD);

  await chatPage.ask(PAYLOAD);
  await expect(chatPage.userBubbles.last()).toHaveText(PAYLOAD);
  await chatPage.waitForCompleteReply();

  await page.reload();
  await chatPage.waitReady();
  await expect(chatPage.userBubbles.last()).toHaveText(PAYLOAD);
  await expect(chatPage.personaField("region")).toHaveText(PAYLOAD);
  await expect(page.locator("img")).toHaveCount(0);
  expect(await page.evaluate(() => document.querySelectorAll("[onerror]").length)).toBe(0);
  expect(dialogs).toEqual([]);
});
