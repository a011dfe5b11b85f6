// Every path of the web UI, its JSON API and feeds, built in one place: a profile name, an arXiv id or a query is
// encoded the same way on every page, in the API's links, in feeds and in e-mail. Pure: no request, no clock.
import type { IsoDate, Lang, RatingKind } from '../../model.js';
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
 * A signed rating link, `/rate/<id>/<kind>?t=<issued, seconds since 1970>&sig=<signature>`: opening it shows a page
 * to confirm, posting there rates. Old-style ids keep their slash, as in paperPath. A null `issuedAt` writes a link
 * as they were before they carried their time (no `t=`).
 */
export function ratePath(
  arxivId: string,
  kind: RatingKind,
  signature: string,
  issuedAt: number | null,
): string {
  const time = issuedAt === null ? '' : `t=${issuedAt}&`;
  return `/rate/${arxivId.split('/').map(segment).join('/')}/${kind}?${time}sig=${segment(signature)}`;
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

/**
 * A query's feeds, `/feeds/search.xml?q=…` (RSS 2.0) and `/feeds/search.atom?q=…` (Atom 1.0); with `lang`, the feeds
 * showing translations in that language only (`&lang=zh`).
 */
export function searchFeedPaths(query: string, lang?: Lang): { rss: string; atom: string } {
  const search = queryOf([
    ['q', query],
    ['lang', lang],
  ]);
  return { rss: `/feeds/search.xml${search}`, atom: `/feeds/search.atom${search}` };
}

/** The OPML list of every profile's feed. */
export const OPML_PATH = '/feeds/feeds.opml';

/**
 * Where a page's links lead: the server's paths (SERVER_LINKS), or the files of a static site (staticLinks). The
 * page renderers take one and build every link to another page through it, so one renderer serves both.
 */
export interface SiteLinks {
  /** `server`: answered by `paperwire serve`; `static`: files of `paperwire site`, with no server behind them. */
  kind: 'server' | 'static';
  home: string;
  digestList(profile: string): string;
  /** A digest's page `page` (1: its own address), with an optional `#anchor`. */
  digestPage(profile: string, listingDate: IsoDate | string, page?: number, anchor?: string): string;
  /** The digest as its stored JSON document. */
  digestJson(profile: string, listingDate: IsoDate | string): string;
  paper(arxivId: string): string;
  feeds(profile: string): { rss: string; atom: string };
  /** Where the search box sends its `q` (GET). */
  search: string;
  /** The reading-language switch's link to `mode`, coming back to `back` (this page's path and query). */
  readingMode(mode: ReadingMode, back: string): string;
}

/** The server's paths, exactly as the functions above build them. */
export const SERVER_LINKS: SiteLinks = {
  kind: 'server',
  home: HOME_PATH,
  digestList: digestListPath,
  digestPage: (profile, listingDate, page = 1, anchor = '') =>
    digestPagePath(profile, listingDate, page, anchor),
  digestJson: (profile, listingDate) => apiDigestPath(profile, listingDate),
  paper: paperPath,
  feeds: feedPaths,
  search: SEARCH_PATH,
  readingMode: readingModePath,
};

/**
 * A name as one file or folder name of a static site: what `segment` makes of it (no `/`), and a leading `.`
 * encoded too, so that no name can be `.` or `..`. The file keeps this name; links encode it once more.
 */
function fileSegment(text: string): string {
  return segment(text).replace(/^\./, '%2E');
}

/** A static site's file, from its root: each part made a file name (fileSegment), `/`-joined. Not yet a link. */
function siteFile(...parts: string[]): string {
  return parts.map(fileSegment).join('/');
}

/** Every file of a static site (`paperwire site`), relative to its root, as written to disk. */
export const SITE_FILES = {
  home: 'index.html',
  search: 'search.html',
  searchScript: 'search.js',
  searchIndex: 'search-index.js',
  opml: 'feeds/feeds.opml',
  digestList: (profile: string): string => siteFile('digests', profile, 'index.html'),
  /** Page 1 is the digest folder's index.html, page N `page-N.html`. */
  digestPage: (profile: string, listingDate: string, page = 1): string =>
    siteFile('digests', profile, listingDate, page > 1 ? `page-${page}.html` : 'index.html'),
  digestJson: (profile: string, listingDate: string): string =>
    siteFile('digests', profile, listingDate, 'digest.json'),
  /** Old-style ids keep their slash as a folder (`papers/hep-th/9901001.html`). */
  paper: (arxivId: string): string => `papers/${arxivId.split('/').map(fileSegment).join('/')}.html`,
  feeds: (profile: string): { rss: string; atom: string } => ({
    rss: siteFile('feeds', `${profile}.xml`),
    atom: siteFile('feeds', `${profile}.atom`),
  }),
} as const;

/**
 * The links of a static site's page: each file of SITE_FILES after `base`, which is the way back to the site's
 * root (`''` at the root, `'../../'` two folders down, or the site's URL with a trailing slash for feeds that
 * must be absolute). A file name is percent-encoded once more, so a `%` in it reaches the file. The reading switch
 * works by script alone (no server to remember it), so its links only name the mode.
 */
export function staticLinks(base: string): SiteLinks {
  const link = (file: string): string => base + file.split('/').map(segment).join('/');
  return {
    kind: 'static',
    home: link(SITE_FILES.home),
    digestList: (profile) => link(SITE_FILES.digestList(profile)),
    digestPage: (profile, listingDate, page = 1, anchor = '') =>
      link(SITE_FILES.digestPage(profile, listingDate, page)) + (anchor === '' ? '' : `#${anchor}`),
    digestJson: (profile, listingDate) => link(SITE_FILES.digestJson(profile, listingDate)),
    paper: (arxivId) => link(SITE_FILES.paper(arxivId)),
    feeds: (profile) => {
      const files = SITE_FILES.feeds(profile);
      return { rss: link(files.rss), atom: link(files.atom) };
    },
    search: link(SITE_FILES.search),
    readingMode: (mode) => `#read-${mode}`,
  };
}

/** The way from a static site's file back to its root: `''` for `index.html`, `'../../'` for `digests/rl/x.html`. */
export function siteRootFrom(file: string): string {
  return '../'.repeat(file.split('/').length - 1);
}
