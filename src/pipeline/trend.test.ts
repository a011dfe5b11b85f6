import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IsoDate } from '../model.js';
import { buildTrend } from './trend.js';

describe('buildTrend', () => {
  it('lines the series up over every year from the first to the last counted, empty years as 0', () => {
    const trend = buildTrend(
      [
        {
          query: 'a',
          counts: [
            { period: '2019', count: 2 },
            { period: '2022', count: 5 },
          ],
        },
        { query: 'b', counts: [{ period: '2021', count: 1 }] },
      ],
      { by: 'year' },
    );
    assert.deepEqual(trend, {
      by: 'year',
      periods: ['2019', '2020', '2021', '2022'],
      series: [
        { query: 'a', counts: [2, 0, 0, 5], total: 7 },
        { query: 'b', counts: [0, 0, 1, 0], total: 1 },
      ],
    });
  });

  it('rolls months over the year and starts at the asked month when it is earlier', () => {
    const trend = buildTrend([{ query: 'a', counts: [{ period: '2024-01', count: 3 }] }], {
      by: 'month',
      submittedFrom: '2023-11-15' as IsoDate,
    });
    assert.deepEqual(trend.periods, ['2023-11', '2023-12', '2024-01']);
    assert.deepEqual(trend.series[0]?.counts, [0, 0, 3]);
  });

  it('gives no period when nothing was counted, whatever was asked', () => {
    const trend = buildTrend([{ query: 'a', counts: [] }], {
      by: 'year',
      submittedFrom: '2020-01-01' as IsoDate,
    });
    assert.deepEqual(trend, { by: 'year', periods: [], series: [{ query: 'a', counts: [], total: 0 }] });
  });
});
