import type { RequestHandler } from "express";
import helmet from "helmet";
import type { Config } from "../config.js";

/**
 * Response headers (helmet). The CSP allows only this origin: Socket.IO connects to it (CSP3 'self'
 * covers ws:/wss: of the same host), fonts are bundled, images are ours or data: URLs. HSTS only where
 * https is in use — over plain http it would be meaningless at best.
 */
export function securityHeaders(config: Config): RequestHandler[] {
  const https = config.publicUrl.startsWith("https://");
  const hsts = helmet.strictTransportSecurity({ maxAge: 31_536_000, includeSubDomains: true });
  return [
    helmet({
      contentSecurityPolicy: {
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'"],
          "style-src": ["'self'", "'unsafe-inline'"],
          "img-src": ["'self'", "data:"],
          "font-src": ["'self'", "data:"],
          "connect-src": ["'self'"],
          "frame-ancestors": ["'none'"],
          "form-action": ["'self'", new URL(config.google?.authorizationUrl ?? config.publicUrl).origin],
          "upgrade-insecure-requests": https ? [] : null,
        },
      },
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: false,
    }),
    (req, res, next) => (https || req.secure ? hsts(req, res, next) : next()),
  ];
}
