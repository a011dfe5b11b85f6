// The store contract's cases for harvests: a page's papers, their version dates and the harvest's position saved
// together, read back, and saved again without change. runStoreContract (contract.ts) runs them on every store.

import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { IsoDate, Paper } from '../model.js';
import { StoreError } from '../errors.js';
import type { ArchivedPaper, HarvestState, Store } from './store.js';

function sampleState(overrides: Partial<HarvestState> = {}): HarvestState {
  return {
    set: 'cs:cs:LG',
    from: '2026-11-28' as IsoDate,
    until: null,
    resumptionToken: 'verb%3DListRecords%26skip%3D2',
    tokenExpiresAt: new Date('2026-12-02T00:00:00Z'),
    tokenCursor: null,
    lastDatestamp: '2026-11-29' as IsoDate,
    records: 2,
    pages: 1,
    startedAt: new Date('2026-12-01T09:00:00Z'),
    completedAt: null,
    ...overrides,
  };
}

function archived(paper: Paper, dates: string[]): ArchivedPaper {
  return {
    paper: { ...paper, version: dates.length },
    versions: dates.map((date, index) => ({ version: index + 1, submittedAt: new Date(date) })),
  };
}

/** Registers the cases with `test`, runStoreContract's wrapper (fresh store, skips, close). */
export function runHarvestContract(
  test: (name: string, body: (store: Store) => void) => void,
  paperOf: (arxivId: string) => Paper,
): void {
  describe('Store contract: harvests', () => {
    test('saves a harvested page with every version date and the state, and reads them back', (store) => {
      const page = [
        archived(paperOf('2611.10000'), ['2026-11-01T10:00:00Z', '2026-11-29T08:00:00Z']),
        archived(paperOf('2611.10001'), ['2026-11-28T12:00:00Z']),
      ];
      assert.deepEqual(store.saveHarvestPage(page, sampleState()), { inserted: 2, updated: 0, unchanged: 0 });
      assert.equal(store.loadPaper('2611.10000')?.version, 2);
      assert.deepEqual(store.loadVersions('2611.10000'), [1, 2]);
      assert.deepEqual(store.loadVersionDates('2611.10000'), [
        { version: 1, submittedAt: new Date('2026-11-01T10:00:00Z') },
        { version: 2, submittedAt: new Date('2026-11-29T08:00:00Z') },
      ]);
      assert.deepEqual(store.loadHarvestState('cs:cs:LG'), sampleState());
      assert.equal(store.loadHarvestState(''), null);
    });

    test('changes nothing when the same page is saved again, and the new state replaces the old', (store) => {
      const page = [archived(paperOf('2611.10000'), ['2026-11-01T10:00:00Z'])];
      store.saveHarvestPage(page, sampleState());
      const done = sampleState({
        resumptionToken: null,
        tokenExpiresAt: null,
        pages: 2,
        completedAt: new Date('2026-12-01T09:05:00Z'),
      });
      assert.deepEqual(store.saveHarvestPage(page, done), { inserted: 0, updated: 0, unchanged: 1 });
      assert.deepEqual(store.loadHarvestState('cs:cs:LG'), done);
      assert.deepEqual(store.loadVersionDates('2611.10000'), [
        { version: 1, submittedAt: new Date('2026-11-01T10:00:00Z') },
      ]);
    });

    test('saves neither papers nor state when a paper of the page is invalid', (store) => {
      const page = [
        archived(paperOf('2611.10000'), ['2026-11-01T10:00:00Z']),
        archived(paperOf(''), ['2026-11-01T10:00:00Z']),
      ];
      assert.throws(() => store.saveHarvestPage(page, sampleState()), StoreError);
      assert.equal(store.loadPaper('2611.10000'), null);
      assert.equal(store.loadHarvestState('cs:cs:LG'), null);
    });

    test('gives the versions of a paper saved without dates, with null dates', (store) => {
      store.savePapers([{ paper: { ...paperOf('2611.10002'), version: 3 }, announceType: 'new' }]);
      assert.deepEqual(store.loadVersionDates('2611.10002'), [{ version: 3, submittedAt: null }]);
      assert.deepEqual(store.loadVersionDates('2611.99999'), []);
    });
  });
}
