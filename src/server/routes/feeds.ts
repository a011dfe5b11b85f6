// The feeds: a profile's `/feeds/<profile>.xml` (RSS 2.0) and `/feeds/<profile>.atom` (Atom 1.0) from its newest
// saved digests, a query's `/feeds/search.xml?q=…` and `.atom`, and `/feeds/feeds.opml` listing every profile's.
import { Hono, type Context } from 'hono';
import { LANGS, type Digest, type DigestRef, type Lang, type Problem } from '../../model.js';
import {
  FEED_MAX_ITEMS,
  renderAtom,
  renderRss,
  renderSearchAtom,
  renderSearchRss,
} from '../../render/html/feed.js';
import { renderOpml } from '../../render/html/opml.js';
import { findSearchFault } from '../../select/query-parse.js';
import { OPML_PATH } from '../../render/html/urls.js';
import type { DigestArchive } from '../archive.js';
import type { RouteDeps } from '../context.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { findSearchFeedPapers, SEARCH_FEED_ITEMS } from '../query-feed.js';

/** How many of a profile's newest digests a feed carries at most (and at most `FEED_MAX_ITEMS` papers of them). */
export const FEED_DIGESTS = 10;

const RSS_TYPE = 'application/rss+xml; charset=utf-8';
const ATOM_TYPE = 'application/atom+xml; charset=utf-8';

export function feedRoutes(deps: RouteDeps): Hono {
  const app = new Hono();

  app.get('/:file', (c) => {
    const file = c.req.param('file');
    if (`/feeds/${file}` === OPML_PATH) return answerOpml(c, deps);
    const match = /^(.+)\.(xml|atom)$/.exec(file);
    if (match === null)
      throw new NotFoundError(`no feed "${file}"`, {
        hint: 'feeds are /feeds/<profile>.xml and .atom, /feeds/search.xml?q=… and /feeds/feeds.opml',
      });
    const profile = match[1] ?? '';
    const isRss = match[2] === 'xml';
    // A profile may be named "search": its feed is the one asked without a query.
    const query = c.req.query('q');
    if (profile === 'search' && query !== undefined) return answerSearchFeed(c, deps, query, isRss);
    const refs = deps.archive.listProfile(profile);
    if (refs.length === 0 && !deps.profiles.includes(profile)) {
      throw new NotFoundError(`no profile "${profile}" and no digest saved for it`);
    }
    // An unreadable day is left out of the feed; its own page and the API answer with its store error.
    const digests = loadFeedDigests(deps.archive, profile, refs.slice(0, FEED_DIGESTS), []);
    const options = { profile, siteUrl: new URL(c.req.url).origin };
    return isRss
      ? c.body(renderRss(digests, options), 200, { 'Content-Type': RSS_TYPE })
      : c.body(renderAtom(digests, options), 200, { 'Content-Type': ATOM_TYPE });
  });

  return app;
}

/**
 * `/feeds/search.xml?q=…[&lang=zh]`: the query's newest matches, with translations in `lang` only when it is given
 * (as `paperwire feed --lang`); an empty or oversized query, or a language paperwire does not translate into, is a
 * 400.
 */
function answerSearchFeed(c: Context, deps: RouteDeps, query: string, isRss: boolean): Response {
  if (query.trim() === '') {
    throw new BadRequestError('"q" is empty: a feed needs a query', {
      hint: 'e.g. /feeds/search.xml?q=diffusion+policy',
    });
  }
  const fault = findSearchFault(query);
  if (fault !== null) throw new BadRequestError(fault.message, { hint: fault.hint });
  const lang = langParam(c.req.query('lang'));
  const archive = lang === null ? deps.archive : deps.archiveIn(lang);
  const papers = findSearchFeedPapers(deps.store, archive, query, SEARCH_FEED_ITEMS, lang !== null);
  const options = { query, siteUrl: new URL(c.req.url).origin, ...(lang !== null && { lang }) };
  return isRss
    ? c.body(renderSearchRss(papers, options), 200, { 'Content-Type': RSS_TYPE })
    : c.body(renderSearchAtom(papers, options), 200, { 'Content-Type': ATOM_TYPE });
}

/** `?lang=`: null when absent or empty; BadRequestError for a language paperwire does not translate into. */
function langParam(value: string | undefined): Lang | null {
  if (value === undefined || value.trim() === '') return null;
  const lang = LANGS.find((known) => known === value.trim().toLowerCase());
  if (lang === undefined) {
    throw new BadRequestError(`"lang" must be one of ${LANGS.join(', ')}, got "${value}"`, {
      hint: 'e.g. /feeds/search.xml?q=diffusion+policy&lang=zh',
    });
  }
  return lang;
}

/** `/feeds/feeds.opml`: every profile's feed, at `[web] public_url` when set (readers import it elsewhere). */
function answerOpml(c: Context, deps: RouteDeps): Response {
  const siteUrl = deps.rating.publicUrl ?? new URL(c.req.url).origin;
  const opml = renderOpml(deps.archive.profiles(deps.profiles), { siteUrl });
  return c.body(opml, 200, { 'Content-Type': 'text/x-opml; charset=utf-8' });
}

/**
 * The newest digests, loaded one at a time only until they hold `FEED_MAX_ITEMS` papers: three requests for the feed
 * of a profile with 18,000-paper days used to parse ten such digests each.
 */
export function loadFeedDigests(
  archive: DigestArchive,
  profile: string,
  refs: readonly DigestRef[],
  problems: Problem[],
): Digest[] {
  const digests: Digest[] = [];
  const papers = new Set<string>();
  for (const ref of refs) {
    if (papers.size >= FEED_MAX_ITEMS) break;
    const digest = archive.loadReadable(profile, ref.listingDate, problems);
    if (digest === null) continue;
    digests.push(digest);
    for (const section of digest.sections)
      for (const entry of section.entries) papers.add(entry.paper.arxivId);
  }
  return digests;
}
