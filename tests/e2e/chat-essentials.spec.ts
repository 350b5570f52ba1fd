import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.js";
import type { ChatPage } from "./pages/chat-page.js";

// Rename, delete, search, copy, regenerate, edit, feedback, themes, over-long drafts.
test.use({ appEnv: { OFFLINE_PACE_MS: "5" } });

async function violations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) }));
}

async function askAndWait(chatPage: ChatPage, text: string) {
  const before = await chatPage.assistantWithStatus("complete").count();
  await chatPage.ask(text);
  await expect(chatPage.assistantWithStatus("complete")).toHaveCount(before + 1, { timeout: 30_000 });
}

async function newChat(chatPage: ChatPage) {
  await chatPage.newChatButton.click();
  await expect(chatPage.userMessages).toHaveCount(0);
}

const list = (chatPage: ChatPage) => chatPage.conversations.locator(".conversation-list .conversation-item");

test("rename: the new title shows in the list, in the database and live in another tab", async ({ page, context, farmer, chatPage, sql }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await askAndWait(chatPage, "Pambıq üçün suvarma nə vaxt lazımdır?");
  const other = await context.newPage();
  await other.goto("/");
  const otherList = other.locator("#conversations-panel .conversation-list .conversation-item");
  await expect(otherList).toHaveCount(1);

  await chatPage.conversations.getByRole("button", { name: /^Adını dəyiş/ }).click();
  const input = chatPage.conversations.getByLabel("Söhbətin adı");
  await input.fill("  Pambıq suvarması  ");
  await input.press("Enter");
  await expect(list(chatPage).first()).toContainText("Pambıq suvarması");
  await expect(otherList.first()).toContainText("Pambıq suvarması");
  const [row] = await sql`SELECT c.title FROM conversations c JOIN users u ON u.id = c.user_id WHERE u.email = ${farmer.email}`;
  expect(row!.title).toBe("Pambıq suvarması");
});

test("delete asks first; cancel keeps it, confirm removes it everywhere and moves on", async ({ page, context, farmer, chatPage, sql }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await askAndWait(chatPage, "Alma bağında gübrə planı?");
  await newChat(chatPage);
  await askAndWait(chatPage, "Nar nə vaxt yığılır?");
  await expect(list(chatPage)).toHaveCount(2);
  const [conv] = await sql`SELECT c.id FROM conversations c JOIN users u ON u.id = c.user_id
                            WHERE u.email = ${farmer.email} AND c.title LIKE 'Nar%'`;
  const other = await context.newPage();
  await other.goto("/");
  await expect(other.locator("#conversations-panel .conversation-list .conversation-item")).toHaveCount(2);

  const deleteButton = chatPage.conversations.getByRole("button", { name: /^Sil: Nar/ });
  await deleteButton.click();
  const dialog = page.getByRole("dialog", { name: "Söhbət silinsin?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Ləğv et" }).click();
  await expect(dialog).toBeHidden();
  await expect(list(chatPage)).toHaveCount(2);

  await deleteButton.click();
  await dialog.getByRole("button", { name: "Birdəfəlik sil" }).click();
  await expect(list(chatPage)).toHaveCount(1);
  await expect(list(chatPage).first()).toContainText("Alma");
  await expect(other.locator("#conversations-panel .conversation-list .conversation-item")).toHaveCount(1);
  // The open conversation was the deleted one: the screen moved to the remaining conversation.
  await expect(chatPage.userBubbles).toHaveText(["Alma bağında gübrə planı?"]);
  const [{ n }] = (await sql`SELECT count(*)::int AS n FROM messages WHERE conversation_id = ${conv!.id}`) as unknown as [{ n: number }];
  expect(n).toBe(0);
});

test("search finds a conversation typed without diacritics and opens it", async ({ page, farmer, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await askAndWait(chatPage, "Buğda səpini nə vaxt olmalıdır?");
  await newChat(chatPage);
  await askAndWait(chatPage, "Çay plantasiyası üçün suvarma");
  const search = chatPage.conversations.getByRole("searchbox", { name: "Söhbətlərdə axtar" });
  await search.fill("BUGDA");
  const results = chatPage.conversations.locator(".search-result");
  await expect(results).toHaveCount(1);
  await expect(results.first()).toContainText(/buğda/i);
  await results.first().click();
  await expect(chatPage.userBubbles.first()).toHaveText("Buğda səpini nə vaxt olmalıdır?");
  await search.fill("qarpız");
  await expect(chatPage.conversations.getByText("Heç nə tapılmadı.")).toBeVisible();
  await search.fill("");
  await expect(list(chatPage)).toHaveCount(2);
});

test("copy puts the answer's markdown source on the clipboard; timestamps show the exact time on hover", async ({ page, context, farmer, chatPage, sql }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await farmer.signIn(page);
  await chatPage.goto();
  await askAndWait(chatPage, "Pambıq üçün gübrə planı");
  const answer = chatPage.lastAssistant();
  await answer.getByRole("button", { name: "Cavabı kopyala" }).click();
  await expect(answer.getByRole("status")).toHaveText("Kopyalandı");
  const [row] = await sql`SELECT m.content FROM messages m JOIN conversations c ON c.id = m.conversation_id
                           JOIN users u ON u.id = c.user_id WHERE u.email = ${farmer.email} AND m.role = 'assistant'`;
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(row!.content);
  const time = answer.locator("time.message-time");
  await expect(time).toHaveText("indicə");
  await expect(time).toHaveAttribute("title", /\d{1,2}:\d\d/);
  await expect(time).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
});

test("regenerate replaces the latest answer; edit replaces the latest question and its answer", async ({ page, farmer, chatPage, sql }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await askAndWait(chatPage, "Nar nə vaxt yığılır?");
  await askAndWait(chatPage, "Üzüm nə vaxt yığılır?");
  // Only the latest turn offers regenerate and edit.
  await expect(chatPage.log.getByRole("button", { name: "Yenidən cavabla" })).toHaveCount(1);
  await expect(chatPage.log.getByRole("button", { name: "Sualı düzəlt" })).toHaveCount(1);

  const oldId = await chatPage.lastAssistant().getAttribute("data-message-id");
  await chatPage.lastAssistant().getByRole("button", { name: "Yenidən cavabla" }).click();
  await expect(chatPage.lastAssistant()).not.toHaveAttribute("data-message-id", oldId!);
  await expect(chatPage.lastAssistant()).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  await expect(chatPage.assistantMessages).toHaveCount(2);
  const [old] = await sql`SELECT replaced_by FROM messages WHERE id = ${oldId!}`;
  expect(old!.replaced_by).toBe(await chatPage.lastAssistant().getAttribute("data-message-id"));

  await chatPage.userMessages.last().getByRole("button", { name: "Sualı düzəlt" }).click();
  const editor = chatPage.log.getByLabel("Düzəldilmiş sual");
  await expect(editor).toHaveValue("Üzüm nə vaxt yığılır?");
  await editor.fill("Fındıq nə vaxt yığılır?");
  await chatPage.log.getByRole("button", { name: "Saxla və göndər" }).click();
  await expect(chatPage.userBubbles).toHaveText(["Nar nə vaxt yığılır?", "Fındıq nə vaxt yığılır?"]);
  await expect(chatPage.assistantMessages).toHaveCount(2);
  await expect(chatPage.lastAssistant()).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  await page.reload();
  await chatPage.waitReady();
  await expect(chatPage.userBubbles).toHaveText(["Nar nə vaxt yığılır?", "Fındıq nə vaxt yığılır?"]);
});

test("thumbs up and down with a comment are stored for the answer", async ({ page, farmer, chatPage, sql }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await askAndWait(chatPage, "Alma üçün suvarma");
  const answer = chatPage.lastAssistant();
  const id = await answer.getAttribute("data-message-id");
  const up = answer.getByRole("button", { name: "Faydalı cavab" });
  await up.click();
  await expect(up).toHaveAttribute("aria-pressed", "true");
  await expect.poll(async () => (await sql`SELECT rating FROM message_feedback WHERE message_id = ${id!}`)[0]?.rating).toBe("up");
  await answer.getByRole("button", { name: "Faydasız cavab" }).click();
  await expect(up).toHaveAttribute("aria-pressed", "false");
  await answer.getByLabel("Şərh (istəyə görə)").fill("Rəqəmlər yoxdur");
  await answer.getByRole("button", { name: "Şərhi göndər" }).click();
  await expect(answer.getByLabel("Şərh (istəyə görə)")).toBeHidden();
  await expect(answer.getByRole("status")).toHaveText("Rəyiniz üçün təşəkkür edirik.");
  const [row] = await sql`SELECT rating, comment FROM advisor_feedback WHERE message_id = ${id!}`;
  expect(row).toMatchObject({ rating: "down", comment: "Rəqəmlər yoxdur" });
  await page.reload();
  await chatPage.waitReady();
  await expect(chatPage.lastAssistant().getByRole("button", { name: "Faydasız cavab" })).toHaveAttribute("aria-pressed", "true");
});

test("the light theme follows the system, the toggle switches, and both themes are axe clean", async ({ page, farmer, chatPage, signInPage }) => {
  // The sign-in screen follows the system too.
  await page.emulateMedia({ colorScheme: "dark" });
  await signInPage.goto();
  await expect(signInPage.heading).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await violations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: "light" });
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  expect(await violations(page)).toEqual([]);

  await farmer.signIn(page);
  await chatPage.goto();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  await askAndWait(chatPage, "Pambıq üçün suvarma nə vaxt lazımdır?");
  await chatPage.lastAssistant().getByRole("button", { name: "Faydalı cavab" }).click();
  await chatPage.conversations.getByRole("searchbox").fill("pambiq");
  await expect(chatPage.conversations.locator(".search-result")).toHaveCount(1);
  await chatPage.composer.fill("x".repeat(4001));
  expect(await violations(page)).toEqual([]);

  await page.getByRole("button", { name: "Tünd mövzu" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await violations(page)).toEqual([]);
  // The choice outlasts a reload, whatever the system says.
  await page.reload();
  await chatPage.waitReady();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.getByRole("button", { name: "Açıq mövzu" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
});

test("an over-long draft stays in the box, is not sent, and survives a reload", async ({ page, farmer, chatPage, sql }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  const text = "Pambıq ".repeat(600).slice(0, 4001);
  await chatPage.composer.fill(text);
  await expect(chatPage.sendButton).toBeDisabled();
  await expect(page.getByTestId("composer-count")).toContainText("4001 / 4000");
  await expect(page.getByTestId("composer-count")).toContainText("1 simvol artıqdır");
  await chatPage.composer.press("Enter");
  await expect(chatPage.composer).toHaveValue(text);
  await expect(chatPage.userMessages).toHaveCount(0);
  const [{ n }] = (await sql`SELECT count(*)::int AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id
                              JOIN users u ON u.id = c.user_id WHERE u.email = ${farmer.email}`) as unknown as [{ n: number }];
  expect(n).toBe(0);
  await page.reload();
  await chatPage.waitReady();
  await expect(chatPage.composer).toHaveValue(text);
  // Shortened to the limit, it sends, and the draft is gone.
  await chatPage.composer.press("End");
  await chatPage.composer.press("Backspace");
  await expect(chatPage.sendButton).toBeEnabled();
  await chatPage.sendButton.click();
  await expect(chatPage.userMessages).toHaveCount(1);
  await expect(chatPage.composer).toHaveValue("");
  await page.reload();
  await chatPage.waitReady();
  await expect(chatPage.composer).toHaveValue("");
});

test("on a phone, the conversation drawer's search and rename work by keyboard and are axe clean", async ({ page, farmer, chatPage }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 390, height: 844 });
  await farmer.signIn(page);
  await chatPage.goto();
  await askAndWait(chatPage, "Alma üçün suvarma");
  await page.screenshot({ path: "test-results/e2e/chat-essentials-phone-light.png" });
  await chatPage.openConversationsButton.click();
  const drawer = page.getByRole("dialog", { name: "Söhbətlər" });
  await expect(drawer).toBeVisible();
  const rename = drawer.getByRole("button", { name: /^Adını dəyiş/ });
  await rename.focus();
  await page.keyboard.press("Enter");
  const input = drawer.getByLabel("Söhbətin adı");
  await expect(input).toBeFocused();
  expect(await violations(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(input).toBeHidden();
  await drawer.getByRole("searchbox").fill("alma");
  await expect(drawer.locator(".search-result")).toHaveCount(1);
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: "test-results/e2e/chat-essentials-phone-drawer.png" });
});
