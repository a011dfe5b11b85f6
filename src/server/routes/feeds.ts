// A profile's feeds: `/feeds/<profile>.xml` (RSS 2.0) and `/feeds/<profile>.atom` (Atom 1.0), from its newest
// saved digests.
import { Hono } from 'hono';
import type { Digest, DigestRef } from '../../model.js';
import { FEED_MAX_ITEMS, renderAtom, renderRss } from '../../render/html/feed.js';
import type { RouteDeps } from '../context.js';
import { NotFoundError } from '../errors.js';

/** How many of a profile's newest digests a feed carries at most (and at most `FEED_MAX_ITEMS` papers of them). */
const FEED_DIGESTS = 10;

export function feedRoutes(deps: RouteDeps): Hono {
  const app = new Hono();

  app.get('/:file', (c) => {
    const file = c.req.param('file');
    const match = /^(.+)\.(xml|atom)$/.exec(file);
    if (match === null)
      throw new NotFoundError(`no feed "${file}"`, { hint: 'feeds are /feeds/<profile>.xml and .atom' });
    const profile = match[1] ?? '';
    const refs = deps.archive.listProfile(profile);
    if (refs.length === 0 && !deps.profiles.includes(profile)) {
      throw new NotFoundError(`no profile "${profile}" and no digest saved for it`);
    }
    const digests = loadFeedDigests(deps, profile, refs.slice(0, FEED_DIGESTS));
    const options = { profile, siteUrl: new URL(c.req.url).origin };
    return match[2] === 'xml'
      ? c.body(renderRss(digests, options), 200, { 'Content-Type': 'application/rss+xml; charset=utf-8' })
      : c.body(renderAtom(digests, options), 200, { 'Content-Type': 'application/atom+xml; charset=utf-8' });
  });

  return app;
}

/**
 * The newest digests, loaded one at a time only until they hold `FEED_MAX_ITEMS` papers: three requests for the feed
 * of a profile with 18,000-paper days used to parse ten such digests each.
 */
function loadFeedDigests(deps: RouteDeps, profile: string, refs: readonly DigestRef[]): Digest[] {
  const digests: Digest[] = [];
  const papers = new Set<string>();
  for (const ref of refs) {
    if (papers.size >= FEED_MAX_ITEMS) break;
    const digest = deps.archive.load(profile, ref.listingDate);
    if (digest === null) continue;
    digests.push(digest);
    for (const section of digest.sections)
      for (const entry of section.entries) papers.add(entry.paper.arxivId);
  }
  return digests;
}
