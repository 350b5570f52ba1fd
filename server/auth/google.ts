import { Passport } from "passport";
import { Strategy as GoogleStrategy, type Profile, type VerifyCallback } from "passport-google-oauth20";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import type { Logger } from "../logger.js";
import type { SessionUser } from "./sessions.js";
import { upsertUser } from "./users.js";
import { stripControlCharacters } from "../validation.js";

/**
 * passport with the real Google strategy: `state` and PKCE (S256) kept in the session, scopes
 * `profile email`. In tests the endpoints point at a local OpenID provider (GOOGLE_*_URL).
 */
export function createPassport(config: Config, database: Database, logger: Logger): InstanceType<typeof Passport> {
  const passport = new Passport();
  passport.serializeUser<SessionUser>((user, done) => done(null, user as SessionUser));
  passport.deserializeUser<SessionUser>((user, done) => done(null, user));

  if (config.google) {
    const strategy = new GoogleStrategy(
      {
        clientID: config.google.clientId,
        clientSecret: config.google.clientSecret,
        callbackURL: `${config.publicUrl}/auth/google/callback`,
        authorizationURL: config.google.authorizationUrl,
        tokenURL: config.google.tokenUrl,
        userProfileURL: config.google.userInfoUrl,
        // openid: a strict OpenID Provider serves userinfo only to tokens with it (Google accepts it too)
        scope: ["openid", "profile", "email"],
        state: true,
        pkce: true,
      },
      (_accessToken: string, _refreshToken: string, profile: Profile, done: VerifyCallback) => {
        const email = profile.emails?.find((e) => e.value)?.value;
        const verified = (profile._json as { email_verified?: unknown } | undefined)?.email_verified;
        if (!email) return done(null, false, { message: "no_email" });
        // Fail closed: only an explicit true (Google has sent both the boolean and the string) signs in.
        if (verified !== true && verified !== "true") return done(null, false, { message: "email_not_verified" });
        upsertUser(database.sql, {
          email,
          name: stripControlCharacters(profile.displayName ?? "").trim() || null,
          googleSub: profile.id,
          avatarUrl: profile.photos?.[0]?.value ?? null,
        }).then(
          (user) => done(null, { id: user.id, email: user.email, name: user.name }),
          (error: Error) => {
            logger.error({ code: (error as { code?: string }).code }, "could not store the signed-in user");
            done(error);
          },
        );
      },
    );
    // The access token goes to userinfo in the Authorization header, never in the URL (RFC 6750 §2.3):
    // URLs end up in logs, and strict providers refuse a token in the query.
    (strategy as unknown as { _oauth2: { useAuthorizationHeaderforGET(use: boolean): void } })._oauth2.useAuthorizationHeaderforGET(true);
    passport.use("google", strategy);
  }
  return passport;
}
