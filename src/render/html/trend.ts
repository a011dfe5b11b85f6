// The trend page: a form of queries and filters, then an SVG line chart of papers per year or month, one line per
// query, with a <title>, a legend, and the same counts as a table for readers who cannot see the chart. Pure: the
// server counts and passes the trend.
import type { Trend } from '../../model.js';
import { renderPage, type ReadingMode } from './layout.js';
import { html, joinHtml, type Html } from './markup.js';
import { searchPath, TREND_PATH } from './urls.js';

/** What the trend was asked for, as the reader wrote it (empty strings: not set). */
export interface TrendRequestView {
  queries: string[];
  by: 'year' | 'month';
  category: string;
  from: string;
  until: string;
  author: string;
}

export interface TrendPageData {
  request: TrendRequestView;
  /** Null when nothing was asked yet, or the request was refused. */
  trend: Trend | null;
  /** Why the request could not run, shown above the form. */
  error: string | null;
}

/** Queries the form offers fields for; the server refuses more. */
export const MAX_TREND_QUERIES = 6;

/** The chart's coordinate box (the SVG scales to the page width) and its margins for the axes' labels. */
const CHART = { width: 800, height: 320, left: 56, right: 16, top: 16, bottom: 40 } as const;
/** One colour per query, told apart in light and dark pages (the legend and the table name them too). */
const SERIES_COLOURS = ['#1a73e8', '#d93025', '#188038', '#e37400', '#9334e6', '#007b83'];
/** At most this many period labels under the x axis; the rest are in each point's title and the table. */
const MAX_X_LABELS = 12;
/** A table of at most this many periods shows unfolded. */
const OPEN_TABLE_ROWS = 40;
/** Horizontal grid lines above 0. */
const Y_STEPS = 4;

/** `/trend`: the form, then the chart and its table. */
export function renderTrendPage(data: TrendPageData, context: { mode: ReadingMode; path: string }): string {
  const { request, trend } = data;
  const title =
    request.queries.length === 0
      ? 'Trend'
      : `Trend: ${request.queries.map((query) => `“${query}”`).join(', ')}`;
  let summary: Html | string = '';
  if (data.error !== null) summary = html`<p class="notice">${data.error}</p>`;
  else if (trend === null)
    summary = html`<p class="muted">Count the papers of the archive matching each query, per year or month.</p>`;
  else if (trend.periods.length === 0) summary = html`<p class="notice">No paper matches.</p>`;
  const chart = trend === null || trend.periods.length === 0 ? '' : renderTrendFigure(trend);
  return renderPage(
    { title, mode: context.mode, path: context.path, query: request.queries[0] ?? '' },
    html`<h1>Trend</h1>${renderTrendForm(request)}${summary}${chart}`,
  );
}

function renderTrendForm(request: TrendRequestView): Html {
  const queries = [...request.queries, ''].slice(0, MAX_TREND_QUERIES);
  const queryInputs = queries.map(
    (query, at) =>
      html`<label>Query ${at + 1}<input type="search" name="q" value="${query}"${at === 0 ? '' : html` placeholder="another query"`}></label>`,
  );
  const option = (value: 'year' | 'month', label: string): Html =>
    value === request.by
      ? html`<option value="${value}" selected>${label}</option>`
      : html`<option value="${value}">${label}</option>`;
  const input = (name: 'category' | 'from' | 'until' | 'author', label: string, placeholder: string): Html =>
    html`<label>${label}<input type="text" name="${name}" value="${request[name]}" placeholder="${placeholder}"></label>`;
  return joinHtml(
    html`<form class="filters" action="${TREND_PATH}" method="get">`,
    queryInputs,
    html`<label>Per<select name="by">${option('year', 'year')}${option('month', 'month')}</select></label>`,
    input('category', 'Category', 'cs.LG or cs'),
    input('from', 'From', '2019'),
    input('until', 'Until', '2024-06'),
    input('author', 'Author', 'Levine'),
    html`<button type="submit">Count</button></form>`,
  );
}

/** The chart, its legend and its table. */
function renderTrendFigure(trend: Trend): Html {
  const unit = trend.by === 'year' ? 'year' : 'month';
  const names = trend.series.map((series) => `“${series.query}”`).join(', ');
  const legend = trend.series.map(
    (series, at) =>
      html`<li><svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true"><rect width="14" height="14" rx="3" fill="${colourOf(at)}"/></svg> <a href="${searchPath({ q: series.query })}">${series.query}</a> <span class="muted">${series.total.toLocaleString('en-US')} papers</span></li>`,
  );
  return html`<figure class="trend">${renderTrendSvg(trend, `Papers per ${unit} matching ${names}`)}<figcaption><ul class="legend">${legend}</ul></figcaption></figure>${renderTrendTable(trend)}`;
}

/** The line chart: axes, grid, one polyline per query, and a point per period whose <title> tells its count. */
function renderTrendSvg(trend: Trend, title: string): Html {
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const largest = Math.max(1, ...trend.series.flatMap((series) => series.counts));
  const step = niceStep(largest / Y_STEPS);
  const top = step * Math.ceil(largest / step);
  const xOf = (at: number): number =>
    round(
      CHART.left +
        (trend.periods.length === 1 ? plotWidth / 2 : (at * plotWidth) / (trend.periods.length - 1)),
    );
  const yOf = (count: number): number => round(CHART.top + plotHeight - (count / top) * plotHeight);
  const grid = Array.from({ length: Math.round(top / step) + 1 }, (_, index) => {
    const y = yOf(index * step);
    return html`<line x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${y}" y2="${y}" stroke="currentColor" stroke-opacity="0.15"/><text x="${CHART.left - 8}" y="${y + 4}" text-anchor="end">${(index * step).toLocaleString('en-US')}</text>`;
  });
  const every = Math.ceil(trend.periods.length / MAX_X_LABELS);
  const xLabels = trend.periods.map((period, at) =>
    at % every === 0 || at === trend.periods.length - 1
      ? html`<text x="${xOf(at)}" y="${CHART.height - CHART.bottom + 18}" text-anchor="middle">${period}</text>`
      : '',
  );
  const lines = trend.series.map((series, index) => {
    const points = series.counts.map((count, at) => `${xOf(at)},${yOf(count)}`).join(' ');
    const dots = series.counts.map(
      (count, at) =>
        html`<circle cx="${xOf(at)}" cy="${yOf(count)}" r="3" fill="${colourOf(index)}"><title>${series.query}, ${trend.periods[at] ?? ''}: ${count}</title></circle>`,
    );
    return html`<g class="series"><polyline fill="none" stroke="${colourOf(index)}" stroke-width="2" stroke-linejoin="round" points="${points}"/>${dots}</g>`;
  });
  return html`<svg class="trend-chart" viewBox="0 0 ${CHART.width} ${CHART.height}" role="img" aria-labelledby="trend-title" font-size="12" fill="currentColor"><title id="trend-title">${title}</title>${grid}${xLabels}${lines}</svg>`;
}

/** The counts as a table: one row per period, one column per query, the totals last. */
function renderTrendTable(trend: Trend): Html {
  const unit = trend.by === 'year' ? 'Year' : 'Month';
  const head = trend.series.map((series) => html`<th scope="col">${series.query}</th>`);
  const rows = trend.periods.map(
    (period, at) =>
      html`<tr><th scope="row">${period}</th>${trend.series.map((series) => html`<td>${series.counts[at] ?? 0}</td>`)}</tr>`,
  );
  const totals = trend.series.map((series) => html`<td>${series.total}</td>`);
  // A year chart's table is short enough to show; months (up to 12 a year) start folded.
  const open = trend.periods.length <= OPEN_TABLE_ROWS ? html` open` : '';
  return html`<details class="trend-table"${open}><summary>The counts as a table</summary><table class="list"><caption>Papers per ${unit.toLowerCase()}</caption><thead><tr><th scope="col">${unit}</th>${head}</tr></thead><tbody>${rows}<tr><th scope="row">Total</th>${totals}</tr></tbody></table></details>`;
}

function colourOf(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] ?? '#1a73e8';
}

/** A step of 1, 2 or 5 times a power of ten at least `raw`, so the axis reads 0, 20, 40 … */
function niceStep(raw: number): number {
  if (raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw);
  return step ?? 10 * power;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
