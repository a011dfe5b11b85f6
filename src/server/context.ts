// What every route receives, and the small readings of a request they share: the reader's language mode,
// this page's path, and checked path parameters.
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import {
  isArxivId,
  parseCount,
  parseIsoDate,
  splitVersionedId,
  stripControls,
  type IsoDate,
  type Lang,
} from '../model.js';
import { parseReadingMode, type ReadingMode, type SearchFilters } from '../render/html/index.js';
import type { Store } from '../store/store.js';
import type { DigestArchive } from './archive.js';
import { BadRequestError } from './errors.js';

export interface RouteDeps {
  store: Store;
  archive: DigestArchive;
  /** The saved digests read with a fallback translation in `lang` (`?lang=` on a query's feed); one per language. */
  archiveIn: (lang: Lang) => DigestArchive;
  /** Profile names from the config, shown first and even before their first digest. */
  profiles: readonly string[];
  now: () => Date;
  /** What the rating routes check a request against. */
  rating: RatingAuthority;
}

/** The rating routes' rules: who may rate without a token, the form token, and the key of signed e-mail links. */
interface RatingAuthority {
  /** True when the server is bound to a loopback address: the rating buttons need no serve token then. */
  isLoopback: boolean;
  /** The serve token a rating needs on any other address; null refuses such ratings. */
  token: string | null;
  /** This process's CSRF token, carried by every rating form. */
  csrfToken: string;
  /** The home's rating key, for signed e-mail links; null refuses them. */
  ratingKey: Buffer | null;
  /** `[web] public_url`: its origin counts as this server's own (behind a proxy); null when not set. */
  publicUrl: string | null;
  /** The store was opened read-only: every rating is refused, before its form is read. */
  isStoreReadOnly: boolean;
}

/** The cookie that remembers the reading mode (original, translation, both). */
export const READING_COOKIE = 'pw_read';

export function readingModeOf(c: Context): ReadingMode {
  return parseReadingMode(getCookie(c, READING_COOKIE));
}

/** Path and query of the request, as the no-script language links return to it. */
export function pathOf(c: Context): string {
  const url = new URL(c.req.url);
  return `${url.pathname}${url.search}`;
}

/** The listing date in a path, or BadRequestError. */
export function listingDateParam(value: string): IsoDate {
  const date = parseIsoDate(value);
  if (date === null)
    throw new BadRequestError(`"${value}" is not a listing date`, { hint: 'write it as YYYY-MM-DD' });
  return date;
}

/** `?page=N`: a whole number from 1 (1 when absent); BadRequestError otherwise. The caller checks the upper end. */
export function pageParam(value: string | undefined): number {
  if (value === undefined || value === '') return 1;
  const page = parseCount(value);
  if (page === null || page < 1) {
    throw new BadRequestError(`"page" must be a whole number from 1, got "${value}"`);
  }
  return page;
}

/** An arXiv id from a path, split from any version suffix; BadRequestError when it is not an arXiv id. */
export function arxivIdParam(value: string): { arxivId: string; version: number | null } {
  const decoded = decodeURIComponent(value);
  const hasVersion = /v\d+$/.test(decoded);
  const { arxivId, version } = splitVersionedId(decoded);
  if (!isArxivId(arxivId)) {
    throw new BadRequestError(`"${decoded}" is not an arXiv id`, {
      hint: 'e.g. 2601.19928 or hep-th/9901001',
    });
  }
  return { arxivId, version: hasVersion ? version : null };
}

/**
 * A text parameter of the query string (a search query, a filter) with its control characters stripped
 * (`stripControls`): a page echoes it in its `<title>` and its form, where a NUL or an ESC is not valid HTML, and
 * the search runs on what the page shows. Undefined when absent.
 */
export function textParam(c: Context, name: string): string | undefined {
  const value = c.req.query(name);
  return value === undefined ? undefined : stripControls(value);
}

/** Every value of a repeated text parameter (`?q=a&q=b`), stripped as `textParam` strips one. */
export function textParams(c: Context, name: string): string[] {
  return (c.req.queries(name) ?? []).map(stripControls);
}

/** The search filters of a request's query string (`from`, `until`, `category`, `keyword`); absent ones are ''. */
export function searchFiltersOf(c: Context): SearchFilters {
  return {
    from: textParam(c, 'from') ?? '',
    until: textParam(c, 'until') ?? '',
    category: textParam(c, 'category') ?? '',
    author: textParam(c, 'author') ?? '',
    keyword: textParam(c, 'keyword') ?? '',
  };
}

/** Any control character (C0, DEL, C1): browsers drop tab and newline from URLs, and Node refuses them in headers. */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's purpose
const URL_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A base no request can carry, so that only a path resolves to its origin. */
const OWN_ORIGIN = 'http://paperwire.invalid';

/**
 * Where a "go back" parameter may send the reader: a path on this site, normalised (`/a/../b` → `/b`, non-ASCII
 * percent-encoded), else `/`. Refused: anything not starting with one `/`, any control character (`/%09/evil`
 * becomes `//evil` in a browser) or backslash (`/\evil`), and any path that resolves elsewhere or normalises to
 * `//host`.
 */
export function toSameSitePath(back: string | undefined): string {
  if (back === undefined || !back.startsWith('/') || URL_CONTROL.test(back) || back.includes('\\'))
    return '/';
  if (!URL.canParse(back, OWN_ORIGIN)) return '/';
  const url = new URL(back, OWN_ORIGIN);
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === OWN_ORIGIN && !path.startsWith('//') ? path : '/';
}
