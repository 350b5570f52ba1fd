import { createServer, type Server } from "node:http";
import Provider, { type Configuration } from "oidc-provider";
import type { Identity } from "./app.js";
import { freePort } from "./ports.js";

/**
 * A strict, certified OpenID Provider (panva's `oidc-provider`) standing in for Google: it accepts the
 * access token at userinfo only in the Authorization header (RFC 6750 §2.3: never in the query), requires
 * PKCE and verifies the code_verifier, and checks the exact redirect_uri and the client secret. The login
 * screen is replaced by an interaction that signs in whoever `next` names; consent is given for what the
 * client asks (a first-party client, as Google treats an already consented app).
 */
export interface StrictOpenIdProvider {
  issuerUrl: string;
  next: Omit<Identity, "email_verified"> & { email_verified?: boolean | string | number };
  env: Record<string, string>;
  /** Requests the provider answered, path and whether a token came in the query (for assertions). */
  requests: { path: string; tokenInQuery: boolean; bearer: boolean }[];
  stop(): Promise<void>;
}

export const STRICT_CLIENT = { id: "yonca-strict-client", secret: "yonca-strict-secret-0123456789abcdef" };

export async function startStrictOpenIdProvider(options: { redirectUri: string }): Promise<StrictOpenIdProvider> {
  const port = await freePort();
  const issuerUrl = `http://127.0.0.1:${port}`;
  const state: StrictOpenIdProvider = {
    issuerUrl,
    next: { sub: "strict-sub-1", email: "strict@example.az", name: "Strict Farmer", email_verified: true },
    env: {
      GOOGLE_CLIENT_ID: STRICT_CLIENT.id,
      GOOGLE_CLIENT_SECRET: STRICT_CLIENT.secret,
      GOOGLE_AUTHORIZATION_URL: `${issuerUrl}/auth`,
      GOOGLE_TOKEN_URL: `${issuerUrl}/token`,
      GOOGLE_USERINFO_URL: `${issuerUrl}/userinfo`,
    },
    requests: [],
    stop: async () => {},
  };

  // Claims are taken from `next` when the account is looked up (at userinfo), so a test can change it per sign-in.
  const accounts = new Map<string, StrictOpenIdProvider["next"]>();
  const configuration: Configuration = {
    clients: [
      {
        client_id: STRICT_CLIENT.id,
        client_secret: STRICT_CLIENT.secret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    pkce: { required: () => true },
    // passport-google-oauth20 reads the OpenID profile format from a URL ending in /userinfo (Google's own path).
    routes: { userinfo: "/userinfo" },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ["strict-oidc-test-cookie-key"] },
    // Explicit lifetimes (seconds): the provider otherwise prints a notice per artifact kind.
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    async findAccount(_ctx, sub) {
      const identity = accounts.get(sub);
      if (!identity) return undefined;
      return {
        accountId: sub,
        async claims() {
          const claims: Record<string, unknown> = { sub, email: identity.email, name: identity.name };
          if (identity.email_verified !== undefined) claims.email_verified = identity.email_verified;
          return claims as { sub: string };
        },
      };
    },
    // Consent as a first-party app: grant what the client asked for.
    async loadExistingGrant(ctx) {
      const session = ctx.oidc.session!;
      const clientId = ctx.oidc.client!.clientId;
      const grantId = session.grantIdFor(clientId);
      const grant = grantId
        ? await ctx.oidc.provider.Grant.find(grantId)
        : new ctx.oidc.provider.Grant({ clientId, accountId: session.accountId! });
      if (!grant) return undefined;
      grant.addOIDCScope(String(ctx.oidc.params!.scope ?? "openid"));
      await grant.save();
      session.ensureClientContainer(clientId);
      session.grantIdFor(clientId, grant.jti);
      return grant;
    },
  };
  const provider = new Provider(issuerUrl, configuration);
  const handle = provider.callback();

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", issuerUrl);
    state.requests.push({
      path: url.pathname,
      tokenInQuery: url.searchParams.has("access_token"),
      bearer: /^Bearer /i.test(req.headers.authorization ?? ""),
    });
    if (url.pathname.startsWith("/interaction/")) {
      // The login screen: whoever `next` names signs in.
      const identity = { ...state.next };
      accounts.set(identity.sub, identity);
      provider
        .interactionFinished(req, res, { login: { accountId: identity.sub } }, { mergeWithLastSubmission: false })
        .catch((error: Error) => {
          res.statusCode = 400;
          res.end(error.message);
        });
      return;
    }
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  state.stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
