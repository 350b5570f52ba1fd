import type { BrowserContext, CDPSession, Page } from "@playwright/test";
import { expect, test } from "./fixtures.js";
import { ChatPage } from "./pages/chat-page.js";

/**
 * Thin pipes: the bytes a farmer's phone moves to open the app, on a throttled link.
 * The page's own transfers are summed from Chromium's Network events (encodedDataLength: headers and
 * compressed body as they crossed the wire); what the service worker fetches to precache the shell is
 * counted too (Playwright reports a worker's requests on the context).
 */

const SLOW_LINK = { offline: false, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8, latency: 400 };
const FIRST_LOAD_BUDGET = 250 * 1024;
const REPEAT_VISIT_BUDGET = 10 * 1024;

interface Meter {
  pageBytes(): number;
  workerBytes(): Promise<number>;
  urls: Map<string, number>;
}

async function meter(context: BrowserContext, cdp: CDPSession): Promise<Meter> {
  const urls = new Map<string, number>();
  const requestUrl = new Map<string, string>();
  let page = 0;
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", SLOW_LINK);
  cdp.on("Network.requestWillBeSent", (e) => requestUrl.set(e.requestId, e.request.url));
  cdp.on("Network.loadingFinished", (e) => {
    page += e.encodedDataLength;
    const url = requestUrl.get(e.requestId) ?? e.requestId;
    urls.set(url, (urls.get(url) ?? 0) + e.encodedDataLength);
  });
  const fromWorker: Promise<number>[] = [];
  context.on("requestfinished", (request) => {
    if (!request.serviceWorker()) return;
    fromWorker.push(
      request.sizes().then((s) => {
        const bytes = s.responseBodySize + s.responseHeadersSize;
        urls.set(`sw:${request.url()}`, bytes);
        return bytes;
      }),
    );
  });
  return {
    urls,
    pageBytes: () => page,
    workerBytes: async () => (await Promise.all(fromWorker)).reduce((a, b) => a + b, 0),
  };
}

async function openThrottled(page: Page, m: ChatPage) {
  const started = Date.now();
  await page.goto("/");
  await m.waitReady();
  await expect(m.composer).toBeEditable();
  return Date.now() - started;
}

test("first load moves at most 250 KB on a slow link; a repeat visit comes from the service worker", async ({ page, context, farmer }, testInfo) => {
  test.setTimeout(120_000);
  await farmer.signIn(page);
  const cdp = await context.newCDPSession(page);
  const first = await meter(context, cdp);
  const chat = new ChatPage(page);
  const firstMs = await openThrottled(page, chat);
  // The service worker precaches the shell in the background: wait until it controls the page.
  await page.evaluate(async () => {
    if (await navigator.serviceWorker.getRegistration()) await navigator.serviceWorker.ready;
  });
  await page.waitForLoadState("networkidle");
  const firstBytes = first.pageBytes() + (await first.workerBytes());
  testInfo.annotations.push({ type: "first-load", description: `${firstBytes} bytes, interactive in ${firstMs} ms at 400 kbit/s, 400 ms RTT` });
  console.log(`first load: ${firstBytes} bytes (page ${first.pageBytes()}), interactive ${firstMs} ms`);
  for (const [url, bytes] of [...first.urls].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${bytes}\t${url}`);
  expect(firstBytes).toBeLessThanOrEqual(FIRST_LOAD_BUDGET);

  // A repeat visit: the shell comes from the service worker's cache; only the socket and data cross.
  const repeatPage = await context.newPage();
  const repeatCdp = await context.newCDPSession(repeatPage);
  const repeat = await meter(context, repeatCdp);
  const repeatMs = await openThrottled(repeatPage, new ChatPage(repeatPage));
  const repeatBytes = repeat.pageBytes() + (await repeat.workerBytes());
  testInfo.annotations.push({ type: "repeat-visit", description: `${repeatBytes} bytes, interactive in ${repeatMs} ms` });
  console.log(`repeat visit: ${repeatBytes} bytes, interactive ${repeatMs} ms`);
  for (const [url, bytes] of [...repeat.urls].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${bytes}\t${url}`);
  expect(repeatBytes).toBeLessThanOrEqual(REPEAT_VISIT_BUDGET);
});

test("the app is installable: Chromium finds nothing missing in its manifest, icons and service worker", async ({ page, context, farmer }) => {
  await farmer.signIn(page);
  const chat = new ChatPage(page);
  await chat.goto();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const cdp = await context.newCDPSession(page);
  const { url, data } = await cdp.send("Page.getAppManifest");
  expect(url).toMatch(/\/manifest\.webmanifest$/);
  const manifest = JSON.parse(data ?? "{}") as { display?: string; lang?: string; start_url?: string; icons?: { sizes: string; purpose?: string }[] };
  expect(manifest).toMatchObject({ display: "standalone", lang: "az", start_url: "/" });
  expect(manifest.icons?.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(["192x192 any", "512x512 any", "512x512 maskable"]);
  for (const icon of ["/pwa-192x192.png", "/pwa-512x512.png", "/maskable-icon-512x512.png"]) {
    expect((await page.request.get(icon)).headers()["content-type"], icon).toBe("image/png");
  }
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  // A Playwright context is an incognito profile, where Chromium never offers installing; nothing else may be missing.
  expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== "in-incognito")).toEqual([]);
});
