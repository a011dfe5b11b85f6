// Builds arXiv API query URLs and gets their bytes through the shared HTTP client (policy `arxivApi`, which
// keeps arXiv's 3 s spacing). Query syntax: https://info.arxiv.org/help/api/user-manual.html

import type { HttpClient } from '../../http.js';

/**
 * The category part of a query, OR-ed: an archive (`cs`) as `cat:cs.*`, a category (`cs.LG`) as `cat:cs.LG`.
 * Archives without subject classes (`hep-th`) are matched both ways.
 */
export function buildCategoryQuery(categories: readonly string[]): string {
  const terms = categories.flatMap((category) =>
    category.includes('.') ? [`cat:${category}`] : [`cat:${category}.*`, `cat:${category}`],
  );
  return terms.length === 1 ? (terms[0] ?? '') : `(${terms.join(' OR ')})`;
}

/** `YYYYMMDDHHMM` in GMT, the API's `submittedDate` format. */
export function formatSubmittedDate(instant: Date): string {
  return instant.toISOString().slice(0, 16).replace(/[-T:]/g, '');
}

/**
 * `submittedDate:[from TO last minute before until]`. The API's range is inclusive to the minute, and a window
 * ends at (not after) its deadline, so the deadline's own minute belongs to the next window.
 */
export function buildSubmittedQuery(window: { from: Date; until: Date }): string {
  const lastMinute = new Date(window.until.getTime() - 60_000);
  return `submittedDate:[${formatSubmittedDate(window.from)} TO ${formatSubmittedDate(lastMinute)}]`;
}

export interface ListingPageQuery {
  categories: readonly string[];
  submittedWindow: { from: Date; until: Date };
  /** 0-based index of the first result. */
  start: number;
  maxResults: number;
}

/** One page of a listing query, oldest submission first. */
export function buildListingPageUrl(baseUrl: string, query: ListingPageQuery): string {
  const params = new URLSearchParams({
    search_query: `${buildCategoryQuery(query.categories)} AND ${buildSubmittedQuery(query.submittedWindow)}`,
    sortBy: 'submittedDate',
    sortOrder: 'ascending',
    start: String(query.start),
    max_results: String(query.maxResults),
  });
  return `${baseUrl}?${params.toString()}`;
}

/** Papers by id (versioned or not), comma-separated in `id_list`. */
export function buildIdListUrl(baseUrl: string, ids: readonly string[]): string {
  const params = new URLSearchParams({ id_list: ids.join(','), start: '0', max_results: String(ids.length) });
  return `${baseUrl}?${params.toString()}`;
}

/** GETs one API page under the `arxivApi` policy. Throws `HttpError`/`TimeoutError` as the client does. */
export async function fetchArxivApiPage(client: HttpClient, url: string): Promise<string> {
  const response = await client.getText(url, {
    policy: 'arxivApi',
    headers: { accept: 'application/atom+xml' },
  });
  return response.text;
}
