import path from "node:path";
import type { Page } from "@playwright/test";
import { startOpenMeteoStandIn } from "../helpers/open-meteo.js";
import { expect, test } from "./fixtures.js";
import type { ChatPage } from "./pages/chat-page.js";

// The weather plugin's "this week" panel (web/src/plugins/weather) on a phone, with the forecast of an
// Open-Meteo stand-in and with WEATHER_PROVIDER=offline (the test app's default): the climate normals.
test.use({ appEnv: { OFFLINE_PACE_MS: "0", WEATHER_TIMEOUT_MS: "1000" }, viewport: { width: 390, height: 844 } });

const shots = path.resolve("test-results/screenshots");
const weekPanel = (page: Page) => page.locator('[data-panel-kind="weather"]');

/** Tea in Lənkəran, 2 ha: an evergreen crop, in season whatever the month the test runs in. */
async function teaFarm(sql: import("postgres").Sql, email: string) {
  await sql`UPDATE alem_personas SET region = 'Lənkəran', crop_type = 'Çay', total_area_ha = 2 WHERE email = ${email}`;
}

/** How many sessions the device keeps for offline reading (IndexedDB "yonca-device", web/src/lib/device). */
function savedSessions(page: Page): Promise<number> {
  return page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === "yonca-device")) return 0;
    const done = <T,>(req: IDBRequest<T>) => new Promise<T>((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const db = await done(indexedDB.open("yonca-device"));
    const count = db.objectStoreNames.contains("session") ? await done(db.transaction("session").objectStore("session").count()) : 0;
    db.close();
    return count;
  });
}

async function openPanels(chatPage: ChatPage) {
  await chatPage.openProfileButton.click();
  await expect(chatPage.page.getByRole("dialog", { name: /Fermer profili|Farmer profile/ })).toBeVisible();
}

test("with WEATHER_PROVIDER=offline the week comes from the climate normals, in both languages", async ({ page, farmer, chatPage, sql }) => {
  await farmer.signIn(page);
  await chatPage.goto();
  await teaFarm(sql, farmer.email);
  await page.reload();
  await chatPage.waitReady();
  await openPanels(chatPage);
  const panel = weekPanel(page);
  await expect(panel.getByRole("heading", { name: "Bu həftə" })).toBeVisible();
  await expect(panel.getByTestId("weather-basis")).toHaveText("İqlim normaları");
  await expect(panel.getByText("Hava proqnozu bu serverdə söndürülüb")).toBeVisible();
  await expect(panel.getByText("Çay · Lənkəran · 2 ha")).toBeVisible();
  await expect(panel.locator('[data-figure="need"]')).toHaveText(/^≈ \d+ mm · [\d\s.,]+ m³$/);
  await page.keyboard.press("Escape");
  await chatPage.switchLanguage("en");
  await openPanels(chatPage);
  await expect(panel.getByRole("heading", { name: "This week" })).toBeVisible();
  await expect(panel.getByTestId("weather-basis")).toHaveText("Climate normals");
  await expect(panel.getByText("Tea · Lənkəran · 2 ha")).toBeVisible();
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, "mobile-weather-normals.png"), animations: "disabled" });

  // Offline, the app opens from the device's copy: the panel says it has no figures rather than showing old ones.
  await page.evaluate(async () => void (await navigator.serviceWorker.ready));
  await expect.poll(() => savedSessions(page)).toBe(1);
  await page.context().setOffline(true);
  try {
    await page.reload();
    await expect(page.getByTestId("saved-note")).toBeVisible();
    await openPanels(chatPage);
    await expect(panel.getByRole("status")).toHaveText(/^No connection: this week's figures come from the server/);
  } finally {
    await page.context().setOffline(false);
  }
});

test("with Open-Meteo's stand-in the week is the forecast's: rain, ET0 and the need; a new farm reloads it", async ({ page, farmer, chatPage, yonca }) => {
  const standIn = await startOpenMeteoStandIn({ et0: [5, 5, 5, 5, 5, 5, 5], rain: [0, 0, 3, 0, 0, 0, 0] });
  try {
    await yonca.restart({ WEATHER_PROVIDER: "open-meteo", WEATHER_URL: standIn.url });
    await farmer.signIn(page);
    await chatPage.goto();
    // The restarted app has its own database client (the `sql` fixture's belonged to the first).
    await teaFarm(yonca.app.database.sql, farmer.email);
    await page.reload();
    await chatPage.waitReady();
    await openPanels(chatPage);
    const panel = weekPanel(page);
    await expect(panel.getByTestId("weather-basis")).toHaveText("Proqnoz");
    await expect(panel.getByText("Open-Meteo hava proqnozu, növbəti 7 gün.")).toBeVisible();
    await expect(panel.locator('[data-figure="rain"]')).toHaveText("3 mm");
    await expect(panel.locator('[data-figure="et0"]')).toHaveText("35 mm");
    await expect(panel.locator('[data-figure="need"]')).toHaveText(/^≈ 32 mm · 640 m³$/);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, "mobile-weather-forecast.png"), animations: "disabled" });

    // The farm grows: the persona plugin's persona:updated makes the panel ask again (4 ha → twice the m³).
    const patched = await page.evaluate(async () => {
      const res = await fetch("/api/me/persona", { method: "PATCH", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify({ totalAreaHa: 4 }) });
      return res.status;
    });
    expect(patched).toBe(200);
    await expect(panel.getByText("Çay · Lənkəran · 4 ha")).toBeVisible();
    await expect(panel.locator('[data-figure="need"]')).toHaveText(/^≈ 32 mm · 1[\s.,]?280 m³$/);
  } finally {
    await yonca.restart({ WEATHER_PROVIDER: "offline" });
    await standIn.close();
  }
});
