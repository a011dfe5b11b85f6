// What every route receives, and the small readings of a request they share: the reader's language mode,
// this page's path, and checked path parameters.
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { isArxivId, parseIsoDate, splitVersionedId, type IsoDate } from '../model.js';
import { parseReadingMode, type ReadingMode, type SearchFilters } from '../render/html.js';
import type { Store } from '../store/store.js';
import type { DigestArchive } from './archive.js';
import { BadRequestError } from './errors.js';

export interface RouteDeps {
  store: Store;
  archive: DigestArchive;
  /** Profile names from the config, shown first and even before their first digest. */
  profiles: readonly string[];
  now: () => Date;
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
  const page = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(page) || page < 1) {
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

/** The search filters of a request's query string (`from`, `until`, `category`, `keyword`); absent ones are ''. */
export function searchFiltersOf(c: Context): SearchFilters {
  return {
    from: c.req.query('from') ?? '',
    until: c.req.query('until') ?? '',
    category: c.req.query('category') ?? '',
    keyword: c.req.query('keyword') ?? '',
  };
}
