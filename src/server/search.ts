// Search as the web UI and the API run it: the store's full-text search (English and translations) with the
// submission-date (a day, a month or a year), category and author filters applied inside it, then the digest-keyword filter (it needs the saved
// digests, which only the archive knows), then each hit's translation (archive.translationOf) and Hugging Face
// facts.
import { findAuthorFilterFault, type IsoDate, type Paper } from '../model.js';
import { findSearchFault, foundTermsOf } from '../select/query-parse.js';
import { parseDateBound } from '../select/date-range.js';
import { splitHighlightTerms, type SearchFilters, type TranslatedPaper } from '../render/html/index.js';
import type { SearchOptions, Store } from '../store/store.js';
import type { DigestArchive } from './archive.js';
import { BadRequestError } from './errors.js';

export interface SearchRequest {
  query: string;
  filters: SearchFilters;
  /** Hits to return, 1 or more. */
  limit: number;
}

interface SearchHitView extends TranslatedPaper {
  /** bm25: lower is better. */
  score: number;
}

export interface SearchResult {
  hits: SearchHitView[];
  /** More papers matched than `limit` (or than the keyword window could see). */
  isTruncated: boolean;
}

/** With a digest keyword set, how many best matches (already date- and category-filtered) the keyword looks through. */
const KEYWORD_WINDOW = 1000;

/**
 * `from` and `until` as days (a month or a year is its first or last day), null when not set. Throws BadRequestError
 * for a value that is not a real day, month or year.
 */
export function parseDateFilters(filters: Pick<SearchFilters, 'from' | 'until'>): {
  from: IsoDate | null;
  until: IsoDate | null;
} {
  const read = (name: 'from' | 'until'): IsoDate | null => {
    const value = filters[name].trim();
    if (value === '') return null;
    const date = parseDateBound(value, name === 'from' ? 'start' : 'end');
    if (date === null) {
      throw new BadRequestError(`"${name}" must be a day, a month or a year, got "${value}"`, {
        hint: 'write 2024-03-15, 2024-03 or 2024',
      });
    }
    return date;
  };
  return { from: read('from'), until: read('until') };
}

/** Throws BadRequestError when the query is beyond SEARCH_QUERY_LIMITS (too many words or characters). */
function checkQuery(query: string): void {
  const fault = findSearchFault(query);
  if (fault !== null) throw new BadRequestError(fault.message, { hint: fault.hint });
}

/** Throws BadRequestError when the author filter is too long to be a name. */
export function checkAuthor(author: string): void {
  const fault = findAuthorFilterFault(author);
  if (fault !== null) throw new BadRequestError(fault, { hint: 'give one name, e.g. Sergey Levine' });
}

/**
 * Runs a search; an empty query finds nothing. Throws BadRequestError for a malformed date filter, a query
 * beyond SEARCH_QUERY_LIMITS or an author filter too long to be a name.
 */
export function runSearch(store: Store, archive: DigestArchive, request: SearchRequest): SearchResult {
  const { query, filters, limit } = request;
  const { from, until } = parseDateFilters(filters);
  checkQuery(query);
  checkAuthor(filters.author);
  if (query.trim() === '') return { hits: [], isTruncated: false };
  const index = archive.paperIndex().papers;
  const keyword = filters.keyword.trim().toLowerCase();
  const category = filters.category.trim();
  const author = filters.author.trim();
  const options = (window: number): SearchOptions => ({
    limit: window,
    ...(from !== null && { submittedFrom: from }),
    ...(until !== null && { submittedUntil: until }),
    ...(category !== '' && { categories: [category] }),
    ...(author !== '' && { author }),
  });
  const keep = ({ paper }: { paper: Paper }): boolean =>
    keyword === '' || (index.get(paper.arxivId)?.keywords.has(keyword) ?? false);
  // One more than asked tells whether there are more. With a digest keyword, look through a small window of the
  // best (filtered) matches first and widen it only when the keyword leaves too few.
  const windows = keyword === '' ? [limit + 1] : [Math.min(limit * 4, KEYWORD_WINDOW), KEYWORD_WINDOW];
  let found: ReturnType<Store['searchPapers']> = [];
  let kept: typeof found = [];
  let window = 0;
  for (window of windows) {
    found = store.searchPapers(query, options(window));
    kept = found.filter(keep);
    if (kept.length > limit || found.length < window) break;
  }
  const shown = kept.slice(0, limit);
  const hf = store.loadHfInfo(shown.map(({ paper }) => paper.arxivId));
  const hits = shown.map(({ paper, score }): SearchHitView => ({
    paper,
    score,
    ...archive.translationOf(paper, index),
    hf: hf.get(paper.arxivId) ?? null,
  }));
  return { hits, isTruncated: kept.length > limit || (keyword !== '' && found.length >= window) };
}

/** The words to mark in a search's hits: those the query finds papers by (not what NOT leaves out, not cat:). */
export function highlightTermsOf(query: string): string[] {
  return foundTermsOf(query) ?? splitHighlightTerms(query);
}
