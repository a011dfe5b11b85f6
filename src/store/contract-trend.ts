// The store contract's cases for dates: trends (papers matching a query counted per month or year, in the store)
// and the date filters of search, for papers with a submission time and for papers only RSS gave (none).
// runStoreContract (contract.ts) runs them on every implementation.

import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { IsoDate, ListedPaper, Paper } from '../model.js';
import type { ListingKey, Store } from './store.js';

const day = (text: string): IsoDate => text as IsoDate;

/** Papers whose counts per period are known: how many of each title were submitted in each month. */
const KNOWN_COUNTS: readonly { title: string; month: string; count: number; categories: string[] }[] = [
  { title: 'Diffusion policy for grasping', month: '2021-03', count: 2, categories: ['cs.RO'] },
  { title: 'Diffusion policy for walking', month: '2021-11', count: 1, categories: ['cs.RO', 'cs.LG'] },
  { title: 'Diffusion policy at scale', month: '2023-01', count: 3, categories: ['cs.LG'] },
  { title: 'Diffusion policy in the wild', month: '2023-02', count: 4, categories: ['cs.RO'] },
  { title: 'World models for Atari', month: '2022-05', count: 5, categories: ['cs.LG'] },
];

/** Registers the cases with `test`, runStoreContract's wrapper (fresh store, skips, close). */
export function runTrendContract(
  test: (name: string, body: (store: Store) => void) => void,
  makePaper: (arxivId: string, overrides: Partial<Paper>) => Paper,
): void {
  const saveKnownCounts = (store: Store): void => {
    const papers: ListedPaper[] = [];
    for (const [group, { title, month, count, categories }] of KNOWN_COUNTS.entries()) {
      for (let index = 0; index < count; index += 1) {
        const arxivId = `2601.${String(group * 100 + index).padStart(5, '0')}`;
        const paper = makePaper(arxivId, {
          title,
          abstract: `An abstract of paper ${arxivId}.`,
          categories,
          primaryCategory: categories[0] ?? '',
          // The last day of the month late in the evening, UTC: the period is the UTC month.
          publishedAt: new Date(`${month}-${index % 2 === 0 ? '28T23:59:00' : '01T00:00:00'}Z`),
        });
        papers.push({ paper, announceType: 'new' });
      }
    }
    store.savePapers(papers);
  };

  describe('Store contract: trends', () => {
    test('counts the papers matching a query per year and per month, leaving out empty periods', (store) => {
      saveKnownCounts(store);
      assert.deepEqual(store.countPapersByPeriod('"diffusion policy"', { by: 'year' }), [
        { period: '2021', count: 3 },
        { period: '2023', count: 7 },
      ]);
      assert.deepEqual(store.countPapersByPeriod('"diffusion policy"', { by: 'month' }), [
        { period: '2021-03', count: 2 },
        { period: '2021-11', count: 1 },
        { period: '2023-01', count: 3 },
        { period: '2023-02', count: 4 },
      ]);
      assert.deepEqual(store.countPapersByPeriod('world models', { by: 'year' }), [
        { period: '2022', count: 5 },
      ]);
      assert.deepEqual(store.countPapersByPeriod('"policy world"', { by: 'year' }), []);
      assert.deepEqual(store.countPapersByPeriod('" - "', { by: 'year' }), [], 'no words, no count');
    });

    test('counts a trend within a category and from a date', (store) => {
      saveKnownCounts(store);
      assert.deepEqual(store.countPapersByPeriod('diffusion', { by: 'year', categories: ['cs.RO'] }), [
        { period: '2021', count: 3 },
        { period: '2023', count: 4 },
      ]);
      assert.deepEqual(store.countPapersByPeriod('diffusion', { by: 'year', categories: ['cs.LG'] }), [
        { period: '2021', count: 1 },
        { period: '2023', count: 3 },
      ]);
      assert.deepEqual(
        store.countPapersByPeriod('diffusion', { by: 'month', submittedFrom: day('2023-01-29') }),
        [{ period: '2023-02', count: 4 }],
      );
      assert.deepEqual(
        store.countPapersByPeriod('diffusion', { by: 'month', submittedUntil: day('2021-03-28') }),
        [{ period: '2021-03', count: 2 }],
      );
    });

    test('counts a query in the query language: OR, NOT, fields and cat:', (store) => {
      saveKnownCounts(store);
      assert.deepEqual(store.countPapersByPeriod('diffusion -cat:cs.LG', { by: 'year' }), [
        { period: '2021', count: 2 },
        { period: '2023', count: 4 },
      ]);
      assert.deepEqual(store.countPapersByPeriod('ti:(grasping OR atari)', { by: 'year' }), [
        { period: '2021', count: 2 },
        { period: '2022', count: 5 },
      ]);
      assert.deepEqual(store.countPapersByPeriod('"diffusion policy" NOT (wild OR scale)', { by: 'year' }), [
        { period: '2021', count: 3 },
      ]);
    });

    test('dates a paper only RSS gave by the first listing that announced it, in trends and filters', (store) => {
      const rss = (listingDate: string): ListingKey => ({
        listingDate: day(listingDate),
        source: 'arxiv-rss',
        scope: 'cs',
      });
      const fromRss = makePaper('2601.00900', {
        title: 'Diffusion policy from the feed',
        publishedAt: null,
        updatedAt: null,
      });
      store.savePapers([{ paper: fromRss, announceType: 'new' }], rss('2026-01-06'));
      store.savePapers([{ paper: fromRss, announceType: 'replace' }], rss('2026-01-20'));
      const ids = (from: string, until: string): string[] =>
        store
          .searchPapers('feed', { limit: 5, submittedFrom: day(from), submittedUntil: day(until) })
          .map((hit) => hit.paper.arxivId);
      assert.deepEqual(ids('2026-01-01', '2026-01-31'), ['2601.00900']);
      assert.deepEqual(ids('2026-01-06', '2026-01-06'), ['2601.00900']);
      assert.deepEqual(ids('2026-01-07', '2026-01-31'), [], 'the first listing dates it, not a later one');
      assert.deepEqual(ids('2025-01-01', '2026-01-05'), []);
      assert.deepEqual(store.countPapersByPeriod('feed', { by: 'month' }), [{ period: '2026-01', count: 1 }]);
    });
  });
}
