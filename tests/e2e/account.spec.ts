import { readFile } from "node:fs/promises";
import { unzip } from "../helpers/zip.js";
import { expect, test } from "./fixtures.js";

/** The farmer's account in Chromium: download everything, delete everything, and the sign-in screen saying why. */

test("Məlumatlarımı yüklə downloads one ZIP with the conversation, profile and journal", async ({ page, farmer, chatPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await chatPage.ask("Pomidor nə vaxt əkilir?");
  await chatPage.waitForCompleteReply();
  const account = page.getByRole("region", { name: "Hesab" });
  await expect(account).toContainText(farmer.email);

  const downloaded = page.waitForEvent("download");
  await account.getByRole("button", { name: "Məlumatlarımı yüklə" }).click();
  const download = await downloaded;
  expect(download.suggestedFilename()).toMatch(/^yonca-\d{4}-\d{2}-\d{2}\.zip$/);
  const files = await unzip(await readFile((await download.path())!));
  expect(Object.keys(files)).toEqual(expect.arrayContaining(["README.md", "conversations.json", "conversations.md", "persona/persona.json", "journal/entries.json"]));
  expect(files["conversations.md"]).toContain("Pomidor nə vaxt əkilir?");
  expect(files["README.md"]).toContain("Yonca: məlumatlarınız");
});

test("Hesabı sil: the email must be typed, then everything is gone and the sign-in screen says so", async ({ page, farmer, chatPage, signInPage, sql }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await page.getByRole("region", { name: "Hesab" }).getByRole("button", { name: "Hesabı sil" }).click();
  const dialog = page.getByRole("dialog", { name: "Hesab birdəfəlik silinsin?" });
  await expect(dialog).toBeVisible();
  const confirm = dialog.getByRole("button", { name: "Hesabı birdəfəlik sil" });
  await expect(confirm).toBeDisabled();
  const typed = dialog.getByLabel(/Təsdiqləmək üçün e-poçt ünvanınızı yazın/);
  await typed.fill("başqa@example.az");
  await expect(confirm).toBeDisabled();
  await typed.fill(farmer.email);
  await confirm.click();

  await expect(signInPage.heading).toBeVisible();
  await expect(signInPage.notice).toHaveText("Hesabınız və bütün məlumatlarınız silindi.");
  const users = await sql`SELECT 1 FROM users WHERE email = ${farmer.email}`;
  expect(users).toHaveLength(0);
  expect((await page.request.get("/api/me")).status()).toBe(401);
});

test("the sign-in screen says 'signed out' after logout and 'expired' when the session ended meanwhile", async ({ page, context, farmer, chatPage, signInPage }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await chatPage.logoutButton.click();
  await expect(signInPage.notice).toHaveText("Hesabdan çıxdınız.");
  // a reload after a logout is a plain sign-in screen
  await page.reload();
  await expect(signInPage.heading).toBeVisible();
  await expect(signInPage.notice).toHaveCount(0);

  // signed in again; the session ends while the browser is away (expiry, a restart without the secret)
  await farmer.signIn(page);
  await chatPage.goto();
  await context.clearCookies();
  await page.reload();
  await expect(signInPage.notice).toHaveText("Girişinizin vaxtı bitib. Davam etmək üçün yenidən daxil olun.");
});
