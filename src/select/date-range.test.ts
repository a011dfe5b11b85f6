import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDateBound } from './date-range.js';

describe('parseDateBound', () => {
  const cases: [string, string | null, string | null][] = [
    ['2024-03-15', '2024-03-15', '2024-03-15'],
    ['2024', '2024-01-01', '2024-12-31'],
    ['2024-02', '2024-02-01', '2024-02-29'],
    ['2023-02', '2023-02-01', '2023-02-28'],
    ['1999-12', '1999-12-01', '1999-12-31'],
    [' 2024 ', '2024-01-01', '2024-12-31'],
    ['2024-13', null, null],
    ['2024-00', null, null],
    ['2023-02-29', null, null],
    ['24', null, null],
    ['2024-3', null, null],
    ['yesterday', null, null],
    ['', null, null],
  ];
  for (const [text, start, end] of cases) {
    it(`reads "${text}" as ${start ?? 'nothing'} … ${end ?? 'nothing'}`, () => {
      assert.equal(parseDateBound(text, 'start'), start);
      assert.equal(parseDateBound(text, 'end'), end);
    });
  }
});
