import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Trend } from '../../model.js';
import { renderTrendChart } from './trend.js';

const sixQueries: Trend = {
  by: 'month',
  periods: ['2025-12', '2026-01'],
  series: Array.from({ length: 6 }, (_, at) => ({
    query: `a rather long query number ${at + 1}`,
    counts: [at * 100, 1],
    total: at * 100 + 1,
  })),
};

describe('renderTrendChart', () => {
  it('fits six queries side by side in 80 columns, names cut with …, counts aligned', () => {
    const lines = renderTrendChart(sixQueries, { widthColumns: 80 }).trimEnd().split('\n');
    for (const line of lines) assert.ok(Array.from(line).length <= 80, `${line.length}: ${line}`);
    assert.match(lines[1] ?? '', /a rather…/);
    const columnsOf = (line: string) =>
      [...line.matchAll(/\d+(?= |$)/g)].map((match) => match.index + match[0].length);
    assert.deepEqual(
      columnsOf(lines[2]?.slice(7) ?? ''),
      columnsOf(lines[4]?.slice(7) ?? ''),
      'counts end in the same columns',
    );
  });

  it('draws a count above 0 with at least an eighth, and 0 with no bar', () => {
    const chart = renderTrendChart(sixQueries, { widthColumns: 80 });
    const january = chart.split('\n').find((line) => line.startsWith('2026-01')) ?? '';
    assert.equal(january.match(/▏/g)?.length, 6, january);
    const december = chart.split('\n').find((line) => line.startsWith('2025-12')) ?? '';
    assert.match(december, /^2025-12 {2,}0 /, 'the first query has no bar for 0');
    assert.ok(december.includes('█'.repeat(5)), 'the largest count fills its column');
  });

  it('says so when nothing matched, the queries without their escape sequences', () => {
    const empty: Trend = {
      by: 'year',
      periods: [],
      series: [{ query: 'x\u001b[31m', counts: [], total: 0 }],
    };
    assert.equal(renderTrendChart(empty, { widthColumns: 80 }), 'no paper in the store matches "x"\n');
  });
});
