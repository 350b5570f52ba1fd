import { expect, test } from "./fixtures.js";

test.use({ appEnv: { OFFLINE_PACE_MS: "0" } });

/**
 * The web renders `session:ready.panels` by kind through its plugin registry (web/src/plugins/registry.ts):
 * a kind no web plugin knows is skipped, and the page learns who is signed in from the socket, not from a
 * plugin's route.
 */
test("panels render by kind, an unknown kind is skipped, and no persona route is asked on load", async ({ page, farmer, chatPage }) => {
  await farmer.signIn(page);
  const httpPaths: string[] = [];
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (/^\/(api|auth)\//.test(pathname)) httpPaths.push(pathname);
  });
  // Between the page and the real server: add a panel of a kind no web plugin renders.
  let injected = false;
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((message) => {
      if (typeof message === "string" && message.startsWith('42["session:ready"')) {
        const [event, payload] = JSON.parse(message.slice(2)) as [string, { panels: unknown[] }];
        payload.panels = [{ kind: "no-such-kind", data: { anything: true } }, ...payload.panels];
        injected = true;
        ws.send(`42${JSON.stringify([event, payload])}`);
      } else {
        ws.send(message);
      }
    });
  });

  await chatPage.goto();
  expect(injected).toBe(true);
  await expect(page.locator('#side-panels [data-panel-kind="persona"]')).toHaveCount(1);
  await expect(chatPage.personaField("finCode")).toBeVisible();
  await expect(page.locator('[data-panel-kind="no-such-kind"]')).toHaveCount(0);

  // The chat goes on: an answer with the advisor's decoration (its sources) under it.
  await chatPage.ask("Pambıq üçün suvarma nə vaxt lazımdır?");
  const reply = await chatPage.waitForCompleteReply();
  await expect(reply.getByRole("region", { name: "Mənbələr" })).toBeVisible();

  expect(httpPaths.filter((p) => p.startsWith("/api/me"))).toEqual([]);
});
