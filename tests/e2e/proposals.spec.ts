import { AxeBuilder } from "@axe-core/playwright";
import { expect, storedPersona, test } from "./fixtures.js";
import { ChatPage } from "./pages/chat-page.js";

/**
 * Persona memory the farmer controls, in the browser: the advisor's proposal appears in every tab,
 * one Accept applies it everywhere, each field says where it came from, and the history restores.
 */
test("propose → card in two tabs → Accept in one → both show the new values, card gone; Restore puts the old value back", async ({
  page,
  context,
  farmer,
  sql,
  chatPage,
}) => {
  await farmer.signIn(page);
  await chatPage.goto();
  // Two statements, so the crop really changes even when the synthetic farmer already grows Üzüm
  // (an UPDATE to the same value records nothing, and the provenance would stay "demo value").
  await sql`UPDATE alem_personas SET crop_type = 'Alma' WHERE email = ${farmer.email}`;
  await sql`UPDATE alem_personas SET region = 'Şamaxı', crop_type = 'Üzüm', total_area_ha = 21 WHERE email = ${farmer.email}`;
  await page.reload();
  await chatPage.waitReady();
  const other = new ChatPage(await context.newPage());
  await other.goto();
  // A direct SQL change is shown as the operator's.
  await expect(chatPage.persona.locator('.persona-field[data-field="cropType"] dt')).toContainText("operator tərəfindən dəyişdirilib");

  await chatPage.ask("I grow 12 hectares of cotton now");
  await chatPage.waitForCompleteReply();
  // The advisor answers in the question's language, here English.
  await expect(chatPage.lastAssistant()).toContainText("confirm it on the card below");

  const cardA = chatPage.persona.getByTestId("proposal-card");
  const cardB = other.persona.getByTestId("proposal-card");
  for (const card of [cardA, cardB]) {
    await expect(card).toBeVisible();
    await expect(card.locator('[data-field="cropType"]')).toContainText("Üzüm → Pambıq");
    await expect(card.locator('[data-field="totalAreaHa"]')).toContainText("21 ha → 12 ha");
  }
  // the compact notice under the answer that made it
  await expect(chatPage.log.getByTestId("proposal-notice")).toBeVisible();
  // nothing is written before the farmer decides
  expect((await storedPersona(sql, farmer.email)).crop_type).toBe("Üzüm");

  // Accept with the keyboard in the other tab
  const accept = cardB.getByRole("button", { name: "Qəbul et" });
  await accept.focus();
  await other.page.keyboard.press("Enter");

  for (const tab of [chatPage, other]) {
    await expect(tab.personaField("cropType").locator("span").first()).toHaveText("Pambıq");
    await expect(tab.personaField("totalAreaHa")).toHaveText("12 ha");
    await expect(tab.persona.getByTestId("proposal-card")).toHaveCount(0);
    await expect(tab.persona.locator('.persona-field[data-field="cropType"] dt')).toContainText("söhbətinizdən, təsdiqlənib");
  }
  // the notice under the answer stays and says what became of it (the answer still speaks of the proposal)
  for (const tab of [chatPage, other]) {
    const settled = tab.log.getByTestId("proposal-notice");
    await expect(settled).toHaveAttribute("data-status", "accepted");
    await expect(settled).toContainText("Profiliniz yeniləndi.");
    await expect(settled.getByRole("button")).toHaveCount(0);
  }
  expect(await storedPersona(sql, farmer.email)).toMatchObject({ crop_type: "Pambıq" });

  // The history links the chat-confirmed change to its message and restores the old value.
  await chatPage.persona.getByRole("button", { name: /^(Tarixçə|History)$/ }).click();
  const confirmed = chatPage.persona.locator(".history-item").filter({ has: chatPage.page.locator('[data-actor="chat"]') });
  await expect(confirmed).toHaveCount(1);
  await confirmed.getByRole("button", { name: "Söhbətdəki mesaja keç" }).click();
  await expect(chatPage.userMessages.filter({ hasText: "I grow 12 hectares of cotton now" })).toBeFocused();
  await confirmed.getByRole("button", { name: /əvvəlki dəyəri bərpa et: Üzüm/ }).click();
  for (const tab of [chatPage, other]) {
    await expect(tab.personaField("cropType").locator("span").first()).toHaveText("Üzüm");
    await expect(tab.persona.locator('.persona-field[data-field="cropType"] dt')).toContainText("siz, indicə");
  }
  expect((await storedPersona(sql, farmer.email)).crop_type).toBe("Üzüm");
  // recorded as a new change of the farmer's
  await expect(chatPage.persona.locator(".history-item").first().locator('[data-actor="user"]')).toBeVisible();
});

test("a phone-width sidebar shows the proposal in English, and Dismiss removes it without a change", async ({ page, farmer, sql, chatPage }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await farmer.signIn(page);
  await chatPage.goto();
  await chatPage.switchLanguage("en");
  const before = await storedPersona(sql, farmer.email);
  const area = Number(before.total_area_ha) === 33 ? "44" : "33";
  await chatPage.ask(`My farm is ${area} hectares`);
  await chatPage.waitForCompleteReply();
  await expect(chatPage.lastAssistant()).toContainText(`I can update your profile to ${area} ha — confirm it on the card below.`);
  const notice = chatPage.log.getByTestId("proposal-notice");
  await expect(notice).toBeVisible();
  await chatPage.openProfileButton.click();
  const card = chatPage.persona.getByTestId("proposal-card");
  await expect(card).toContainText("Proposed profile change");
  // WCAG 2.1 AA with the card and the notice on screen
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) }))).toEqual([]);
  await card.getByRole("button", { name: "Dismiss" }).click();
  await expect(card).toHaveCount(0);
  await expect(notice).toHaveAttribute("data-status", "dismissed");
  await expect(notice).toContainText("The proposal was dismissed.");
  expect((await storedPersona(sql, farmer.email)).total_area_ha).toBe(before.total_area_ha);
});
