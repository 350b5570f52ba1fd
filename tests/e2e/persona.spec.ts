import { expect, storedPersona, test } from "./fixtures.js";
import { ChatPage } from "./pages/chat-page.js";

test("editing the region reaches the other tab, and an SQL update shows after a reload", async ({ page, context, farmer, sql, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  const other = new ChatPage(await context.newPage());
  await other.goto();

  const before = await storedPersona(sql, farmer.email);
  const region = before.region === "Quba" ? "Şəki" : "Quba";
  await chatPage.editPersona({ region });
  await expect(chatPage.personaField("region")).toHaveText(region);
  await expect(other.personaField("region")).toHaveText(region);
  expect((await storedPersona(sql, farmer.email)).region).toBe(region);

  await chatPage.persona.getByRole("button", { name: /^(Tarixçə|History)$/ }).click();
  const change = chatPage.persona.locator(".history-item").filter({ hasText: "Dəyişdirildi" });
  await expect(change).toHaveCount(1);
  await expect(change).toContainText(`${before.region} → ${region}`);

  const crop = before.crop_type === "Alma" ? "Nar" : "Alma";
  await sql`UPDATE alem_personas SET crop_type = ${crop} WHERE email = ${farmer.email}`;
  await page.reload();
  await chatPage.waitReady();
  await expect(chatPage.personaField("cropType").locator("span").first()).toHaveText(crop);
});

test("the form refuses an invalid area, and regenerate asks before replacing the synthetic values", async ({ page, farmer, sql, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  const before = await storedPersona(sql, farmer.email);

  await chatPage.persona.getByRole("button", { name: "Redaktə et" }).click();
  const area = chatPage.persona.getByLabel(/^Sahə/);
  await area.fill("-3");
  await chatPage.persona.getByRole("button", { name: "Yadda saxla" }).click();
  await expect(area).toHaveAttribute("aria-invalid", "true");
  await expect(chatPage.persona.locator(".field-error")).toHaveText("Sahə 0,1 ilə 100 000 ha arasında rəqəm olmalıdır.");
  await chatPage.persona.getByRole("button", { name: "Ləğv et" }).click();
  expect((await storedPersona(sql, farmer.email)).total_area_ha).toBe(before.total_area_ha);

  await chatPage.persona.getByRole("button", { name: "Yenidən yarat" }).click();
  const dialog = page.getByRole("dialog", { name: "Profil yenidən yaradılsın?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Ləğv et" }).click();
  await expect(dialog).toBeHidden();
  expect((await storedPersona(sql, farmer.email)).fin_code).toBe(before.fin_code);

  await chatPage.persona.getByRole("button", { name: "Yenidən yarat" }).click();
  await dialog.getByRole("button", { name: "Bəli, yenidən yarat" }).click();
  await expect(dialog).toBeHidden();
  await expect(chatPage.personaField("finCode")).not.toHaveText(before.fin_code);
  const after = await storedPersona(sql, farmer.email);
  await expect(chatPage.personaField("finCode")).toHaveText(after.fin_code);
  await expect(chatPage.personaField("region")).toHaveText(after.region);
  await expect(chatPage.sourceBadge).toHaveText("sintetik demo");
});

test("only a government-sourced, EKTIS-verified persona is shown as verified", async ({ page, farmer, sql, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await expect(chatPage.sourceBadge).toHaveText("sintetik demo");
  await expect(chatPage.personaField("ektisVerified")).toHaveText("Təsdiqlənməyib");

  // The database itself refuses ektis_verified on anything but mygov data (check constraint).
  await sql`UPDATE alem_personas SET data_source = 'mygov' WHERE email = ${farmer.email}`;
  await page.reload();
  await chatPage.waitReady();
  await expect(chatPage.sourceBadge).toHaveText("myGov, təsdiqlənməyib");
  await expect(chatPage.personaField("ektisVerified")).toHaveText("Təsdiqlənməyib");

  await sql`UPDATE alem_personas SET ektis_verified = true WHERE email = ${farmer.email}`;
  await page.reload();
  await chatPage.waitReady();
  await expect(chatPage.sourceBadge).toHaveText("təsdiqlənib");
  await expect(chatPage.personaField("ektisVerified")).toHaveText("Təsdiqlənib");
});
