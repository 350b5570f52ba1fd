import { expect, type Locator, type Page } from "@playwright/test";

export type PersonaFieldName = "finCode" | "region" | "cropType" | "totalAreaHa" | "experienceLevel" | "ektisVerified";

/** The signed-in screen: conversations, the conversation and the persona sidebar. */
export class ChatPage {
  readonly shell: Locator;
  readonly composer: Locator;
  readonly sendButton: Locator;
  readonly stopButton: Locator;
  readonly log: Locator;
  readonly userMessages: Locator;
  /** The text of the user's messages, without the visually hidden "You" heading. */
  readonly userBubbles: Locator;
  readonly assistantMessages: Locator;
  readonly persona: Locator;
  readonly personaName: Locator;
  readonly sourceBadge: Locator;
  readonly conversations: Locator;
  readonly newChatButton: Locator;
  readonly logoutButton: Locator;
  readonly banner: Locator;
  readonly openProfileButton: Locator;
  readonly openConversationsButton: Locator;

  constructor(readonly page: Page) {
    this.shell = page.locator(".app-shell");
    this.composer = page.locator("#composer-input");
    this.sendButton = page.getByRole("button", { name: /^(Göndər|Send)$/ });
    this.stopButton = page.getByRole("button", { name: /^(Dayandır|Stop)$/ });
    this.log = page.getByRole("log");
    this.userMessages = this.log.locator("article.message--user");
    this.userBubbles = this.userMessages.locator(".bubble");
    this.assistantMessages = this.log.locator("article.message--assistant");
    this.persona = page.locator("#side-panels");
    this.personaName = this.persona.locator('p[data-field="fullName"]');
    this.sourceBadge = page.getByTestId("persona-source");
    this.conversations = page.locator("#conversations-panel");
    this.newChatButton = page.getByRole("button", { name: /^(Yeni söhbət|New chat)$/ });
    this.logoutButton = page.getByRole("button", { name: /^(Çıxış|Log out)$/ });
    this.banner = page.locator(".banner");
    this.openProfileButton = page.getByRole("button", { name: /Fermer profilini aç|Open farmer profile/ });
    this.openConversationsButton = page.getByRole("button", { name: /Söhbətləri aç|Open conversations/ });
  }

  async goto() {
    await this.page.goto("/");
    await this.waitReady();
  }

  /** The socket is connected and session:ready has been rendered. */
  async waitReady() {
    await expect(this.shell).toHaveAttribute("data-connection", "ready", { timeout: 15_000 });
  }

  personaField(name: PersonaFieldName): Locator {
    return this.persona.locator(`.persona-field[data-field="${name}"] dd`);
  }

  async ask(text: string) {
    await this.composer.fill(text);
    await this.composer.press("Enter");
  }

  lastAssistant(): Locator {
    return this.assistantMessages.last();
  }

  assistantWithStatus(status: "streaming" | "complete" | "stopped" | "error"): Locator {
    return this.log.locator(`article.message--assistant[data-status="${status}"]`);
  }

  /** Waits until the reply streams with at least `minChars` of text, and returns that text. */
  async waitForPartialReply(minChars = 1): Promise<string> {
    const streaming = this.assistantWithStatus("streaming").locator(".markdown");
    let seen = "";
    await expect
      .poll(
        async () => {
          // One read per poll: the reply may finish between two reads.
          const texts = await streaming.allInnerTexts();
          seen = (texts[0] ?? "").trim();
          return seen.length;
        },
        { timeout: 15_000, intervals: [25] },
      )
      .toBeGreaterThanOrEqual(minChars);
    return seen;
  }

  async waitForCompleteReply(): Promise<Locator> {
    const done = this.assistantWithStatus("complete").last();
    await expect(done).toBeVisible({ timeout: 30_000 });
    return done;
  }

  async replyText(message: Locator): Promise<string> {
    return (await message.locator(".markdown").innerText()).trim();
  }

  async switchLanguage(to: "az" | "en") {
    await this.page.getByRole("button", { name: to === "en" ? "English" : "Azərbaycanca" }).click();
  }

  async editPersona(values: { region?: string; cropType?: string; totalAreaHa?: string; experienceLevel?: string }) {
    await this.persona.getByRole("button", { name: /^(Redaktə et|Edit)$/ }).click();
    const form = this.persona.getByRole("form");
    if (values.region) await form.locator('select[name="region"]').selectOption(values.region);
    if (values.cropType) await form.locator('select[name="cropType"]').selectOption(values.cropType);
    if (values.totalAreaHa !== undefined) await form.locator('input[name="totalAreaHa"]').fill(values.totalAreaHa);
    if (values.experienceLevel) await form.locator('select[name="experienceLevel"]').selectOption(values.experienceLevel);
    await form.getByRole("button", { name: /^(Yadda saxla|Save)$/ }).click();
  }
}
