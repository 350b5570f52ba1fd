import { expect, test } from "./fixtures.js";

test.use({ appEnv: { OFFLINE_PACE_MS: "0" } });

test("an answer's sources are shown as readable names with links, also after a reload", async ({ page, farmer, sql, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await sql`UPDATE alem_personas SET region = 'Gəncə', crop_type = 'Pomidor' WHERE email = ${farmer.email}`;
  await page.reload();
  await chatPage.waitReady();

  // The UI is in Azerbaijani; an English question gets an English answer.
  await chatPage.ask("How much water does my tomato need in July?");
  const reply = await chatPage.waitForCompleteReply();
  await expect(reply.locator(".markdown")).toContainText("Irrigation for");
  const sources = reply.getByRole("region", { name: "Mənbələr" });
  const thorp = sources.getByRole("link", { name: /K\. Thorp et al\., 2024/ });
  await expect(thorp).toHaveAttribute("href", /^https:\/\/github\.com\/kthorp\/pyfao56/);
  await expect(thorp).toHaveAttribute("rel", /noopener/);
  // A source the data gives no address for is named without a link.
  await expect(sources.getByRole("listitem").nth(1)).toContainText("WMO World Weather Information Service, 1990");
  await expect(sources).not.toContainText(/\bS1\b|\bS48\b/);
  // Said once: the list with its links, not also the text's closing line that names the same sources.
  await expect(reply.locator(".markdown")).not.toContainText("Sources:");
  await expect(reply.locator(".markdown")).toContainText("Irrigation for");

  await page.reload();
  await chatPage.waitReady();
  await expect(chatPage.lastAssistant().getByRole("region", { name: "Mənbələr" }).getByRole("link", { name: /K\. Thorp et al\., 2024/ })).toBeVisible();
});

test("starter suggestions differ for a wheat farmer in Cəlilabad and a tea farmer in Lənkəran, and each gets a sourced answer", async ({ page, farmer, sql, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await chatPage.switchLanguage("en");

  await sql`UPDATE alem_personas SET region = 'Cəlilabad', crop_type = 'Buğda' WHERE email = ${farmer.email}`;
  await page.reload();
  await chatPage.waitReady();
  const suggestions = page.getByRole("list", { name: "Example questions for your farm" }).getByRole("button");
  await expect(suggestions.first()).toBeVisible();
  const wheat = await suggestions.allInnerTexts();
  expect(wheat.join(" ")).toMatch(/wheat/i);
  expect(wheat.join(" ")).not.toMatch(/cotton|tea/i);

  await sql`UPDATE alem_personas SET region = 'Lənkəran', crop_type = 'Çay' WHERE email = ${farmer.email}`;
  await page.reload();
  await chatPage.waitReady();
  await expect(suggestions.first()).toContainText(/tea/i);
  // every chip starts with a capital letter
  for (const text of await suggestions.allInnerTexts()) expect(text[0]).toBe(text[0]!.toLocaleUpperCase("en"));
  const tea = await suggestions.allInnerTexts();
  expect(tea).not.toEqual(wheat);

  // A suggestion is a question the advisor answers with a sourced figure, never "no data".
  await suggestions.first().click();
  const reply = await chatPage.waitForCompleteReply();
  await expect(reply.getByRole("region", { name: "Sources" }).getByRole("link").first()).toBeVisible();
  await expect(reply.locator(".markdown")).not.toContainText(/no sourced|have no/);
});
