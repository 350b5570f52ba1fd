import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";

/** express's `trust proxy` value: false (trust none), true, a hop count, or addresses/CIDRs/names (loopback…). */
export type TrustProxy = boolean | number | string[];

/**
 * TRUST_PROXY as express reads it: "true"/"false", a hop count, or a comma list for proxy-addr
 * (`loopback`, `linklocal`, `uniquelocal`, addresses, CIDRs). Throws on a value proxy-addr refuses.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  if (raw === undefined || raw === "false") return false;
  if (raw === "true") return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const list = raw.split(",").map((s) => s.trim()).filter(Boolean);
  proxyaddr.compile(list);
  return list;
}

/** The same function express compiles for `trust proxy` (express/lib/utils.js compileTrust). */
export function compileTrust(value: TrustProxy): (address: string, hop: number) => boolean {
  if (value === true) return () => true;
  if (value === false) return () => false;
  if (typeof value === "number") return (_address, hop) => hop < value;
  return proxyaddr.compile(value);
}

/** The client's address as express's req.ip gives it: X-Forwarded-For is only read from trusted proxies. */
export function clientAddress(req: IncomingMessage, trust: (address: string, hop: number) => boolean): string {
  try {
    return proxyaddr(req, trust);
  } catch {
    return req.socket.remoteAddress ?? "unknown";
  }
}
