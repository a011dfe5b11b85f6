// The trend page (`/trend`, an SVG chart of papers per year or month for each query) and its JSON (`/api/trend`,
// the document of `paperwire trend --json`). Each handler reads the request, counts, then calls one renderer.
import { Hono } from 'hono';
import { renderTrendPage, type TrendRequestView } from '../../render/html/index.js';
import { renderTrendJson } from '../../render/text/trend.js';
import type { Trend } from '../../model.js';
import { pathOf, readingModeOf, type RouteDeps } from '../context.js';
import { BadRequestError, WebRequestError } from '../errors.js';
import { parseDateFilters } from '../search.js';
import { runTrend, trendRequestOf } from '../trend.js';

export function trendRoutes(deps: RouteDeps): Hono {
  const app = new Hono();

  app.get('/trend', (c) => {
    let request: TrendRequestView = {
      queries: [],
      by: 'year',
      category: '',
      from: '',
      until: '',
      author: '',
    };
    let trend: Trend | null = null;
    let error: string | null = null;
    try {
      request = trendRequestOf(c);
      trend = runTrend(deps.store, request);
    } catch (caught) {
      // A bad parameter is the reader's to fix: show it above the form they can fix it in.
      if (!(caught instanceof WebRequestError)) throw caught;
      error = caught.message;
    }
    const page = renderTrendPage({ request, trend, error }, { mode: readingModeOf(c), path: pathOf(c) });
    return c.html(page, error === null ? 200 : 400);
  });

  app.get('/api/trend', (c) => {
    const request = trendRequestOf(c);
    const trend = runTrend(deps.store, request);
    if (trend === null) throw new BadRequestError('a trend needs a query: give one or more "q"');
    const { from, until } = parseDateFilters(request);
    const json = renderTrendJson(trend, {
      categories: request.category === '' ? [] : [request.category],
      from,
      until,
      author: request.author === '' ? null : request.author,
    });
    return c.body(json, 200, { 'content-type': 'application/json; charset=utf-8' });
  });

  return app;
}
