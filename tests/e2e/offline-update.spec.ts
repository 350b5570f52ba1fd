import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { WEB_DIST } from "../../server/http/static.js";
import { precompressDir } from "../../web/scripts/precompress.mjs";
import { expect, test } from "./fixtures.js";

/**
 * A new build is offered, never swapped under the farmer. The server is restarted on a second
 * build (WEB_DIST): the same app with a service worker whose bytes differ, as every release's does.
 */
function secondBuild(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "yonca-second-build-"));
  cpSync(WEB_DIST, dir, { recursive: true });
  const sw = path.join(dir, "sw.js");
  writeFileSync(sw, `${readFileSync(sw, "utf8")}\n// second build ${Date.now()}\n`);
  precompressDir(dir);
  return dir;
}

test("a second build is offered as 'a new version is ready'; the page is not reloaded, not even mid-answer, until the farmer says so", async ({ page, yonca, farmer, chatPage }) => {
  test.setTimeout(90_000);
  await farmer.signIn(page);
  await chatPage.goto();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // A farmer's usual page: one the installed worker controls (a first visit's page is not).
  await page.reload();
  await chatPage.waitReady();
  expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
  await page.evaluate(() => {
    (window as unknown as { samePage: boolean }).samePage = true;
  });
  const samePage = () => page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage === true);

  const dir = secondBuild();
  try {
    await yonca.restart({ WEB_DIST: dir });
    await chatPage.waitReady();
    await chatPage.ask("Arpanı nə vaxt səpmək olar?");
    await chatPage.waitForPartialReply(5);
    // The app asks for updates every 30 minutes and when the signal returns; here, now.
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    const prompt = page.getByTestId("update-prompt");
    await expect(prompt).toContainText("Tətbiqin yeni versiyası hazırdır");
    // The answer goes on streaming to its end on the same page.
    await chatPage.waitForCompleteReply();
    expect(await samePage()).toBe(true);

    await prompt.getByRole("button", { name: "Yenilə" }).click();
    // While the page navigates its context is gone for a moment: that is a reload too.
    await expect.poll(() => samePage().catch(() => false)).toBe(false);
    await chatPage.waitReady();
    await expect(prompt).toBeHidden();
    await expect(chatPage.assistantWithStatus("complete")).toHaveCount(1);
  } finally {
    await yonca.restart({ WEB_DIST: "" });
    rmSync(dir, { recursive: true, force: true });
  }
});
