import { expect, storedPersona, test, uniqueEmail } from "./fixtures.js";

const QUESTION = "Pambıq üçün suvarma nə vaxt lazımdır?";

test("Google sign-in shows the stored persona, streams an answer that is stored, and a reload keeps both", async ({ page, yonca, sql, signInPage, chatPage }) => {
  const email = uniqueEmail("google");
  yonca.oidc!.next = { sub: `sub-${email}`, email, name: "Leyla Məmmədova", email_verified: true };

  await signInPage.goto();
  await signInPage.googleButton.click();
  await chatPage.waitReady();

  const row = await storedPersona(sql, email);
  expect(row.full_name).toBe("Leyla Məmmədova");
  await expect(chatPage.personaName).toHaveText(row.full_name);
  await expect(chatPage.personaField("finCode")).toHaveText(row.fin_code);
  await expect(chatPage.personaField("region")).toHaveText(row.region);
  await expect(chatPage.personaField("cropType")).toContainText(row.crop_type);
  await expect(chatPage.persona.locator('[data-field="totalAreaHa"]')).toHaveAttribute("data-value", String(Number(row.total_area_ha)));
  await expect(chatPage.persona.locator('[data-field="experienceLevel"]')).toHaveAttribute("data-value", row.experience_level);
  await expect(chatPage.persona.locator('[data-field="ektisVerified"]')).toHaveAttribute("data-value", String(row.ektis_verified));
  expect(row.data_source).toBe("synthetic");
  await expect(chatPage.sourceBadge).toHaveText("sintetik demo");

  await chatPage.ask(QUESTION);
  await expect(chatPage.userBubbles.last()).toHaveText(QUESTION);
  const partial = await chatPage.waitForPartialReply();
  const reply = await chatPage.waitForCompleteReply();
  const final = await chatPage.replyText(reply);
  // Progressive: a shorter prefix was on screen before the whole answer.
  expect(final.length).toBeGreaterThan(partial.length);
  expect(final.startsWith(partial.slice(0, Math.min(partial.length, 12)))).toBe(true);

  const messageId = await reply.getAttribute("data-message-id");
  const [stored] = await sql<{ content: string; status: string }[]>`SELECT content, status FROM messages WHERE id = ${messageId!}`;
  expect(stored?.status).toBe("complete");
  expect(stored?.content.length).toBeGreaterThan(0);

  await page.reload();
  await chatPage.waitReady();
  await expect(chatPage.personaField("finCode")).toHaveText(row.fin_code);
  await expect(chatPage.personaField("region")).toHaveText(row.region);
  await expect(chatPage.userMessages).toHaveCount(1);
  await expect(chatPage.userBubbles.first()).toHaveText(QUESTION);
  await expect(chatPage.assistantMessages).toHaveCount(1);
  await expect(chatPage.assistantMessages.first()).toHaveAttribute("data-message-id", messageId!);
  expect(await chatPage.replyText(chatPage.assistantMessages.first())).toBe(final);
});

test("a sign-in error in the URL is explained politely and removed from the address", async ({ page, signInPage }) => {
  await signInPage.goto("/?error=access_denied");
  await expect(signInPage.notice).toHaveText("Google ilə giriş ləğv edildi. İstədiyiniz vaxt yenidən cəhd edə bilərsiniz.");
  await expect(page).toHaveURL(/\/$/);
  await expect(signInPage.googleButton).toHaveAttribute("href", "/auth/google");
  await expect(signInPage.devForm).toContainText(/yerli inkişaf/i);
});
