// The web UI and JSON API as one Hono app: security headers, the write-token rule, the routes, and one error
// handler that answers with the error page, or JSON under /api. A composition root: nothing imports it.
import { Hono, type Context } from 'hono';
import { formatError, isPaperwireError, redact } from '../errors.js';
import { renderErrorPage } from '../render/html.js';
import type { Store } from '../store/store.js';
import { DigestArchive, type FallbackTranslation } from './archive.js';
import { pathOf, readingModeOf } from './context.js';
import { NotFoundError, WebRequestError } from './errors.js';
import { apiRoutes } from './routes/api.js';
import { feedRoutes } from './routes/feeds.js';
import { pageRoutes } from './routes/pages.js';
import { requireTokenForWrites, securityHeaders } from './security.js';

export interface AppDeps {
  store: Store;
  /** Profile names from the config; their pages and feeds exist before their first digest. */
  profiles: string[];
  /** Writes need `Authorization: Bearer <token>`; null refuses every write. There are no write routes yet. */
  token: string | null;
  now: () => Date;
  /**
   * The language a paper no saved digest translated is shown in, from the store's translations, and the glossary
   * that translation is checked against; absent: none is shown.
   */
  fallbackTranslation?: FallbackTranslation;
  /** Where server errors (5xx) are reported; defaults to stderr. */
  log?: (line: string) => void;
}

/** The app; serve it with startServer (index.ts), or call `app.request()` in tests. */
export function createApp(deps: AppDeps): Hono {
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const routeDeps = {
    store: deps.store,
    archive: new DigestArchive(deps.store, deps.fallbackTranslation ?? null),
    profiles: deps.profiles,
    now: deps.now,
  };
  const app = new Hono();
  app.use('*', securityHeaders());
  app.use('*', requireTokenForWrites(deps.token));
  app.route('/', pageRoutes(routeDeps));
  app.route('/api', apiRoutes(routeDeps));
  app.route('/feeds', feedRoutes(routeDeps));
  app.notFound((c) => answerError(c, new NotFoundError(`nothing at ${new URL(c.req.url).pathname}`), log));
  app.onError((error, c) => answerError(c, error, log));
  return app;
}

function answerError(c: Context, error: unknown, log: (line: string) => void): Response {
  const status = error instanceof WebRequestError ? error.status : 500;
  if (status >= 500) log(formatError(error));
  const known = isPaperwireError(error);
  // A request's own mistake is told as is; a server failure says what failed without a stack.
  const message = redact(
    known ? error.message : `unexpected error: ${error instanceof Error ? error.message : String(error)}`,
  );
  const hint = known ? error.hint : null;
  const code = known ? error.code : 'E_INTERNAL';
  if (new URL(c.req.url).pathname.startsWith('/api/')) {
    return c.json({ error: { status, code, message, hint } }, status);
  }
  return c.html(
    renderErrorPage({ status, message, hint }, { mode: readingModeOf(c), path: pathOf(c) }),
    status,
  );
}
