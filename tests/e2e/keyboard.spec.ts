import type { Locator, Page } from "@playwright/test";
import { expect, test, uniqueEmail } from "./fixtures.js";

/** Presses Tab (or Shift+Tab) until `target` has focus; fails if it never does. */
async function tabTo(page: Page, target: Locator, { backwards = false, max = 40 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  await expect(target).toBeFocused();
}

test("keyboard only: dev sign-in, sending a message and the profile drawer at 390 px", async ({ page, signInPage, chatPage }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInPage.goto();
  await expect(signInPage.devForm).toBeVisible();

  await tabTo(page, signInPage.emailInput);
  await page.keyboard.type(uniqueEmail("keyboard"));
  await page.keyboard.press("Enter");
  await chatPage.waitReady();

  // The first Tab reaches the skip link, which jumps to the question box.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Söhbətə keç" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(chatPage.composer).toBeFocused();
  await page.keyboard.type("Pambıq üçün suvarma nə vaxt lazımdır?");
  await page.keyboard.press("Enter");
  await expect(chatPage.userMessages).toHaveCount(1);
  await chatPage.waitForCompleteReply();

  await expect(chatPage.persona).toBeHidden();
  await tabTo(page, chatPage.openProfileButton, { backwards: true });
  await page.keyboard.press("Enter");
  const drawer = page.getByRole("dialog", { name: "Fermer profili" });
  await expect(drawer).toBeVisible();
  expect(await drawer.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  // Focus stays in the drawer while it is open.
  for (let i = 0; i < 12; i++) await page.keyboard.press("Tab");
  expect(await drawer.evaluate((el) => el.contains(document.activeElement))).toBe(true);

  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(chatPage.openProfileButton).toBeFocused();

  await tabTo(page, chatPage.openConversationsButton, { backwards: true });
  await page.keyboard.press("Enter");
  const conversations = page.getByRole("dialog", { name: "Söhbətlər" });
  await expect(conversations).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(conversations).toBeHidden();
  await expect(chatPage.openConversationsButton).toBeFocused();
});
