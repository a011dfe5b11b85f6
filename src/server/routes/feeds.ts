// A profile's feeds: `/feeds/<profile>.xml` (RSS 2.0) and `/feeds/<profile>.atom` (Atom 1.0), from its newest
// saved digests.
import { Hono } from 'hono';
import type { Digest } from '../../model.js';
import { renderAtom, renderRss } from '../../render/feed.js';
import type { RouteDeps } from '../context.js';
import { NotFoundError } from '../errors.js';

/** How many of a profile's newest digests a feed carries. */
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
    const digests = refs
      .slice(0, FEED_DIGESTS)
      .map((ref) => deps.archive.load(profile, ref.listingDate))
      .filter((digest): digest is Digest => digest !== null);
    const options = { profile, siteUrl: new URL(c.req.url).origin };
    return match[2] === 'xml'
      ? c.body(renderRss(digests, options), 200, { 'Content-Type': 'application/rss+xml; charset=utf-8' })
      : c.body(renderAtom(digests, options), 200, { 'Content-Type': 'application/atom+xml; charset=utf-8' });
  });

  return app;
}
