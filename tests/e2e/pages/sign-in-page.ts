import type { Locator, Page } from "@playwright/test";

/** The sign-in screen, in either language. */
export class SignInPage {
  readonly heading: Locator;
  readonly googleButton: Locator;
  readonly devForm: Locator;
  readonly emailInput: Locator;
  readonly nameInput: Locator;
  readonly submitButton: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: /Xoş gəlmisiniz|Welcome/ });
    this.googleButton = page.getByRole("link", { name: /Google ilə daxil olun|Sign in with Google/ });
    this.devForm = page.getByRole("region", { name: /Yerli inkişaf üçün giriş|Local development sign-in/ });
    this.emailInput = page.getByLabel(/^(E-poçt|Email)$/);
    this.nameInput = page.getByLabel(/^(Ad \(istəyə görə\)|Name \(optional\))$/);
    this.submitButton = page.getByRole("button", { name: /^(Daxil ol|Sign in)$/ });
    this.notice = page.getByRole("alert");
  }

  async goto(path = "/") {
    await this.page.goto(path);
  }

  async signInWithDevForm(email: string, name?: string) {
    await this.emailInput.fill(email);
    if (name) await this.nameInput.fill(name);
    await this.submitButton.click();
  }
}
