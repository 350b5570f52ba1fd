import { expect, test } from "./fixtures.js";

test.use({ appEnv: { OFFLINE_PACE_MS: "0" } });

// A symptom too vague to narrow gets one clarifying question with quick replies shown as buttons;
// a button sends its text as the farmer's reply, and the answer names the likely causes with sources.
test("a vague symptom → a clarifying question → a quick reply → the likely causes with sources", async ({ page, farmer, sql, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await sql`UPDATE alem_personas SET region = 'Gəncə', crop_type = 'Pomidor' WHERE email = ${farmer.email}`;
  await page.reload();
  await chatPage.waitReady();

  await chatPage.ask("Bitkilərim xəstələnib, nə edim?");
  const question = await chatPage.waitForCompleteReply();
  await expect(question.locator(".markdown")).toContainText("nə görürsünüz?");
  const choices = question.getByRole("list", { name: "Cavab seçin" }).getByRole("button");
  await expect(choices.first()).toBeVisible();
  expect(await choices.count()).toBeGreaterThanOrEqual(2);
  // A clarifying question states no figure and cites nothing.
  await expect(question.getByRole("region", { name: "Mənbələr" })).toHaveCount(0);

  await question.getByRole("button", { name: "Yarpaqlarda ləkələr var" }).click();
  await expect(page.locator("article.message--user").filter({ hasText: "Yarpaqlarda ləkələr var" })).toBeVisible();
  const answer = await chatPage.waitForCompleteReply();
  // The previous question's crop (the farm's tomato), the signs named, causes to tell apart, and their sources.
  await expect(answer.locator(".markdown")).toContainText("Pomidor: ləkələr");
  await expect(answer.locator(".markdown")).toContainText("Necə tanımaq olar");
  await expect(answer.locator(".markdown")).toContainText("Fitoftoroz");
  await expect(answer.getByRole("region", { name: "Mənbələr" }).getByRole("link").first()).toBeVisible();
  // The answer is not another question: no buttons under it.
  await expect(answer.getByRole("list", { name: "Cavab seçin" })).toHaveCount(0);
});
