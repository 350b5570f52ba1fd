import { randomBytes } from "node:crypto";
import { test as base, expect, type Locator, type Page } from "@playwright/test";
import postgres from "postgres";
import type { Sql } from "postgres";
import { startTestApp, type TestApp } from "../helpers/app.js";
import type { TestDatabase } from "../helpers/db.js";
import { ChatPage } from "./pages/chat-page.js";
import { SignInPage } from "./pages/sign-in-page.js";

/** One database per worker on the run's PostgreSQL server (see global-setup.ts). */
async function createWorkerDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.E2E_ADMIN_DATABASE_URL;
  if (!adminUrl) throw new Error("E2E_ADMIN_DATABASE_URL is not set: run through playwright.config.ts");
  const name = `yonca_e2e_${randomBytes(5).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}

export interface Farmer {
  email: string;
  /** Signs the page's browser context in through dev login (the context's cookies are shared by its pages). */
  signIn(page: Page): Promise<void>;
}

interface WorkerFixtures {
  /** Extra server environment for this worker's app; a file that changes it gets its own worker. */
  appEnv: Record<string, string>;
  /** Which local OpenID provider stands in for Google: the mock, or the strict oidc-provider. */
  oidcProvider: "mock" | "strict";
  yonca: TestApp;
}

interface TestFixtures {
  sql: Sql;
  farmer: Farmer;
  signInPage: SignInPage;
  chatPage: ChatPage;
}

export function uniqueEmail(label = "farmer"): string {
  return `${label}-${randomBytes(5).toString("hex")}@e2e.yonca.test`;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  // A slow offline model, so that a reply can be watched while it streams.
  appEnv: [{ OFFLINE_PACE_MS: "40" }, { scope: "worker", option: true }],
  oidcProvider: ["mock", { scope: "worker", option: true }],
  yonca: [
    async ({ appEnv, oidcProvider }, use) => {
      const db = await createWorkerDatabase();
      const app = await startTestApp({ db, oidc: oidcProvider === "strict" ? "strict" : true, env: { CHAT_RATE_LIMIT_PER_MIN: "200", ...appEnv } });
      await use(app);
      await app.close();
      await db.drop();
    },
    { scope: "worker", timeout: 120_000 },
  ],
  baseURL: async ({ yonca }, use) => {
    await use(yonca.url);
  },
  sql: async ({ yonca }, use) => {
    await use(yonca.app.database.sql);
  },
  farmer: async ({ yonca }, use, testInfo) => {
    const email = uniqueEmail();
    const logsFrom = yonca.logs.length;
    await use({
      email,
      async signIn(page) {
        const res = await page.request.post(`${yonca.url}/auth/dev-login`, { data: { email } });
        expect(res.status()).toBe(204);
      },
    });
    // A failure prints what the app logged meanwhile (no emails, tokens or message text: tests/integration/privacy.test.ts).
    if (testInfo.status !== testInfo.expectedStatus) {
      const lines = yonca.logs.slice(logsFrom).slice(-80).join("\n");
      await testInfo.attach("app-log", { body: lines, contentType: "text/plain" });
      console.error(`app log during "${testInfo.title}":\n${lines}`);
    }
  },
  signInPage: async ({ page }, use) => {
    await use(new SignInPage(page));
  },
  chatPage: async ({ page }, use) => {
    await use(new ChatPage(page));
  },
});

export { expect };

/** The stored persona row, as operators see it with SQL. */
export async function storedPersona(sql: Sql, email: string) {
  const [row] = await sql<
    {
      full_name: string;
      fin_code: string;
      region: string;
      crop_type: string;
      total_area_ha: string;
      experience_level: string;
      ektis_verified: boolean;
      data_source: string;
    }[]
  >`SELECT full_name, fin_code, region, crop_type, total_area_ha::text, experience_level, ektis_verified, data_source
      FROM alem_personas WHERE email = ${email.toLowerCase()}`;
  if (!row) throw new Error(`no persona stored for ${email}`);
  return row;
}

/**
 * The reply on screen is the stored one: its message row is complete, and a reload (which renders the stored
 * text) shows the same single answer. For replies the page assembled across a reload or a dropped link.
 */
export async function expectReplyStoredAsShown(chatPage: ChatPage, sql: Sql, reply: Locator): Promise<void> {
  const streamed = await chatPage.replyText(reply);
  const messageId = await reply.getAttribute("data-message-id");
  const [stored] = await sql<{ status: string }[]>`SELECT status FROM messages WHERE id = ${messageId!}`;
  expect(stored?.status).toBe("complete");
  await chatPage.page.reload();
  await chatPage.waitReady();
  await expect(chatPage.assistantMessages).toHaveCount(1);
  expect(await chatPage.replyText(chatPage.assistantMessages.first())).toBe(streamed);
}
