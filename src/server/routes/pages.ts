// The HTML pages: latest digests, a profile's dates, one digest (marking what an earlier digest of the profile
// showed), a paper, search, and the no-script reading-language switch. Each handler loads, then calls one renderer.
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import {
  countDigestPages,
  DIGEST_PAGE_SIZE,
  parseReadingMode,
  renderDigestListPage,
  renderDigestPage,
  renderHomePage,
  renderPaperPage,
  renderSearchPage,
  type RatingControls,
} from '../../render/html/index.js';
import { shownProfileOf } from '../../pipeline/unseen.js';
import { paperPath } from '../../render/html/urls.js';
import { NotFoundError, WebRequestError } from '../errors.js';
import {
  arxivIdParam,
  listingDateParam,
  pageParam,
  pathOf,
  READING_COOKIE,
  readingModeOf,
  searchFiltersOf,
  textParam,
  toSameSitePath,
  type RouteDeps,
} from '../context.js';
import { highlightTermsOf, runSearch } from '../search.js';
import { loadPaperView } from './paper-view.js';

/** Hits one search page shows. */
const SEARCH_PAGE_SIZE = 50;

export function pageRoutes(deps: RouteDeps): Hono {
  const app = new Hono();
  const { archive } = deps;

  app.get('/', (c) => {
    const refs = archive.list();
    const profiles = archive.profiles(deps.profiles, refs).map((profile) => {
      const own = refs.filter((ref) => ref.profile === profile);
      const newest = own[0];
      return {
        profile,
        latest: newest === undefined ? null : archive.load(profile, newest.listingDate),
        digestCount: own.length,
      };
    });
    return c.html(renderHomePage(profiles, { mode: readingModeOf(c), path: pathOf(c), now: deps.now() }));
  });

  app.get('/digests/:profile', (c) => {
    const profile = c.req.param('profile');
    const refs = archive.listProfile(profile);
    if (refs.length === 0 && !deps.profiles.includes(profile)) {
      throw new NotFoundError(`no profile "${profile}" and no digest saved for it`);
    }
    return c.html(renderDigestListPage(profile, refs, { mode: readingModeOf(c), path: pathOf(c) }));
  });

  app.get('/digests/:profile/:date', (c) => {
    const profile = c.req.param('profile');
    const listingDate = listingDateParam(c.req.param('date'));
    const digest = archive.load(profile, listingDate);
    if (digest === null) {
      throw new NotFoundError(`no digest of "${profile}" is saved for ${listingDate}`, {
        hint: `run \`paperwire digest --profile ${profile} --date ${listingDate}\``,
      });
    }
    const page = pageParam(c.req.query('page'));
    const pageCount = countDigestPages(digest);
    if (page > pageCount) {
      throw new NotFoundError(`the digest of "${profile}" for ${listingDate} has no page ${page}`, {
        hint: `it has ${pageCount} ${pageCount === 1 ? 'page' : 'pages'} of ${DIGEST_PAGE_SIZE} entries`,
      });
    }
    const dates = archive.listProfile(profile).map((ref) => ref.listingDate);
    const at = dates.indexOf(listingDate);
    return c.html(
      renderDigestPage(digest, {
        mode: readingModeOf(c),
        path: pathOf(c),
        previous: dates[at + 1] ?? null,
        next: at > 0 ? (dates[at - 1] ?? null) : null,
        page,
        rating: ratingControlsOf(deps),
        seen: deps.store.loadFirstShown(shownProfileOf(profile), listingDate),
      }),
    );
  });

  app.get('/papers/:id{.+}', (c) => {
    const { arxivId, version } = arxivIdParam(c.req.param('id'));
    if (version !== null) return c.redirect(paperPath(arxivId), 301);
    const view = loadPaperView(deps, arxivId, { withSimilar: true });
    return c.html(
      renderPaperPage(view, { mode: readingModeOf(c), path: pathOf(c), rating: ratingControlsOf(deps) }),
    );
  });

  app.get('/search', (c) => {
    const query = textParam(c, 'q') ?? '';
    const filters = searchFiltersOf(c);
    let result: ReturnType<typeof runSearch> = { hits: [], isTruncated: false };
    let error: string | null = null;
    try {
      result = runSearch(deps.store, archive, { query, filters, limit: SEARCH_PAGE_SIZE });
    } catch (caught) {
      // A bad filter is the reader's to fix: show it above the form they can fix it in.
      if (!(caught instanceof WebRequestError)) throw caught;
      error = caught.message;
    }
    const page = renderSearchPage(
      {
        query,
        filters,
        hits: result.hits,
        terms: error === null ? highlightTermsOf(query) : [],
        isTruncated: result.isTruncated,
        error,
      },
      { mode: readingModeOf(c), path: pathOf(c) },
    );
    return c.html(page, error === null ? 200 : 400);
  });

  // The language switch without script: remember the mode, go back where the reader was.
  app.get('/prefs/read', (c) => {
    const mode = parseReadingMode(c.req.query('mode'));
    const target = toSameSitePath(c.req.query('back'));
    setCookie(c, READING_COOKIE, mode, { path: '/', maxAge: 31_536_000, sameSite: 'Lax', httpOnly: false });
    return c.redirect(target, 303);
  });

  app.get('/favicon.ico', (c) => c.body(null, 204));

  return app;
}

/** The current ratings and this server's form token, for the rating buttons. */
function ratingControlsOf(deps: RouteDeps): RatingControls {
  const current = new Map(deps.store.loadRatings().map((rating) => [rating.arxivId, rating.kind]));
  return { current, csrfToken: deps.rating.csrfToken };
}
