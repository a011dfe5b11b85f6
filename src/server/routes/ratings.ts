// The rating routes: `POST /ratings` from the buttons on digest and paper pages, and the signed links of e-mails
// (`GET /rate/<id>/<kind>?t=&sig=` shows a page to confirm, `POST` there rates). A GET never changes anything.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isArxivId, RATINGS, type Paper, type RatingKind } from '../../model.js';
import { renderRatingConfirmPage } from '../../render/html/index.js';
import { paperPath } from '../../render/html/urls.js';
import { isValidRatingSignature, RATING_LINK_DAYS } from '../../rating-links.js';
import { pathOf, readingModeOf, toSameSitePath, type RouteDeps } from '../context.js';
import {
  BadRequestError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
} from '../errors.js';
import { hasServeToken, isSameSecret, refuseCrossSite } from '../security.js';

/** The paths these routes answer, which check their own authority rather than the bearer-token rule's. */
export function isRatingPath(path: string): boolean {
  return path === '/ratings' || path.startsWith('/rate/');
}

/**
 * The most a rating form's body may hold: its four fields (id, kind, the form token, the page to go back to) take a
 * few hundred bytes. Read whole, a 400 MB body took the server to 1.6 GB.
 */
const MAX_RATING_FORM_BYTES = 16 * 1024;

export function ratingRoutes(deps: RouteDeps): Hono {
  const app = new Hono();
  const { rating } = deps;
  const formLimit = bodyLimit({
    maxSize: MAX_RATING_FORM_BYTES,
    onError: () => {
      throw new PayloadTooLargeError(
        `POST /ratings: the form is larger than ${MAX_RATING_FORM_BYTES / 1024} KiB`,
        {
          hint: 'send the rating form as the page makes it: id, kind, csrf and back',
        },
      );
    },
  });

  app.post('/ratings', formLimit, async (c) => {
    refuseCrossSite(c, rating.publicUrl);
    requireServeToken(c, deps);
    refuseOnReadOnlyStore(c, deps);
    const form = await c.req.parseBody();
    const field = (name: string): string => {
      const value = form[name];
      return typeof value === 'string' ? value : '';
    };
    if (!isSameSecret(field('csrf'), rating.csrfToken)) {
      throw new ForbiddenError('POST /ratings: the form token is missing or out of date', {
        hint: 'reload the page and rate again (a page from before the server restarted holds an old token)',
      });
    }
    const arxivId = ratedIdOf(field('id'));
    const kind = field('kind');
    if (kind !== 'clear' && !isRatingKind(kind)) {
      throw new BadRequestError(`"kind" must be one of ${RATINGS.join(', ')}, clear; got "${kind}"`);
    }
    knownPaperOf(deps, arxivId);
    deps.store.setRating(arxivId, kind === 'clear' ? null : kind, deps.now());
    return c.redirect(toSameSitePath(field('back')), 303);
  });

  app.get('/rate/:link{.+}', (c) => {
    const { arxivId, kind } = checkSignedLink(c, deps);
    const paper = knownPaperOf(deps, arxivId);
    const frame = { mode: readingModeOf(c), path: pathOf(c) };
    return c.html(renderRatingConfirmPage({ paper, kind, action: pathOf(c) }, frame));
  });

  app.post('/rate/:link{.+}', (c) => {
    refuseCrossSite(c, rating.publicUrl);
    refuseOnReadOnlyStore(c, deps);
    const { arxivId, kind } = checkSignedLink(c, deps);
    knownPaperOf(deps, arxivId);
    // A link opened again (the e-mail read twice, a link replayed) adds no row to the log when it rates as it stands.
    if (deps.store.loadRating(arxivId) !== kind) deps.store.setRating(arxivId, kind, deps.now());
    return c.redirect(paperPath(arxivId), 303);
  });

  return app;
}

function isRatingKind(text: string): text is RatingKind {
  return (RATINGS as readonly string[]).includes(text);
}

/** A server on a read-only store can save no rating: said as such, not as the database's failure (a 500). */
function refuseOnReadOnlyStore(c: Context, deps: RouteDeps): void {
  if (!deps.rating.isStoreReadOnly) return;
  throw new ForbiddenError(
    `${c.req.method} ${c.req.path}: this server's store is read-only, so it takes no ratings`,
    {
      hint: 'rate from a paperwire that may write the store, or make the store writable and start serve again',
    },
  );
}

/** A loopback server lets anyone on this machine rate; on any other address the serve token is needed. */
function requireServeToken(c: Context, deps: RouteDeps): void {
  const { isLoopback, token } = deps.rating;
  if (isLoopback) return;
  if (token === null) {
    throw new ForbiddenError('POST /ratings: this server takes no ratings', {
      hint: 'start it with --token or PAPERWIRE_SERVE_TOKEN, or bind 127.0.0.1',
    });
  }
  if (!hasServeToken(c, token)) {
    c.header('WWW-Authenticate', 'Basic realm="paperwire", charset="UTF-8"');
    throw new UnauthorizedError('POST /ratings needs the serve token', {
      hint: 'give the token as the password when the browser asks, or send "Authorization: Bearer <token>"',
    });
  }
}

/** The versionless id of a form's `id` field, or BadRequestError. */
function ratedIdOf(value: string): string {
  if (!isArxivId(value)) {
    throw new BadRequestError(`"${value}" is not an arXiv id`, { hint: 'e.g. 2601.19928 or hep-th/9901001' });
  }
  return value;
}

/** The paper the store (or a saved digest) knows under this id; NotFoundError otherwise, and nothing is rated. */
function knownPaperOf(deps: RouteDeps, arxivId: string): Paper {
  const paper = deps.store.loadPaper(arxivId) ?? deps.archive.paperIndex().papers.get(arxivId)?.paper ?? null;
  if (paper === null) {
    throw new NotFoundError(`paper ${arxivId} is not in the store, so it cannot be rated`, {
      hint: `fetch it first (\`paperwire fetch\`), then rate it`,
    });
  }
  return paper;
}

/**
 * The paper and rating of a signed link `/rate/<id>/<kind>?t=&sig=`; ForbiddenError when the signature is missing or
 * is not the one the home's key makes for them, or when the link was issued more than RATING_LINK_DAYS ago (nothing
 * is rated), BadRequestError for a malformed link. A link without `t=` (made before links carried their time) is
 * checked as it was signed then, and does not expire.
 */
function checkSignedLink(c: Context, deps: RouteDeps): { arxivId: string; kind: RatingKind } {
  const link = c.req.param('link') ?? '';
  const slash = link.lastIndexOf('/');
  const arxivId = link.slice(0, slash);
  const kind = link.slice(slash + 1);
  if (slash < 0 || !isRatingKind(kind) || !isArxivId(arxivId)) {
    throw new BadRequestError(`${c.req.method} ${c.req.path} is not a rating link`, {
      hint: `a rating link reads /rate/<arXiv id>/<${RATINGS.join('|')}>?sig=…`,
    });
  }
  const issuedAt = issuedAtOf(c);
  const signature = c.req.query('sig') ?? '';
  const key = deps.rating.ratingKey;
  if (key === null || !isValidRatingSignature(key, arxivId, kind, issuedAt, signature)) {
    throw new ForbiddenError(
      `the rating link for ${arxivId} (${kind}) is not signed by this paperwire home`,
      {
        hint: 'open the link from the e-mail as it was sent; a link made with another home or key is refused',
      },
    );
  }
  if (issuedAt !== null) {
    const expiresAt = new Date((issuedAt + RATING_LINK_DAYS * SECONDS_PER_DAY) * 1000);
    if (deps.now() > expiresAt) {
      throw new ForbiddenError(
        `the rating link for ${arxivId} (${kind}) expired on ${expiresAt.toISOString().slice(0, 10)}: ` +
          `e-mailed rating links work for ${RATING_LINK_DAYS} days`,
        { hint: `rate it on its page, ${paperPath(arxivId)}, or with \`paperwire rate\`` },
      );
    }
  }
  return { arxivId, kind };
}

const SECONDS_PER_DAY = 86_400;

/** The link's `t=`, whole seconds since 1970; null when it has none; BadRequestError when it is not such a number. */
function issuedAtOf(c: Context): number | null {
  const text = c.req.query('t');
  if (text === undefined) return null;
  if (!/^[0-9]{1,12}$/.test(text)) {
    throw new BadRequestError(`${c.req.method} ${c.req.path}: "t" must be the link's issue time in seconds`, {
      hint: 'open the link from the e-mail as it was sent',
    });
  }
  return Number(text);
}
