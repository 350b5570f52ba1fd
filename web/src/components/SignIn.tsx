import { useEffect, useId, useState, type FormEvent } from "react";
import { useI18n, type MessageKey } from "../i18n.js";
import { ApiError, devLogin, getProviders, type Providers } from "../lib/api.js";
import { BrandMark } from "./BrandMark.js";
import { LanguageSwitch } from "./LanguageSwitch.js";

function errorFromUrl(): MessageKey | null {
  const params = new URLSearchParams(window.location.search);
  const error = params.get("error");
  if (!error) return null;
  // Shown once: a reload after reading it should not repeat the message.
  params.delete("error");
  const rest = params.toString();
  window.history.replaceState(null, "", window.location.pathname + (rest ? `?${rest}` : "") + window.location.hash);
  if (/denied|cancel/i.test(error)) return "signInCancelled";
  if (/state|expired/i.test(error)) return "signInExpired";
  return "signInFailed";
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Why the farmer is on the sign-in screen, when a session just ended. */
export type SignInNotice = "signedOut" | "signedOutElsewhere" | "sessionExpired" | "accountDeleted";

export function SignIn({ notice, onSignedIn }: { notice?: SignInNotice; onSignedIn(): void }) {
  const { t } = useI18n();
  const [providers, setProviders] = useState<Providers | null>(null);
  const [urlError] = useState(errorFromUrl);
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [formError, setFormError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const emailId = useId();
  const nameId = useId();
  const errorId = useId();

  useEffect(() => {
    getProviders()
      .then(setProviders)
      .catch(() => setProviders({ google: true, devLogin: false }));
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = email.trim();
    if (!EMAIL.test(trimmed)) {
      setFormError("invalidEmail");
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      await devLogin(trimmed, name.trim() || undefined);
      onSignedIn();
    } catch (error) {
      setFormError(error instanceof ApiError && error.status === 400 ? "invalidEmail" : "signInFailed");
      setBusy(false);
    }
  }

  const message = urlError ?? notice ?? null;
  const nothingEnabled = providers && !providers.google && !providers.devLogin;

  return (
    <div className="signin">
      <div className="signin-top">
        <LanguageSwitch />
      </div>
      <main className="signin-card" aria-labelledby="signin-title">
        <div className="signin-brand">
          <BrandMark size={44} />
          <span className="signin-wordmark">{t("appName")}</span>
        </div>
        <h1 id="signin-title" className="signin-title">
          {t("signInTitle")}
        </h1>
        <p className="signin-tagline">{t("tagline")}</p>
        <p className="signin-lead">{t("signInLead")}</p>

        {message && (
          <p className="notice" role="alert" data-notice={message}>
            {t(message)}
          </p>
        )}

        {providers === null ? (
          <div className="signin-placeholder" aria-hidden="true" />
        ) : (
          <>
            {providers.google && (
              <a className="button button--google" href="/auth/google">
                <GoogleLogo />
                <span>{t("signInWithGoogle")}</span>
              </a>
            )}
            {nothingEnabled && <p className="notice">{t("noSignInMethod")}</p>}
            {providers.devLogin && (
              <section className="devlogin" aria-labelledby="devlogin-title">
                <h2 id="devlogin-title" className="devlogin-title">
                  <span className="tag tag--dev">DEV</span> {t("devLoginTitle")}
                </h2>
                <p className="devlogin-note">{t("devLoginNote")}</p>
                <form onSubmit={submit} noValidate>
                  <div className="field">
                    <label htmlFor={emailId}>{t("email")}</label>
                    <input
                      id={emailId}
                      type="email"
                      name="email"
                      autoComplete="email"
                      required
                      value={email}
                      onChange={(e) => setEmail(e.target.value)}
                      aria-invalid={formError === "invalidEmail" || undefined}
                      aria-describedby={formError ? errorId : undefined}
                    />
                  </div>
                  <div className="field">
                    <label htmlFor={nameId}>{t("nameOptional")}</label>
                    <input id={nameId} type="text" name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
                  </div>
                  {formError && (
                    <p id={errorId} className="field-error" role="alert">
                      {t(formError)}
                    </p>
                  )}
                  <button type="submit" className="button button--dev button--block" disabled={busy}>
                    {busy ? t("signingIn") : t("signIn")}
                  </button>
                </form>
              </section>
            )}
          </>
        )}
      </main>
    </div>
  );
}

function GoogleLogo() {
  return (
    <svg width="18" height="18" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <path fill="#FFC107" d="M43.6 20.5H42V20H24v8h11.3C33.7 32.7 29.2 36 24 36c-6.6 0-12-5.4-12-12s5.4-12 12-12c3.1 0 5.8 1.2 7.9 3.1l5.7-5.7C34 6.1 29.3 4 24 4 12.9 4 4 12.9 4 24s8.9 20 20 20 20-8.9 20-20c0-1.3-.1-2.4-.4-3.5z" />
      <path fill="#FF3D00" d="M6.3 14.7l6.6 4.8C14.7 15.1 19 12 24 12c3.1 0 5.8 1.2 7.9 3.1l5.7-5.7C34 6.1 29.3 4 24 4 16.3 4 9.7 8.3 6.3 14.7z" />
      <path fill="#4CAF50" d="M24 44c5.2 0 9.9-2 13.4-5.2l-6.2-5.2C29.2 35.1 26.7 36 24 36c-5.2 0-9.6-3.3-11.3-8l-6.5 5C9.5 39.6 16.2 44 24 44z" />
      <path fill="#1976D2" d="M43.6 20.5H42V20H24v8h11.3c-.8 2.2-2.2 4.2-4.1 5.6l6.2 5.2C37 39.2 44 34 44 24c0-1.3-.1-2.4-.4-3.5z" />
    </svg>
  );
}
