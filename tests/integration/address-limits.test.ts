import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressKey } from "../../server/http/limits.js";
import { startTestApp, type TestApp } from "../helpers/app.js";

/**
 * An IPv6 client picks any address of its /64, so per-address limits key on the /64;
 * and a flood of handshakes without a session leaves no row in PostgreSQL.
 */
async function handshake(url: string, forwardedFor: string): Promise<number> {
  const res = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { "x-forwarded-for": forwardedFor } });
  await res.arrayBuffer();
  return res.status;
}

describe("addressKey", () => {
  it("keys IPv6 on the /64, IPv4 (and IPv4-mapped IPv6) on the address", () => {
    expect(addressKey("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:0db8:0001:0002:ffff:eeee:dddd:cccc")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(addressKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("unknown")).toBe("unknown");
  });
});

describe("TRUST_PROXY=loopback, HANDSHAKES_PER_IP_PER_MIN=5", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ oidc: false, env: { TRUST_PROXY: "loopback", HANDSHAKES_PER_IP_PER_MIN: "5", LOG_LEVEL: "warn" } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("counts every address of one IPv6 /64 together, another /64 apart", async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 8; i++) statuses.push(await handshake(t.url, `2001:db8:1:2::${i.toString(16)}`));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 403, 403, 403]);
    expect(await handshake(t.url, "2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe(403);
    expect(await handshake(t.url, "2001:db8:1:3::1")).toBe(200);
  });

  it("leaves no rate_limits row for handshakes without a session, however many addresses", async () => {
    for (let i = 0; i < 20; i++) await handshake(t.url, `198.51.100.${i + 1}`);
    expect(await t.app.database.sql`SELECT key FROM rate_limits WHERE key LIKE 'handshake:%'`).toEqual([]);
  });
});
