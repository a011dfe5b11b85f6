// A feed for any query, as `/feeds/search.xml?q=…` answers it and `paperwire feed` writes it: the store's best
// matches (titles, abstracts and stored translations), newest first, each with the translation the web UI shows.
import type { Paper } from '../model.js';
import { renderSearchAtom, renderSearchRss, type SearchFeedPaper } from '../render/html/feed.js';
import type { Store } from '../store/store.js';
import { DigestArchive, type FallbackTranslation } from './archive.js';

/** Papers a query's feed carries: readers fetch the whole document every time, so a page's worth. */
export const SEARCH_FEED_ITEMS = 50;

/**
 * How many of the best matches are sorted by date. The store ranks by relevance only, so a match ranked lower
 * than this is not seen, however new (a broad query on a whole-archive store: narrow it).
 */
const SEARCH_FEED_WINDOW = 1000;

/**
 * The query's newest matches among its best SEARCH_FEED_WINDOW, at most `limit`, with translations and facts: the
 * one the web UI shows, or with `isLangChosen` only one in the archive's fallback language (`feed --lang`).
 */
export function findSearchFeedPapers(
  store: Store,
  archive: DigestArchive,
  query: string,
  limit: number,
  isLangChosen = false,
): SearchFeedPaper[] {
  const papers = store
    .searchPapers(query, { limit: SEARCH_FEED_WINDOW })
    .map((hit) => hit.paper)
    .sort(compareNewestFirst)
    .slice(0, limit);
  const hf = store.loadHfInfo(papers.map((paper) => paper.arxivId));
  const index = archive.paperIndex().papers;
  return papers.map((paper) => {
    const newestDigest = index.get(paper.arxivId)?.digests[0];
    const listedAt =
      newestDigest === undefined
        ? null
        : (archive.load(newestDigest.profile, newestDigest.listingDate)?.announcedAt ?? null);
    const translated = isLangChosen ? archive.translationInFallbackLang(paper) : archive.translationOf(paper);
    return { paper, ...translated, hf: hf.get(paper.arxivId) ?? null, listedAt };
  });
}

/**
 * Newest submission first, by the arXiv id itself (`YYMM.NNNNN`, `archive/YYMMNNN`: arXiv numbers papers in
 * order of submission), since papers listed from RSS carry no dates.
 */
function compareNewestFirst(a: Paper, b: Paper): number {
  const [monthA, numberA] = submissionOrderOf(a.arxivId);
  const [monthB, numberB] = submissionOrderOf(b.arxivId);
  return monthB - monthA || numberB - numberA || b.arxivId.localeCompare(a.arxivId);
}

/** `[year * 100 + month, number]` of an arXiv id; old-style years 91–99 are the 1990s. `[0, 0]` when unknown. */
function submissionOrderOf(arxivId: string): [number, number] {
  const parts = /^(\d{2})(\d{2})\.(\d{4,5})$/.exec(arxivId) ?? /\/(\d{2})(\d{2})(\d{3})$/.exec(arxivId);
  if (parts === null) return [0, 0];
  const year = Number(parts[1]);
  const fullYear = year >= 91 ? 1900 + year : 2000 + year;
  return [fullYear * 100 + Number(parts[2]), Number(parts[3])];
}

export interface QueryFeedRequest {
  store: Store;
  /** See DigestArchive: the language papers no digest translated are shown in. */
  fallbackTranslation: FallbackTranslation;
  /** True when the reader chose that language (`--lang`): no translation in another is shown. */
  isLangChosen: boolean;
  query: string;
  format: 'rss' | 'atom';
  /** `[web] public_url`: the feed links its pages and itself there; null links arXiv (see SearchFeedOptions). */
  siteUrl: string | null;
  limit: number;
}

/** `paperwire feed`: the query's feed as a document, on the store the CLI opened. */
export function renderQueryFeed(request: QueryFeedRequest): { xml: string; itemCount: number } {
  const archive = new DigestArchive(request.store, request.fallbackTranslation);
  const papers = findSearchFeedPapers(
    request.store,
    archive,
    request.query,
    request.limit,
    request.isLangChosen,
  );
  const options = {
    query: request.query,
    siteUrl: request.siteUrl,
    ...(request.isLangChosen && { lang: request.fallbackTranslation.lang }),
  };
  const xml = request.format === 'rss' ? renderSearchRss(papers, options) : renderSearchAtom(papers, options);
  return { xml, itemCount: papers.length };
}
