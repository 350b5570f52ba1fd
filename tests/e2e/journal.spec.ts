import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.js";
import { ChatPage } from "./pages/chat-page.js";

// The farm journal panel, rendered from session:ready.panels by the web's registry.
const journalPanel = (page: Page) => page.locator('[data-panel-kind="journal"]');

async function violations(page: Page) {
  const result = await new AxeBuilder({ page }).include('[data-panel-kind="journal"]').withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) }));
}

test("an entry added in one tab shows in the panel of both tabs, the advisor answers from it, and delete asks first and removes it from both", async ({
  page,
  context,
  farmer,
  sql,
  chatPage,
}) => {
  await farmer.signIn(page);
  await chatPage.goto();
  const other = new ChatPage(await context.newPage());
  await other.goto();

  const panel = journalPanel(page);
  const otherPanel = journalPanel(other.page);
  await expect(panel.getByRole("heading", { name: "Təsərrüfat jurnalı" })).toBeVisible();
  await expect(panel.getByText("Hələ qeyd yoxdur.")).toBeVisible();
  expect(await violations(page)).toEqual([]);

  // Keyboard only: the kind, the date and the text by their labels.
  await panel.getByLabel("İş").selectOption({ label: "Suvarma" });
  // typed the Azerbaijani way, whatever the browser's locale
  await panel.getByLabel("Tarix").fill("12.05.2026");
  const text = panel.getByLabel("Qeyd", { exact: true });
  await text.fill("Damcı ilə 3 saat");
  await expect(panel.locator(".journal-counter")).toContainText("16 / 1000");
  await text.press("Tab");
  await page.keyboard.press("Enter");
  await expect(panel.getByRole("status")).toHaveText("Qeyd əlavə olundu.");

  for (const p of [panel, otherPanel]) {
    const entry = p.locator(".journal-entry").filter({ hasText: "Damcı ilə 3 saat" });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText("Suvarma");
    await expect(entry.locator("time")).toHaveAttribute("datetime", "2026-05-12");
    await expect(entry.locator("time")).toHaveText("12 may 2026");
  }
  const [row] = await sql<{ kind: string; date: string; text: string }[]>`
    SELECT j.kind, j.date::text AS date, j.text FROM journal_entries j JOIN users u ON u.id = j.user_id WHERE u.email = ${farmer.email}`;
  expect(row).toEqual({ kind: "irrigation", date: "2026-05-12", text: "Damcı ilə 3 saat" });

  // The advisor answers from the journal.
  await chatPage.ask("Son dəfə nə vaxt suvardım?");
  const reply = await chatPage.waitForCompleteReply();
  await expect(reply).toContainText("12 may 2026");

  // Delete in the other tab: a confirmation first; cancelling keeps the entry.
  const otherEntry = otherPanel.locator(".journal-entry").filter({ hasText: "Damcı ilə 3 saat" });
  await otherEntry.getByRole("button", { name: "Qeydi sil: Suvarma, 12 may 2026" }).click();
  const dialog = other.page.getByRole("dialog", { name: "Qeyd silinsin?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Ləğv et" }).click();
  await expect(dialog).toBeHidden();
  await expect(otherEntry).toHaveCount(1);
  await otherEntry.getByRole("button", { name: "Qeydi sil: Suvarma, 12 may 2026" }).click();
  await dialog.getByRole("button", { name: "Sil", exact: true }).click();
  await expect(dialog).toBeHidden();
  for (const p of [panel, otherPanel]) await expect(p.locator(".journal-entry")).toHaveCount(0);
  await expect(otherPanel.getByRole("status")).toHaveText("Qeyd silindi.");
  expect(await sql`SELECT 1 FROM journal_entries j JOIN users u ON u.id = j.user_id WHERE u.email = ${farmer.email}`).toHaveLength(0);
});

test("the panel refuses an empty note in English, and works at a phone's width", async ({ page, farmer, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await chatPage.switchLanguage("en");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("button", { name: /Open (side panels|farmer profile)/ }).click();
  const panel = journalPanel(page);
  await expect(panel.getByRole("heading", { name: "Farm journal" })).toBeVisible();
  // The drawer keeps the focus however far one tabs (the journal adds a dozen stops after the profile's).
  const drawer = page.locator("#side-panels");
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    expect(await drawer.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  await panel.getByRole("button", { name: "Add" }).click();
  const note = panel.getByLabel("Note", { exact: true });
  await expect(note).toHaveAttribute("aria-invalid", "true");
  await expect(panel.getByRole("alert")).toHaveText("A note has 1–1000 characters.");
  await note.fill("Sprayed copper on the vines");
  await panel.getByLabel("Work").selectOption("spraying");
  await panel.getByRole("button", { name: "Add" }).click();
  const entry = panel.locator(".journal-entry").filter({ hasText: "Sprayed copper on the vines" });
  await expect(entry).toContainText("Spraying");
  // Nothing wider than the phone.
  expect(await panel.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
  expect(await violations(page)).toEqual([]);
});
