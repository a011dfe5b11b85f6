// What `paperwire trend` prints: the series side by side as a terminal chart of bars with their counts (aligned,
// within a width, no colour, no escape), or its JSON document (docs/json-format.md). Pure.
import { stripControls, type Trend } from '../../model.js';

/** The filters a trend was counted with, as the JSON document states them; null when not set. */
export interface TrendFilters {
  categories: string[];
  from: string | null;
  until: string | null;
  author: string | null;
}

/** A bar's eighths: the partial blocks after the full ones (U+258F … U+2589). */
const PARTIAL_BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const FULL_BLOCK = '█';
/** Spaces between the period column and the series, and between series. */
const GAP = 2;

/**
 * The chart: a line naming the unit, a header of the queries, one line per period with each query's bar and count,
 * and a line of totals. Every bar shares one scale (the largest count fills its column), so bars compare across
 * queries; a count above 0 always shows at least an eighth. Lines fit `widthColumns` while each series keeps a bar
 * of 4 columns or more. `filters` (words such as " (from 2030)") follows the queries when nothing matched.
 */
export function renderTrendChart(trend: Trend, options: { widthColumns: number; filters?: string }): string {
  const unit = trend.by === 'year' ? 'year' : 'month';
  if (trend.periods.length === 0) {
    return `no paper in the store matches ${describeQueries(trend)}${options.filters ?? ''}\n`;
  }
  const labelWidth = Math.max('total'.length, ...trend.periods.map((period) => period.length));
  const countWidth = Math.max(...trend.series.map((series) => String(series.total).length));
  const columns = trend.series.length;
  const columnWidth = Math.max(
    countWidth + 1 + 4,
    Math.floor((options.widthColumns - labelWidth - GAP * columns) / columns),
  );
  const barWidth = columnWidth - countWidth - 1;
  const largest = Math.max(1, ...trend.series.flatMap((series) => series.counts));
  const line = (label: string, cells: string[]): string =>
    `${label.padEnd(labelWidth)}${cells.map((cell) => ' '.repeat(GAP) + cell.padEnd(columnWidth)).join('')}`.trimEnd();
  const header = trend.series.map((series) => fitText(stripControls(series.query), columnWidth));
  const rows = trend.periods.map((period, at) =>
    line(
      period,
      trend.series.map((series) => {
        const count = series.counts[at] ?? 0;
        return `${renderBar(count, largest, barWidth).padEnd(barWidth)} ${String(count).padStart(countWidth)}`;
      }),
    ),
  );
  const totals = line(
    'total',
    trend.series.map((series) => `${' '.repeat(barWidth)} ${String(series.total).padStart(countWidth)}`),
  );
  return [
    `papers per ${unit} (first submission or, RSS-only, first listing; UTC)`,
    line('', header),
    ...rows,
    totals,
    '',
  ].join('\n');
}

/** The JSON document of a trend (docs/json-format.md, "paperwire trend --json"). */
export function renderTrendJson(trend: Trend, filters: TrendFilters): string {
  const document = {
    by: trend.by,
    filters,
    periods: trend.periods,
    series: trend.series.map((series) => ({
      query: series.query,
      total: series.total,
      counts: series.counts,
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Full blocks for whole columns, then one partial block for the eighths; a count above 0 gets at least one. */
function renderBar(count: number, largest: number, barWidth: number): string {
  if (count <= 0) return '';
  const eighths = Math.max(1, Math.round((count / largest) * barWidth * 8));
  return FULL_BLOCK.repeat(Math.floor(eighths / 8)) + (PARTIAL_BLOCKS[eighths % 8] ?? '');
}

/** The text cut to `width` characters (code points), with … when cut. */
function fitText(text: string, width: number): string {
  const characters = Array.from(text);
  return characters.length <= width
    ? text
    : `${characters
        .slice(0, width - 1)
        .join('')
        .trimEnd()}…`;
}

function describeQueries(trend: Trend): string {
  return trend.series.map((series) => `"${stripControls(series.query)}"`).join(' or ');
}
