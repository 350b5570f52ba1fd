import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.js";

async function violations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) }));
}

test("sign-in and chat screens have no WCAG 2.1 AA violations (contrast included), in both languages and on a phone", async ({ page, farmer, signInPage, chatPage }) => {
  await signInPage.goto();
  await expect(signInPage.heading).toBeVisible();
  await expect(signInPage.googleButton).toBeVisible();
  expect(await violations(page)).toEqual([]);

  await farmer.signIn(page);
  await chatPage.goto();
  await chatPage.ask("Pambıq üçün suvarma nə vaxt lazımdır?");
  await chatPage.waitForCompleteReply();
  expect(await violations(page)).toEqual([]);

  await chatPage.switchLanguage("en");
  await chatPage.persona.getByRole("button", { name: "History" }).click();
  await expect(chatPage.persona.locator(".history-item").first()).toBeVisible();
  expect(await violations(page)).toEqual([]);

  await page.setViewportSize({ width: 390, height: 844 });
  await chatPage.openProfileButton.click();
  await expect(page.getByRole("dialog", { name: "Farmer profile" })).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test("the streaming reply sits in a polite live region", async ({ page, farmer, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await expect(chatPage.log).toHaveAttribute("aria-live", "polite");
  await chatPage.ask("Pambıq üçün suvarma nə vaxt lazımdır?");
  await chatPage.waitForPartialReply();
  await expect(chatPage.assistantWithStatus("streaming")).toHaveAttribute("aria-busy", "true");
  const reply = await chatPage.waitForCompleteReply();
  await expect(reply).not.toHaveAttribute("aria-busy", "true");
});
