// The store contract's cases for what belongs to the reader: the library, ratings with their times, and the papers
// each profile's digests showed. runStoreContract (contract.ts) runs them on every implementation.

import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { libraryKeyOf, type IsoDate, type LibraryEntry } from '../model.js';
import { StoreError } from '../errors.js';
import type { Store } from './store.js';

/** A library entry for tests; override what the test is about. */
function sampleLibraryEntry(arxivId: string | null, overrides: Partial<LibraryEntry> = {}): LibraryEntry {
  const title = overrides.title ?? `Library paper ${arxivId ?? 'without id'}`;
  return {
    key: libraryKeyOf(arxivId, title),
    arxivId,
    title,
    abstract: `What library paper ${arxivId ?? title} is about.`,
    authors: ['Grace Hopper'],
    source: 'refs.bib:1',
    addedAt: new Date('2026-01-10T09:00:00Z'),
    ...overrides,
  };
}

const day = (text: string): IsoDate => text as IsoDate;

/** Registers the cases with `test`, runStoreContract's wrapper (fresh store, skips, close). */
export function runLibraryContract(test: (name: string, body: (store: Store) => void) => void): void {
  describe('Store contract: library', () => {
    test('saves library entries and loads them oldest first', (store) => {
      const later = sampleLibraryEntry('2501.00002', { addedAt: new Date('2026-01-11T00:00:00Z') });
      const first = sampleLibraryEntry(null, { title: 'Sim-to-Real transfer', abstract: '' });
      assert.deepEqual(store.saveLibraryEntries([later, first]), { added: 2, updated: 0 });
      assert.deepEqual(store.loadLibrary(), [first, later]);
    });

    test('changes nothing when the same entries are saved again', (store) => {
      const entries = [sampleLibraryEntry('2501.00001'), sampleLibraryEntry(null, { title: 'No id' })];
      store.saveLibraryEntries(entries);
      assert.deepEqual(store.saveLibraryEntries(entries), { added: 0, updated: 0 });
      assert.equal(store.loadLibrary().length, 2);
    });

    test('updates a changed entry but keeps when it was first added and a known abstract', (store) => {
      const entry = sampleLibraryEntry('2501.00001');
      store.saveLibraryEntries([entry]);
      const again = {
        ...entry,
        title: 'A new title',
        abstract: '',
        addedAt: new Date('2026-02-01T00:00:00Z'),
      };
      assert.deepEqual(store.saveLibraryEntries([again]), { added: 0, updated: 1 });
      const [stored] = store.loadLibrary();
      assert.equal(stored?.title, 'A new title');
      assert.equal(stored.abstract, entry.abstract);
      assert.deepEqual(stored.addedAt, entry.addedAt);
    });

    test('replaces an entry kept by its title when the same title comes with an arXiv id', (store) => {
      const byTitle = sampleLibraryEntry(null, { title: 'Sim-to-Real transfer' });
      store.saveLibraryEntries([byTitle]);
      const byId = sampleLibraryEntry('2501.00003', {
        title: 'Sim-to-real Transfer',
        addedAt: new Date('2026-03-01T00:00:00Z'),
      });
      assert.deepEqual(store.saveLibraryEntries([byId]), { added: 0, updated: 1 });
      const library = store.loadLibrary();
      assert.deepEqual(
        library.map((entry) => [entry.key, entry.addedAt.toISOString()]),
        [['arxiv:2501.00003', byTitle.addedAt.toISOString()]],
      );
    });

    test('removes an entry by key or by arXiv id, and says when nothing matched', (store) => {
      store.saveLibraryEntries([
        sampleLibraryEntry('2501.00001'),
        sampleLibraryEntry(null, { title: 'Kept' }),
      ]);
      assert.equal(store.removeLibraryEntry('2501.00001'), true);
      assert.equal(store.removeLibraryEntry('title:kept'), true);
      assert.equal(store.removeLibraryEntry('2501.00001'), false);
      assert.deepEqual(store.loadLibrary(), []);
    });

    test('refuses an entry with an empty title and saves nothing of that call', (store) => {
      assert.throws(
        () =>
          store.saveLibraryEntries([
            sampleLibraryEntry('2501.00001'),
            sampleLibraryEntry(null, { title: ' ' }),
          ]),
        (error: unknown) => error instanceof StoreError && /entry 1/.test(error.message),
      );
      assert.deepEqual(store.loadLibrary(), []);
    });
  });

  describe('Store contract: ratings', () => {
    test('keeps the latest rating of each paper as its current one', (store) => {
      store.setRating('2501.00001', 'up', new Date('2026-01-01T00:00:00Z'));
      store.setRating('2501.00002', 'save', new Date('2026-01-02T00:00:00Z'));
      store.setRating('2501.00001', 'down', new Date('2026-01-03T00:00:00Z'));
      assert.deepEqual(store.loadRatings(), [
        { arxivId: '2501.00002', kind: 'save', ratedAt: new Date('2026-01-02T00:00:00Z') },
        { arxivId: '2501.00001', kind: 'down', ratedAt: new Date('2026-01-03T00:00:00Z') },
      ]);
    });

    test('clears a rating with null and keeps every rating with its time in the history', (store) => {
      store.setRating('2501.00001', 'up', new Date('2026-01-01T00:00:00Z'));
      store.setRating('2501.00001', null, new Date('2026-01-02T00:00:00Z'));
      assert.deepEqual(store.loadRatings(), []);
      assert.deepEqual(store.loadRatingHistory(), [
        { arxivId: '2501.00001', kind: 'up', ratedAt: new Date('2026-01-01T00:00:00Z') },
        { arxivId: '2501.00001', kind: null, ratedAt: new Date('2026-01-02T00:00:00Z') },
      ]);
    });

    test("loads one paper's current rating, null when none or cleared", (store) => {
      assert.equal(store.loadRating('2501.00001'), null);
      store.setRating('2501.00001', 'up', new Date('2026-01-01T00:00:00Z'));
      store.setRating('2501.00002', 'save', new Date('2026-01-02T00:00:00Z'));
      store.setRating('2501.00001', 'down', new Date('2026-01-03T00:00:00Z'));
      assert.equal(store.loadRating('2501.00001'), 'down');
      store.setRating('2501.00002', null, new Date('2026-01-04T00:00:00Z'));
      assert.equal(store.loadRating('2501.00002'), null);
    });
  });

  describe('Store contract: shown papers', () => {
    test('loads what earlier digests of a profile showed, never that date or another profile', (store) => {
      store.recordShown('rl', day('2026-01-05'), ['2501.00001', '2501.00002']);
      store.recordShown('rl', day('2026-01-06'), ['2501.00003']);
      store.recordShown('cv', day('2026-01-05'), ['2501.00009']);
      assert.deepEqual([...store.loadShown('rl', day('2026-01-06'))].sort(), ['2501.00001', '2501.00002']);
      assert.deepEqual(store.loadShown('rl', day('2026-01-05')), new Set());
      assert.equal(store.loadShown('rl', day('2026-01-07')).size, 3);
      assert.deepEqual(store.loadShown('cv', day('2026-01-07')), new Set(['2501.00009']));
    });

    test('loads the earliest date each paper was shown to a profile, before the date asked', (store) => {
      store.recordShown('rl', day('2026-01-06'), ['2501.00001', '2501.00002']);
      store.recordShown('rl', day('2026-01-05'), ['2501.00001']);
      store.recordShown('rl', day('2026-01-07'), ['2501.00003']);
      store.recordShown('cv', day('2026-01-04'), ['2501.00002']);
      assert.deepEqual(
        store.loadFirstShown('rl', day('2026-01-07')),
        new Map([
          ['2501.00001', day('2026-01-05')],
          ['2501.00002', day('2026-01-06')],
        ]),
      );
      assert.deepEqual(store.loadFirstShown('rl', day('2026-01-05')), new Map());
    });

    test('keeps what a digest showed when it is recorded again with fewer papers', (store) => {
      store.recordShown('rl', day('2026-01-05'), ['2501.00001', '2501.00002']);
      store.recordShown('rl', day('2026-01-05'), ['2501.00002', '2501.00003']);
      assert.deepEqual([...store.loadShown('rl', day('2026-01-06'))].sort(), [
        '2501.00001',
        '2501.00002',
        '2501.00003',
      ]);
    });
  });
}
