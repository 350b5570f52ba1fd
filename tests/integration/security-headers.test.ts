import { afterAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";

/** The response headers: a CSP that allows only this origin, HSTS only over https. */
const apps: TestApp[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
});

async function app(env: Record<string, string> = {}): Promise<TestApp> {
  const t = await startTestApp({ oidc: false, env });
  apps.push(t);
  return t;
}

function directives(csp: string | null): Map<string, string[]> {
  return new Map(
    (csp ?? "")
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe("security headers", () => {
  it("the CSP lets the page reach only its own origin: connect-src 'self', images from 'self' and data:", async () => {
    const t = await app();
    for (const route of ["/", "/api/me"]) {
      const res = await fetch(`${t.url}${route}`);
      const csp = directives(res.headers.get("content-security-policy"));
      expect(csp.get("connect-src")).toEqual(["'self'"]);
      expect(csp.get("img-src")).toEqual(["'self'", "data:"]);
      expect(csp.get("default-src")).toEqual(["'self'"]);
      expect(csp.get("script-src")).toEqual(["'self'"]);
      expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
      expect(csp.has("upgrade-insecure-requests")).toBe(false); // plain http: nothing to upgrade to
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("sends no HSTS over plain http", async () => {
    const t = await app({ TRUST_PROXY: "loopback" });
    expect((await fetch(`${t.url}/api/me`)).headers.get("strict-transport-security")).toBeNull();
    expect((await fetch(`${t.url}/`)).headers.get("strict-transport-security")).toBeNull();
  });

  it("sends HSTS when the request came over https through a trusted proxy", async () => {
    const t = await app({ TRUST_PROXY: "loopback" });
    const res = await fetch(`${t.url}/api/me`, { headers: { "x-forwarded-proto": "https" } });
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });

  it("sends HSTS and upgrades insecure requests when PUBLIC_URL is https", async () => {
    const t = await app({ PUBLIC_URL: "https://yonca.example.org", DEV_LOGIN: "0" });
    const res = await fetch(`${t.url}/api/me`);
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(directives(res.headers.get("content-security-policy")).has("upgrade-insecure-requests")).toBe(true);
  });
});
