// A trend as the web UI and the API ask for it: the `q` queries, `by`, and the search filters read from the request
// and checked (a bad one is a 400), then counted by the store (pipeline/trend.ts).
import type { Context } from 'hono';
import type { Trend } from '../model.js';
import { findSearchFault } from '../select/query-parse.js';
import { loadTrend } from '../pipeline/trend.js';
import { MAX_TREND_QUERIES, type TrendRequestView } from '../render/html/index.js';
import type { Store, TrendOptions } from '../store/store.js';
import { textParam, textParams } from './context.js';
import { BadRequestError } from './errors.js';
import { checkAuthor, parseDateFilters } from './search.js';

/** The trend the request asks for, as written (queries trimmed, empty ones dropped; `by` defaults to year). */
export function trendRequestOf(c: Context): TrendRequestView {
  const by = c.req.query('by') ?? '';
  if (by !== '' && by !== 'year' && by !== 'month') {
    throw new BadRequestError(`"by" must be year or month, got "${by}"`);
  }
  return {
    queries: textParams(c, 'q')
      .map((query) => query.trim())
      .filter((query) => query !== ''),
    by: by === 'month' ? 'month' : 'year',
    category: (textParam(c, 'category') ?? '').trim(),
    from: (textParam(c, 'from') ?? '').trim(),
    until: (textParam(c, 'until') ?? '').trim(),
    author: (textParam(c, 'author') ?? '').trim(),
  };
}

/**
 * Counts each query of the request; null when none was asked. Throws BadRequestError for more than
 * MAX_TREND_QUERIES queries, one beyond SEARCH_QUERY_LIMITS, an author filter too long to be a name, or a date that
 * is not a day, a month or a year.
 */
export function runTrend(store: Store, request: TrendRequestView): Trend | null {
  if (request.queries.length > MAX_TREND_QUERIES) {
    throw new BadRequestError(
      `a trend compares at most ${MAX_TREND_QUERIES} queries, got ${request.queries.length}`,
    );
  }
  for (const query of request.queries) {
    const fault = findSearchFault(query);
    if (fault !== null) throw new BadRequestError(fault.message, { hint: fault.hint });
  }
  checkAuthor(request.author);
  const { from, until } = parseDateFilters(request);
  if (request.queries.length === 0) return null;
  const options: TrendOptions = {
    by: request.by,
    ...(from !== null && { submittedFrom: from }),
    ...(until !== null && { submittedUntil: until }),
    ...(request.category !== '' && { categories: [request.category] }),
    ...(request.author !== '' && { author: request.author }),
  };
  return loadTrend(store, request.queries, options);
}
