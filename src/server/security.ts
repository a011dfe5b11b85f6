// What keeps the web UI safe to open: security headers with a script/style policy that allows only the page's
// own inline script and stylesheet (by hash), the bearer-token rule for writes, and loopback detection.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { MiddlewareHandler } from 'hono';
import { PAGE_CSS, PAGE_SCRIPT } from '../render/html/index.js';
import { ForbiddenError, UnauthorizedError } from './errors.js';

function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * CSP Level 3: nothing loads but the page itself; the one inline script and stylesheet are allowed by their
 * hashes, so no 'unsafe-inline' and no 'unsafe-eval'. An injected <script> or on* attribute would not run.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src ${sha256Source(PAGE_SCRIPT)}`,
  `style-src ${sha256Source(PAGE_CSS)}`,
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every answer, pages, API, feeds and errors alike. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('X-Frame-Options', 'DENY');
    c.res.headers.set('Referrer-Policy', 'no-referrer');
    c.res.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-cache');
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every request that could change something (any method but GET, HEAD, OPTIONS) needs
 * `Authorization: Bearer <token>`; with no token configured, writes are refused outright.
 */
export function requireTokenForWrites(token: string | null): MiddlewareHandler {
  const expected = token === null ? null : Buffer.from(`Bearer ${token}`, 'utf8');
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    if (expected === null) {
      throw new ForbiddenError(`${c.req.method} ${c.req.path}: this server takes no writes`, {
        hint: 'start it with --token or PAPERWIRE_SERVE_TOKEN to allow authorized writes',
      });
    }
    const given = Buffer.from(c.req.header('Authorization') ?? '', 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="paperwire"');
      throw new UnauthorizedError(`${c.req.method} ${c.req.path} needs "Authorization: Bearer <token>"`, {
        hint: 'send the token the server was started with',
      });
    }
    return next();
  };
}

/** True for names and addresses that only this machine can reach: localhost, 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare.startsWith('::ffff:127.');
  return false;
}
