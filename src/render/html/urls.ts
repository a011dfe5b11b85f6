// Every path of the web UI, its JSON API and feeds, built in one place: a profile name, an arXiv id or a query is
// encoded the same way on every page, in the API's links, in feeds and in e-mail. Pure: no request, no clock.
import type { IsoDate, RatingKind } from '../../model.js';
import type { ReadingMode } from './layout.js';

/** One path segment: every character but `A-Z a-z 0-9 - _ . ! ~ * ' ( )` percent-encoded, `/` included. */
function segment(text: string): string {
  return encodeURIComponent(text);
}

/** `?a=1&b=2` of the pairs whose value is not empty (URLSearchParams' form encoding: a space is `+`), or ''. */
function queryOf(pairs: readonly (readonly [string, string | number | undefined])[]): string {
  const params = new URLSearchParams();
  for (const [name, value] of pairs) {
    if (value !== undefined && value !== '') params.append(name, String(value));
  }
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

/** The home page: each profile's latest digest. */
export const HOME_PATH = '/';

/** `/digests/<profile>`: every saved date of a profile. */
export function digestListPath(profile: string): string {
  return `/digests/${segment(profile)}`;
}

/** `/digests/<profile>/<date>`: one digest's first page. */
export function digestPath(profile: string, listingDate: IsoDate | string): string {
  return `${digestListPath(profile)}/${segment(listingDate)}`;
}

/** Page `page` of a digest (the first page is the digest's own path), with an optional `#anchor`. */
export function digestPagePath(
  profile: string,
  listingDate: IsoDate | string,
  page: number,
  anchor = '',
): string {
  return `${digestPath(profile, listingDate)}${page > 1 ? `?page=${page}` : ''}${anchor === '' ? '' : `#${anchor}`}`;
}

/** The anchor of a paper's block on a digest page (`p-2601.10001`, `p-hep-th/9901001`). */
export function paperAnchor(arxivId: string): string {
  return `p-${arxivId}`;
}

/** The paper's local page. Old-style ids keep their slash (`/papers/hep-th/9901001`); each part is encoded. */
export function paperPath(arxivId: string): string {
  return `/papers/${arxivId.split('/').map(segment).join('/')}`;
}

/** Where the rating buttons post: `id`, `kind` (up, down, save, clear), `csrf` and `back` as form fields. */
export const RATINGS_PATH = '/ratings';

/**
 * A signed rating link, `/rate/<id>/<kind>?sig=<signature>`: opening it shows a page to confirm, posting there rates.
 * Old-style ids keep their slash, as in paperPath.
 */
export function ratePath(arxivId: string, kind: RatingKind, signature: string): string {
  return `/rate/${arxivId.split('/').map(segment).join('/')}/${kind}?sig=${segment(signature)}`;
}

/** A profile's RSS 2.0 and Atom 1.0 feeds. */
export function feedPaths(profile: string): { rss: string; atom: string } {
  const base = `/feeds/${segment(profile)}`;
  return { rss: `${base}.xml`, atom: `${base}.atom` };
}

/** The search page's address, the one its forms send to. */
export const SEARCH_PATH = '/search';

/** What a search asks: the query and its filters; empty or absent ones are left out of the address. */
export interface SearchParams {
  q: string;
  from?: string;
  until?: string;
  category?: string;
  author?: string;
  keyword?: string;
}

/** `/search?q=…&from=…`: a search with its filters. */
export function searchPath(params: SearchParams): string {
  return SEARCH_PATH + searchQuery(params);
}

function searchQuery(params: SearchParams, limit?: number): string {
  return queryOf([
    ['q', params.q],
    ['from', params.from],
    ['until', params.until],
    ['category', params.category],
    ['author', params.author],
    ['keyword', params.keyword],
    ['limit', limit],
  ]);
}

/** The trend page's address, the one its form sends to. */
export const TREND_PATH = '/trend';

/** What a trend asks: one or more queries (each its own `q`), the unit and the filters; empty ones are left out. */
export interface TrendParams {
  q: readonly string[];
  by?: string;
  category?: string;
  from?: string;
  until?: string;
  author?: string;
}

/** `/trend?q=…&q=…&by=…`: the chart of papers matching each query per year or month. */
export function trendPath(params: TrendParams): string {
  return TREND_PATH + trendQuery(params);
}

/** `/api/trend?q=…`: a trend as JSON (the document of `paperwire trend --json`). */
export function apiTrendPath(params: TrendParams): string {
  return `/api${TREND_PATH}${trendQuery(params)}`;
}

function trendQuery(params: TrendParams): string {
  return queryOf([
    ...params.q.map((query) => ['q', query] as const),
    ['by', params.by],
    ['category', params.category],
    ['from', params.from],
    ['until', params.until],
    ['author', params.author],
  ]);
}

/** `/prefs/read?mode=…&back=…`: the reading-language switch without script, back to `back` (a path and query). */
export function readingModePath(mode: ReadingMode, back: string): string {
  return `/prefs/read?mode=${mode}&back=${encodeURIComponent(back)}`;
}

/** `/api/digests[?profile=…]`: the saved digests, of one profile when given. */
export function apiDigestListPath(profile?: string): string {
  return `/api/digests${queryOf([['profile', profile]])}`;
}

/** `/api/digests/<profile>/<date>[?page=N&limit=M]`: a stored digest document, or one page of it. */
export function apiDigestPath(
  profile: string,
  listingDate: IsoDate | string,
  paging?: { page: number; limit: number },
): string {
  const path = `/api${digestPath(profile, listingDate)}`;
  return paging === undefined ? path : `${path}?page=${paging.page}&limit=${paging.limit}`;
}

/** `/api/papers/<id>`: one paper as JSON. */
export function apiPaperPath(arxivId: string): string {
  return `/api${paperPath(arxivId)}`;
}

/** `/api/search?q=…`: a search as JSON. */
export function apiSearchPath(params: SearchParams, limit?: number): string {
  return `/api${SEARCH_PATH}${searchQuery(params, limit)}`;
}

/** `path` on the site at `siteUrl` (its trailing slashes dropped): what feeds and e-mail link to. */
export function siteUrlOf(siteUrl: string, path: string): string {
  return siteUrl.replace(/\/+$/, '') + path;
}

/** arXiv's HTML rendering of a paper (`arxiv.org/html/<id>`), beside model.ts's absUrl and pdfUrl. */
export function htmlUrl(arxivId: string): string {
  return `https://arxiv.org/html/${arxivId}`;
}

/** A DOI's address at doi.org, its characters kept as the DOI writes them (`10.1000/xyz`). */
export function doiUrl(doi: string): string {
  return `https://doi.org/${encodeURI(doi)}`;
}
