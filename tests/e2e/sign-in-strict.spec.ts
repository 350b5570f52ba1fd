import { expect, storedPersona, test, uniqueEmail } from "./fixtures.js";

// Google sign-in in Chromium against a strict, certified OpenID provider (oidc-provider): the token
// reaches userinfo only in the Authorization header, and the provider itself verifies PKCE.
test.use({ oidcProvider: "strict" });

test("Google sign-in against a strict OpenID provider shows the stored persona", async ({ page, yonca, sql, signInPage, chatPage }) => {
  const email = uniqueEmail("strict");
  yonca.strictOidc!.next = { sub: `sub-${email}`, email, name: "Səbinə Quliyeva", email_verified: true };
  yonca.strictOidc!.requests.length = 0;

  await signInPage.goto();
  await signInPage.googleButton.click();
  await chatPage.waitReady();

  const row = await storedPersona(sql, email);
  await expect(chatPage.personaName).toHaveText("Səbinə Quliyeva");
  await expect(chatPage.personaField("finCode")).toHaveText(row.fin_code);
  const userinfo = yonca.strictOidc!.requests.filter((r) => r.path === "/userinfo");
  expect(userinfo).toEqual([{ path: "/userinfo", tokenInQuery: false, bearer: true }]);
});

test("an unverified email is refused with a notice and no session", async ({ page, yonca, sql, signInPage }) => {
  const email = uniqueEmail("unverified");
  yonca.strictOidc!.next = { sub: `sub-${email}`, email, name: "X", email_verified: false };

  await signInPage.goto();
  await signInPage.googleButton.click();
  await expect(signInPage.notice).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  await expect(signInPage.googleButton).toBeVisible();
  expect(await sql`SELECT 1 FROM users WHERE email = ${email}`).toHaveLength(0);
  expect((await page.request.get("/api/me")).status()).toBe(401);
});
