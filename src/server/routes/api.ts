// The JSON API (docs/web.md): saved digests, one digest's stored document, a paper, and search. Errors are
// JSON too ({ error: { status, code, message, hint } }), made by app.ts's onError.
import { Hono } from 'hono';
import { absUrl, pdfUrl, type Paper } from '../../model.js';
import { digestPath, htmlUrl, paperPath } from '../../render/html.js';
import { hfJson } from '../../render/json.js';
import { arxivIdParam, listingDateParam, searchFiltersOf, type RouteDeps } from '../context.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { runSearch } from '../search.js';
import { loadPaperView } from './paper-view.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

function paperJson(paper: Paper) {
  return {
    arxivId: paper.arxivId,
    version: paper.version,
    title: paper.title,
    abstract: paper.abstract,
    authors: paper.authors,
    categories: paper.categories,
    primaryCategory: paper.primaryCategory,
    publishedAt: paper.publishedAt?.toISOString() ?? null,
    updatedAt: paper.updatedAt?.toISOString() ?? null,
    comment: paper.comment,
    journalRef: paper.journalRef,
    doi: paper.doi,
    links: {
      abs: absUrl(paper.arxivId),
      pdf: pdfUrl(paper.arxivId),
      html: htmlUrl(paper.arxivId),
      page: paperPath(paper.arxivId),
    },
  };
}

function limitParam(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_LIMIT;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new BadRequestError(`"limit" must be a whole number from 1 to ${MAX_LIMIT}, got "${value}"`);
  }
  return limit;
}

export function apiRoutes(deps: RouteDeps): Hono {
  const app = new Hono();

  app.get('/digests', (c) => {
    const profile = c.req.query('profile');
    const refs = profile === undefined ? deps.archive.list() : deps.archive.listProfile(profile);
    return c.json({
      digests: refs.map((ref) => ({
        profile: ref.profile,
        listingDate: ref.listingDate,
        generatedAt: ref.generatedAt.toISOString(),
        page: digestPath(ref.profile, ref.listingDate),
        api: `/api${digestPath(ref.profile, ref.listingDate)}`,
      })),
    });
  });

  app.get('/digests/:profile/:date', (c) => {
    const profile = c.req.param('profile');
    const listingDate = listingDateParam(c.req.param('date'));
    const stored = deps.store.loadDigest(profile, listingDate);
    if (stored === null) throw new NotFoundError(`no digest of "${profile}" is saved for ${listingDate}`);
    // The stored document as saved (docs/json-format.md), not re-encoded.
    return c.body(stored.json, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  app.get('/papers/:id{.+}', (c) => {
    const { arxivId } = arxivIdParam(c.req.param('id'));
    const view = loadPaperView(deps, arxivId);
    const hasTranslation = view.translation.title !== null || view.translation.abstract !== null;
    return c.json({
      paper: paperJson(view.paper),
      versions: view.versions,
      translation: hasTranslation ? { lang: view.lang, ...view.translation } : null,
      digests: view.digests,
      hf: view.hf == null ? null : hfJson(view.hf),
      upvoteSeries: view.upvoteSeries.map((point) => ({
        upvotes: point.upvotes,
        seenAt: point.seenAt.toISOString(),
      })),
    });
  });

  app.get('/search', (c) => {
    const query = c.req.query('q') ?? '';
    const filters = searchFiltersOf(c);
    const result = runSearch(deps.store, deps.archive, {
      query,
      filters,
      limit: limitParam(c.req.query('limit')),
    });
    return c.json({
      query,
      filters,
      isTruncated: result.isTruncated,
      results: result.hits.map((hit) => ({
        ...paperJson(hit.paper),
        score: hit.score,
        translation:
          hit.translation.title !== null || hit.translation.abstract !== null
            ? { lang: hit.lang, ...hit.translation }
            : null,
        hf: hit.hf == null ? null : hfJson(hit.hf),
      })),
    });
  });

  return app;
}
