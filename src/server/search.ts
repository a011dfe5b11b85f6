// Search as the web UI and the API run it: the store's full-text search (English and translations), then the
// filters the store cannot apply yet (submission dates, category, digest keyword), then the saved translations.
import { parseIsoDate, type Paper } from '../model.js';
import type { SearchFilters, TranslatedPaper } from '../render/html.js';
import type { Store } from '../store/store.js';
import type { DigestArchive } from './archive.js';
import { BadRequestError } from './errors.js';

export interface SearchRequest {
  query: string;
  filters: SearchFilters;
  /** Hits to return, 1 or more. */
  limit: number;
}

export interface SearchHitView extends TranslatedPaper {
  /** bm25: lower is better. */
  score: number;
}

export interface SearchResult {
  hits: SearchHitView[];
  /** More papers matched than `limit` (or than the filtered window could see). */
  isTruncated: boolean;
}

/** With a filter set, how many best matches the filters look through (the store filters nothing itself). */
const FILTER_WINDOW = 1000;

/** Throws BadRequestError when `from` or `until` is set but is not a real YYYY-MM-DD date. */
export function checkFilters(filters: SearchFilters): void {
  for (const name of ['from', 'until'] as const) {
    const value = filters[name];
    if (value !== '' && parseIsoDate(value) === null) {
      throw new BadRequestError(`"${name}" must be a date written YYYY-MM-DD, got "${value}"`);
    }
  }
}

function hasFilter(filters: SearchFilters): boolean {
  return Object.values(filters).some((value) => value !== '');
}

function matchesCategory(paper: Paper, wanted: string): boolean {
  const code = wanted.toLowerCase();
  return paper.categories.some((category) => {
    const lower = category.toLowerCase();
    return lower === code || lower.startsWith(`${code}.`);
  });
}

/** Runs a search; an empty query finds nothing. Throws BadRequestError for a malformed date filter. */
export function runSearch(store: Store, archive: DigestArchive, request: SearchRequest): SearchResult {
  const { query, filters, limit } = request;
  checkFilters(filters);
  if (query.trim() === '') return { hits: [], isTruncated: false };
  const index = archive.paperIndex().papers;
  const keyword = filters.keyword.trim().toLowerCase();
  const keep = ({ paper }: { paper: Paper }): boolean => {
    const submitted = paper.publishedAt?.toISOString().slice(0, 10) ?? null;
    if (filters.from !== '' && (submitted === null || submitted < filters.from)) return false;
    if (filters.until !== '' && (submitted === null || submitted > filters.until)) return false;
    if (filters.category.trim() !== '' && !matchesCategory(paper, filters.category.trim())) return false;
    if (keyword !== '' && !(index.get(paper.arxivId)?.keywords.has(keyword) ?? false)) return false;
    return true;
  };
  // Without filters, one more than asked tells whether there are more. With filters, look through a small window
  // of best matches first and widen it only when the filters leave too few.
  const windows = hasFilter(filters) ? [Math.min(limit * 4, FILTER_WINDOW), FILTER_WINDOW] : [limit + 1];
  let found: ReturnType<Store['searchPapers']> = [];
  let kept: typeof found = [];
  let window = 0;
  for (window of windows) {
    found = store.searchPapers(query, { limit: window });
    kept = found.filter(keep);
    if (kept.length > limit || found.length < window) break;
  }
  const hits = kept.slice(0, limit).map(({ paper, score }): SearchHitView => {
    const indexed = index.get(paper.arxivId);
    return {
      paper,
      score,
      translation: indexed?.translation ?? { title: null, abstract: null },
      lang: indexed?.lang ?? 'en',
    };
  });
  return { hits, isTruncated: kept.length > limit || (hasFilter(filters) && found.length >= window) };
}
