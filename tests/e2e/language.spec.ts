import { expect, test } from "./fixtures.js";

test("English on the switch changes labels and crop names, and a reload keeps it", async ({ page, farmer, sql, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await sql`UPDATE alem_personas SET crop_type = 'Pambıq', experience_level = 'expert' WHERE email = ${farmer.email}`;
  await page.reload();
  await chatPage.waitReady();

  const crop = chatPage.personaField("cropType");
  await expect(page.locator("html")).toHaveAttribute("lang", "az");
  await expect(page.getByRole("heading", { name: "Fermer profili" })).toBeVisible();
  await expect(crop.locator("span").first()).toHaveText("Pambıq");
  await expect(crop.locator("span").nth(1)).toHaveText("Cotton");
  await expect(chatPage.personaField("experienceLevel")).toHaveText("Təcrübəli");
  await expect(chatPage.sendButton).toHaveText("Göndər");

  await chatPage.switchLanguage("en");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { name: "Farmer profile" })).toBeVisible();
  await expect(crop.locator("span").first()).toHaveText("Cotton");
  await expect(crop.locator("span").nth(1)).toHaveText("Pambıq");
  await expect(chatPage.personaField("experienceLevel")).toHaveText("Expert");
  await expect(chatPage.sendButton).toHaveText("Send");
  await expect(chatPage.sourceBadge).toHaveText("synthetic demo");

  await page.reload();
  await chatPage.waitReady();
  await expect(page.getByRole("heading", { name: "Farmer profile" })).toBeVisible();
  await expect(crop.locator("span").first()).toHaveText("Cotton");
  await expect(chatPage.logoutButton).toHaveText("Log out");
});
