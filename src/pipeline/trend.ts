// Trends: for each query, how many papers of the store matched it per month or year, as aligned series with the
// empty periods between the first and the last as 0. The counting is the store's (in SQL); this stage lines the
// series up for the terminal chart, the JSON and the web page's SVG.
import type { IsoDate, Trend } from '../model.js';
import type { PeriodCount, Store, TrendOptions } from '../store/store.js';

/** Counts each query in the store (one SQL count each) and lines the series up; see buildTrend. */
export function loadTrend(store: Store, queries: readonly string[], options: TrendOptions): Trend {
  return buildTrend(
    queries.map((query) => ({ query, counts: store.countPapersByPeriod(query, options) })),
    options,
  );
}

/**
 * Series over every period from the earliest counted (or the period of `submittedFrom`, when earlier) to the latest
 * counted, the periods no paper fell in as 0. No count at all gives no period.
 */
export function buildTrend(
  counted: readonly { query: string; counts: readonly PeriodCount[] }[],
  options: Pick<TrendOptions, 'by' | 'submittedFrom'>,
): Trend {
  const seen = counted.flatMap(({ counts }) => counts.map((count) => count.period)).sort();
  const first = seen[0];
  const last = seen.at(-1);
  if (first === undefined || last === undefined) {
    return {
      by: options.by,
      periods: [],
      series: counted.map(({ query }) => ({ query, counts: [], total: 0 })),
    };
  }
  const asked = periodOf(options.submittedFrom, options.by);
  const periods = listPeriods(asked !== null && asked < first ? asked : first, last, options.by);
  const series = counted.map(({ query, counts }) => {
    const byPeriod = new Map(counts.map((count) => [count.period, count.count]));
    const values = periods.map((period) => byPeriod.get(period) ?? 0);
    return { query, counts: values, total: values.reduce((sum, value) => sum + value, 0) };
  });
  return { by: options.by, periods, series };
}

function periodOf(date: IsoDate | undefined, by: TrendOptions['by']): string | null {
  return date === undefined ? null : date.slice(0, by === 'year' ? 4 : 7);
}

/** Every period from `first` to `last`, both included: `2021`, `2022`, … or `2021-11`, `2021-12`, `2022-01`, … */
function listPeriods(first: string, last: string, by: TrendOptions['by']): string[] {
  const periods: string[] = [];
  let year = Number(first.slice(0, 4));
  let month = by === 'year' ? 1 : Number(first.slice(5, 7));
  for (;;) {
    const period = by === 'year' ? String(year) : `${year}-${String(month).padStart(2, '0')}`;
    if (period > last) return periods;
    periods.push(period);
    if (by === 'year' || month === 12) {
      year += 1;
      month = 1;
    } else {
      month += 1;
    }
  }
}
