// The web UI and JSON API as one Hono app: security headers, the write-token rule, the routes, and one error
// handler that answers with the error page, or JSON under /api. A composition root: nothing imports it.
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { formatError, isPaperwireError, redact } from '../errors.js';
import { loadGlossary } from '../enrich/glossary/glossary.js';
import { stripControls, type Lang } from '../model.js';
import { renderErrorPage } from '../render/html/index.js';
import type { Store } from '../store/store.js';
import { DigestArchive, type FallbackTranslation } from './archive.js';
import { pathOf, readingModeOf } from './context.js';
import { NotFoundError, WebRequestError } from './errors.js';
import { apiRoutes } from './routes/api.js';
import { feedRoutes } from './routes/feeds.js';
import { pageRoutes } from './routes/pages.js';
import { isRatingPath, ratingRoutes } from './routes/ratings.js';
import { trendRoutes } from './routes/trend.js';
import { createCsrfToken, requireTokenForWrites, securityHeaders } from './security.js';

export interface AppDeps {
  store: Store;
  /** Profile names from the config; their pages and feeds exist before their first digest. */
  profiles: string[];
  /**
   * Writes need `Authorization: Bearer <token>`; null refuses every write. The rating buttons need it too (or HTTP
   * Basic with it as the password) unless `isLoopback`.
   */
  token: string | null;
  /** True when the server is bound to a loopback address: rating needs no token then. Absent: false. */
  isLoopback?: boolean;
  /** The home's rating key (rating-links.ts), for signed e-mail links; absent or null: such links are refused. */
  ratingKey?: Buffer | null;
  /** `[web] public_url`, whose origin counts as this server's own for the cross-site check; absent: none. */
  publicUrl?: string | null;
  /** The store was opened read-only (docs/store.md, "A read-only store"): ratings are refused; absent: false. */
  isStoreReadOnly?: boolean;
  now: () => Date;
  /**
   * The language a paper no saved digest translated is shown in, from the store's translations, and the glossary
   * that translation is checked against; absent: none is shown.
   */
  fallbackTranslation?: FallbackTranslation;
  /**
   * The fallback translation in a language the reader chose (`?lang=` on a query's feed), with the user's glossary;
   * absent: that language's built-in glossary.
   */
  fallbackTranslationIn?: (lang: Lang) => FallbackTranslation;
  /** Where server errors (5xx) are reported; defaults to stderr. */
  log?: (line: string) => void;
}

/** The app; serve it with startServer (index.ts), or call `app.request()` in tests. */
export function createApp(deps: AppDeps): Hono {
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const translationIn =
    deps.fallbackTranslationIn ??
    ((lang: Lang): FallbackTranslation => ({ lang, glossary: loadGlossary(lang) }));
  // Each archive caches the digests it parsed: one per language asked, kept for the server's life (a few languages).
  const archives = new Map<Lang, DigestArchive>();
  const routeDeps = {
    store: deps.store,
    archive: new DigestArchive(deps.store, deps.fallbackTranslation ?? null),
    archiveIn: (lang: Lang): DigestArchive => {
      const archive = archives.get(lang) ?? new DigestArchive(deps.store, translationIn(lang));
      archives.set(lang, archive);
      return archive;
    },
    profiles: deps.profiles,
    now: deps.now,
    rating: {
      isLoopback: deps.isLoopback ?? false,
      token: deps.token,
      csrfToken: createCsrfToken(),
      ratingKey: deps.ratingKey ?? null,
      publicUrl: deps.publicUrl ?? null,
      isStoreReadOnly: deps.isStoreReadOnly ?? false,
    },
  };
  const app = new Hono();
  app.use('*', securityHeaders());
  app.use('*', requireTokenForWrites(deps.token, isRatingPath));
  app.route('/', pageRoutes(routeDeps));
  app.route('/', ratingRoutes(routeDeps));
  app.route('/', trendRoutes(routeDeps));
  app.route('/api', apiRoutes(routeDeps));
  app.route('/feeds', feedRoutes(routeDeps));
  app.notFound((c) => answerError(c, new NotFoundError(`nothing at ${new URL(c.req.url).pathname}`), log));
  app.onError((error, c) => answerError(c, error, log));
  return app;
}

function answerError(c: Context, error: unknown, log: (line: string) => void): Response {
  const answer =
    error instanceof WebRequestError ? describeRequestError(error) : describeFailure(c, error, log);
  if (new URL(c.req.url).pathname.startsWith('/api/')) {
    // The API's error keeps its documented keys; a server failure adds the request id.
    const { requestId, ...rest } = answer;
    return c.json({ error: requestId === null ? rest : { ...rest, requestId } }, answer.status);
  }
  return c.html(renderErrorPage(answer, { mode: readingModeOf(c), path: pathOf(c) }), answer.status);
}

interface ErrorAnswer {
  status: WebRequestError['status'] | 500;
  code: string;
  message: string;
  hint: string | null;
  /** Set for a server failure: the id its log line carries. */
  requestId: string | null;
}

/** A request's own mistake is told as it is. */
function describeRequestError(error: WebRequestError): ErrorAnswer {
  return {
    status: error.status,
    code: error.code,
    // The message may quote a parameter as sent (`got "…"`): no control character reaches the page.
    message: redact(stripControls(error.message)),
    hint: error.hint === null ? null : stripControls(error.hint),
    requestId: null,
  };
}

/**
 * A server failure can name files (the database's path) and inner state: the reader gets a generic message and
 * an id to quote; the log gets the details under that id, redacted.
 */
function describeFailure(c: Context, error: unknown, log: (line: string) => void): ErrorAnswer {
  const requestId = randomUUID().slice(0, 8);
  log(stripControls(`${formatError(error)} [request ${requestId}: ${c.req.method} ${redact(pathOf(c))}]`));
  return {
    status: 500,
    code: isPaperwireError(error) ? error.code : 'E_INTERNAL',
    message: `the server could not answer this request (request ${requestId})`,
    hint: 'the details are in the server log under this request id',
    requestId,
  };
}
