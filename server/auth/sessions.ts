import type { RequestHandler } from "express";
import { parse as parseCookies } from "cookie";
import { unsign } from "cookie-signature";
import session from "express-session";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { PostgresSessionStore } from "./session-store.js";

export const SESSION_COOKIE = "yonca.sid";
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

/** Who is signed in: kept in the session itself so that a socket handshake needs no query beyond the session. */
export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

declare module "express-session" {
  interface SessionData {
    passport?: { user?: SessionUser };
  }
}

export function createSessionMiddleware(config: Config, database: Database): { middleware: RequestHandler; store: PostgresSessionStore } {
  const store = new PostgresSessionStore(database.sql, SESSION_TTL_MS);
  const middleware = session({
    name: SESSION_COOKIE,
    secret: config.sessionSecrets, // the first signs, all verify: rotation without signing everybody out
    store,
    resave: false,
    saveUninitialized: false,
    rolling: false,
    proxy: true,
    cookie: {
      httpOnly: true,
      sameSite: "lax",
      secure: config.publicUrl.startsWith("https://"),
      maxAge: SESSION_TTL_MS,
      path: "/",
    },
  });
  return { middleware, store };
}

/**
 * The session id of the request's session cookie, when its signature verifies against one of `secrets`
 * (the first signs, all verify: express-session's own format, `s:` + id + `.` + HMAC, read the way it reads it).
 */
export function sessionIdFromCookie(header: string | undefined, secrets: string[]): string | undefined {
  if (!header) return undefined;
  const raw = parseCookies(header)[SESSION_COOKIE];
  if (!raw?.startsWith("s:")) return undefined;
  for (const secret of secrets) {
    const id = unsign(raw.slice(2), secret);
    if (id !== false) return id;
  }
  return undefined;
}
