// What keeps the web UI safe to open: security headers with a script/style policy that allows only the page's
// own inline script and stylesheet (by hash), the bearer-token rule for writes, the cross-site and CSRF checks of
// the rating forms, and loopback detection.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';
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
 * `Authorization: Bearer <token>`; with no token configured, writes are refused outright. Paths for which
 * `checksItself` is true (the rating routes) are left to their own, stricter checks.
 */
export function requireTokenForWrites(
  token: string | null,
  checksItself: (path: string) => boolean = () => false,
): MiddlewareHandler {
  const expected = token === null ? null : Buffer.from(`Bearer ${token}`, 'utf8');
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || checksItself(c.req.path)) return next();
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

/**
 * Refuses a request another site made the browser send (ForbiddenError). `Sec-Fetch-Site`, which pages cannot
 * forge, decides when sent: only `same-origin` passes. (`Origin` is then `null` even from our own pages, since
 * they are served with `Referrer-Policy: no-referrer`.) Without it, `Origin`, when sent, must be this server's own
 * (the request's host) or the public URL's; `null` is refused. A client that sends neither (curl, a script) is
 * left to the CSRF token and the serve token.
 */
export function refuseCrossSite(c: Context, publicUrl: string | null): void {
  const fetchSite = c.req.header('Sec-Fetch-Site');
  if (fetchSite !== undefined && fetchSite !== 'same-origin') {
    throw new ForbiddenError(`${c.req.method} ${c.req.path}: refused a request sent from another site`, {
      hint: `the browser said Sec-Fetch-Site: ${fetchSite}; rate from paperwire's own pages`,
    });
  }
  if (fetchSite !== undefined) return;
  const origin = c.req.header('Origin');
  if (origin === undefined) return;
  const ownOrigins = [new URL(c.req.url).origin, publicUrl === null ? null : new URL(publicUrl).origin];
  const givenOrigin = URL.canParse(origin) ? new URL(origin).origin : 'null';
  if (!ownOrigins.includes(givenOrigin)) {
    throw new ForbiddenError(`${c.req.method} ${c.req.path}: refused a request sent from ${origin}`, {
      hint: "rate from paperwire's own pages (behind a proxy, set [web] public_url to the address readers open)",
    });
  }
}

/**
 * The token the rating forms carry against cross-site requests: an HMAC of a key made at random for this process,
 * so it is never the serve token and a page from before a restart is refused (reload it).
 */
export function createCsrfToken(): string {
  return createHmac('sha256', randomBytes(32)).update('paperwire rating form').digest('base64url');
}

/** Compares two texts in constant time (a token the request gave against the expected one). */
export function isSameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * True when the request carries the serve token: `Authorization: Bearer <token>` (scripts) or HTTP Basic with the
 * token as the password (what a browser asks the reader for, after a 401 with a Basic challenge).
 */
export function hasServeToken(c: Context, token: string): boolean {
  const header = c.req.header('Authorization') ?? '';
  if (header.startsWith('Bearer ')) return isSameSecret(header.slice('Bearer '.length), token);
  if (!header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && isSameSecret(decoded.slice(colon + 1), token);
}
