// The JSON API (docs/web.md): saved digests, one digest's stored document, a paper, and search. Errors are
// JSON too ({ error: { status, code, message, hint } }), made by app.ts's onError.
import { Hono } from 'hono';
import { absUrl, parseCount, pdfUrl, type Paper } from '../../model.js';
import { apiDigestPath, digestPath, htmlUrl, paperPath } from '../../render/html/urls.js';
import { hfJson, type DigestJson } from '../../render/text/json.js';
import {
  arxivIdParam,
  listingDateParam,
  pageParam,
  searchFiltersOf,
  textParam,
  type RouteDeps,
} from '../context.js';
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

/** Papers one page of `/api/digests/:profile/:date` holds by default, and at most. */
const DIGEST_DEFAULT_LIMIT = 200;
const DIGEST_MAX_LIMIT = 1000;

function limitParam(value: string | undefined, fallback = DEFAULT_LIMIT, max = MAX_LIMIT): number {
  if (value === undefined || value === '') return fallback;
  const limit = parseCount(value);
  if (limit === null || limit < 1 || limit > max) {
    throw new BadRequestError(`"limit" must be a whole number from 1 to ${max}, got "${value}"`);
  }
  return limit;
}

/**
 * One page of a stored digest document: `limit` of its papers (in the order they first appear), the sections
 * cut to them, and `page: { number, size, count, paperCount, previous, next }` with the neighbours' URLs.
 */
function selectDocumentPage(
  document: DigestJson,
  page: number,
  limit: number,
  pagePathOf: (paging: { page: number; limit: number }) => string,
) {
  const ids = Object.keys(document.papers);
  const pageCount = Math.max(1, Math.ceil(ids.length / limit));
  if (page > pageCount) {
    throw new NotFoundError(`the digest has no page ${page}`, {
      hint: `it has ${pageCount} ${pageCount === 1 ? 'page' : 'pages'} of ${limit} papers`,
    });
  }
  const onPage = new Set(ids.slice((page - 1) * limit, page * limit));
  const urlOf = (n: number): string | null =>
    n < 1 || n > pageCount ? null : pagePathOf({ page: n, limit });
  return {
    ...document,
    sections: document.sections.map((section) => ({
      ...section,
      papers: section.papers.filter((id) => onPage.has(id)),
    })),
    papers: Object.fromEntries(Object.entries(document.papers).filter(([id]) => onPage.has(id))),
    page: {
      number: page,
      size: limit,
      count: pageCount,
      paperCount: ids.length,
      previous: urlOf(page - 1),
      next: urlOf(page + 1),
    },
  };
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
        api: apiDigestPath(ref.profile, ref.listingDate),
      })),
    });
  });

  app.get('/digests/:profile/:date', (c) => {
    const profile = c.req.param('profile');
    const listingDate = listingDateParam(c.req.param('date'));
    const stored = deps.archive.loadDocument(profile, listingDate);
    if (stored === null) throw new NotFoundError(`no digest of "${profile}" is saved for ${listingDate}`);
    const isPageAsked = c.req.query('page') !== undefined || c.req.query('limit') !== undefined;
    const page = pageParam(c.req.query('page'));
    const limit = limitParam(c.req.query('limit'), DIGEST_DEFAULT_LIMIT, DIGEST_MAX_LIMIT);
    const { document } = stored;
    if (!isPageAsked && Object.keys(document.papers).length <= limit) {
      // A digest that fits one page is the stored document as saved (docs/json-format.md), not re-encoded.
      return c.body(stored.json, 200, { 'Content-Type': 'application/json; charset=utf-8' });
    }
    return c.json(
      selectDocumentPage(document, page, limit, (paging) => apiDigestPath(profile, listingDate, paging)),
    );
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
    const query = textParam(c, 'q') ?? '';
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
