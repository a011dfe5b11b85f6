// The store contract's cases for bulk import and stats: batches with every version, the mark saved with its
// batch (nothing of a failed batch, mark included), imported papers found by search, counts. runStoreContract runs them.

import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { StoreError } from '../errors.js';
import type { IsoDate, ListedPaper, Paper, PaperVersionDate } from '../model.js';
import type { ImportedPaper, ImportMark, SaveResult, Store } from './store.js';

function markOf(lineNumber: number, overrides: Partial<ImportMark> = {}): ImportMark {
  return {
    fileKey: 'size-1234:abcdef',
    path: 'snapshot.jsonl',
    byteOffset: lineNumber * 100,
    lineNumber,
    isComplete: false,
    totals: { inserted: lineNumber, updated: 0, unchanged: 0, problems: 0 },
    ...overrides,
  };
}

/**
 * One batch of a bulk import through `Store.startImport`, as `paperwire import` writes one: its papers, then its
 * mark, whose totals are given as those before the batch and recorded with the batch's added.
 */
export function importBatch(store: Store, papers: readonly ImportedPaper[], mark: ImportMark): SaveResult {
  const session = store.startImport();
  const result = session.write(papers);
  const { totals } = mark;
  session.commit({
    ...mark,
    totals: {
      ...totals,
      inserted: totals.inserted + result.inserted,
      updated: totals.updated + result.updated,
      unchanged: totals.unchanged + result.unchanged,
    },
  });
  return result;
}

/** Versions whose submission times the source did not say. */
function undated(...versions: number[]): PaperVersionDate[] {
  return versions.map((version) => ({ version, submittedAt: null }));
}

/** Registers the cases with `test`, runStoreContract's wrapper; `paper` makes a paper to save. */
export function runImportContract(
  test: (name: string, body: (store: Store) => void) => void,
  paper: (arxivId: string, overrides?: Partial<Paper>) => Paper,
): void {
  describe('Store contract: bulk import', () => {
    test('imports papers with every version and records the mark in the same call', (store) => {
      const first = paper('0704.0001', { version: 3 });
      const result = importBatch(
        store,
        [
          { paper: first, versions: undated(1, 2, 3) },
          { paper: paper('0704.0002'), versions: undated(1) },
        ],
        markOf(2),
      );
      assert.deepEqual(result, { inserted: 2, updated: 0, unchanged: 0 });
      assert.deepEqual(store.loadPaper('0704.0001'), first);
      assert.deepEqual(store.loadVersions('0704.0001'), [1, 2, 3]);
      // The totals given are those before the batch; the mark adds the batch's.
      assert.deepEqual(
        store.loadImportMark('size-1234:abcdef'),
        markOf(2, { totals: { inserted: 4, updated: 0, unchanged: 0, problems: 0 } }),
      );
      assert.equal(store.loadImportMark('another-file'), null);
    });

    test('imports the same papers again without changing anything', (store) => {
      const batch = [{ paper: paper('0704.0003', { version: 2 }), versions: undated(1, 2) }];
      importBatch(store, batch, markOf(1));
      const again = importBatch(store, batch, markOf(1, { isComplete: true }));
      assert.deepEqual(again, { inserted: 0, updated: 0, unchanged: 1 });
      assert.deepEqual(store.loadVersions('0704.0003'), [1, 2]);
      assert.deepEqual(
        store.loadImportMark('size-1234:abcdef'),
        markOf(1, { isComplete: true, totals: { inserted: 1, updated: 0, unchanged: 1, problems: 0 } }),
      );
    });

    test("saves each version's submission time, and an unknown one never erases a stored one", (store) => {
      const at = (iso: string): Date => new Date(iso);
      const dated = [
        { version: 1, submittedAt: at('2007-04-02T19:18:42Z') },
        { version: 2, submittedAt: at('2007-07-24T20:10:27Z') },
      ];
      importBatch(store, [{ paper: paper('0704.0009', { version: 2 }), versions: dated }], markOf(1));
      assert.deepEqual(store.loadVersionDates('0704.0009'), dated);
      // A later snapshot line that does not say (its dates unreadable) keeps what was stored, and changes nothing.
      const again = importBatch(
        store,
        [{ paper: paper('0704.0009', { version: 2 }), versions: undated(1, 2) }],
        markOf(1),
      );
      assert.deepEqual(again, { inserted: 0, updated: 0, unchanged: 1 });
      assert.deepEqual(store.loadVersionDates('0704.0009'), dated);
      // A version RSS saw first (no date) gets its date from the snapshot.
      store.savePapers([{ paper: paper('0704.0010', { version: 1 }), announceType: 'new' }]);
      importBatch(
        store,
        [
          {
            paper: paper('0704.0010', { version: 1 }),
            versions: [dated[0] ?? { version: 1, submittedAt: null }],
          },
        ],
        markOf(1),
      );
      assert.deepEqual(store.loadVersionDates('0704.0010'), [dated[0]]);
    });

    test('keeps newer stored metadata when an import brings an older version', (store) => {
      const v3 = paper('0704.0004', { version: 3, title: 'Third title' });
      store.savePapers([{ paper: v3, announceType: 'replace' } satisfies ListedPaper]);
      const result = importBatch(
        store,
        [{ paper: paper('0704.0004', { version: 2, title: 'Second title' }), versions: undated(1, 2) }],
        markOf(1),
      );
      assert.deepEqual(result, { inserted: 0, updated: 0, unchanged: 1 });
      assert.deepEqual(store.loadPaper('0704.0004'), v3);
      assert.deepEqual(store.loadVersions('0704.0004'), [1, 2, 3]);
    });

    test('finds imported papers by search, though they belong to no listing', (store) => {
      importBatch(
        store,
        [
          {
            paper: paper('0704.0005', { title: 'Diphoton production at the Tevatron' }),
            versions: undated(1),
          },
        ],
        markOf(1),
      );
      assert.deepEqual(
        store.searchPapers('diphoton', { limit: 5 }).map((hit) => hit.paper.arxivId),
        ['0704.0005'],
      );
      // The web UI's date filter reads the submission time, which the snapshot gives (unlike RSS).
      assert.equal(
        store.searchPapers('diphoton', { limit: 5, submittedFrom: '2026-01-05' as IsoDate }).length,
        1,
      );
    });

    test('saves nothing of a batch with an invalid paper, its mark included', (store) => {
      importBatch(store, [{ paper: paper('0704.0006'), versions: undated(1) }], markOf(1));
      assert.throws(
        () =>
          importBatch(
            store,
            [
              { paper: paper('0704.0007'), versions: undated(1) },
              { paper: paper('0704.0008', { version: 0 }), versions: undated(0) },
            ],
            markOf(3),
          ),
        (error: unknown) =>
          error instanceof StoreError && /0704\.0008v0 \(entry 2 of 2\)/.test(error.message),
      );
      assert.equal(store.loadPaper('0704.0007'), null);
      assert.deepEqual(
        store.loadImportMark('size-1234:abcdef'),
        markOf(1, { totals: { inserted: 2, updated: 0, unchanged: 0, problems: 0 } }),
      );
    });
  });

  describe('Store contract: an import session', () => {
    const counted = (inserted: number): ImportMark['totals'] => ({
      inserted,
      updated: 0,
      unchanged: 0,
      problems: 0,
    });

    test('saves what it wrote with the commit, and an abort rolls back only the open batch', (store) => {
      const session = store.startImport();
      assert.deepEqual(session.write([{ paper: paper('0704.0001'), versions: undated(1) }]), {
        inserted: 1,
        updated: 0,
        unchanged: 0,
      });
      session.write([{ paper: paper('0704.0002', { version: 2 }), versions: undated(1, 2) }]);
      session.commit(markOf(2, { totals: counted(2) }));
      session.write([{ paper: paper('0704.0003'), versions: undated(1) }]);
      session.abort();
      assert.equal(store.loadPaper('0704.0003'), null);
      assert.deepEqual(
        store.loadVersionDates('0704.0002').map(({ version }) => version),
        [1, 2],
      );
      assert.deepEqual(store.loadImportMark('size-1234:abcdef'), markOf(2, { totals: counted(2) }));
      // The session goes on with a new batch.
      session.write([{ paper: paper('0704.0003'), versions: undated(1) }]);
      session.commit(markOf(3, { totals: counted(3), isComplete: true }));
      assert.equal(store.loadPaper('0704.0003')?.arxivId, '0704.0003');
      assert.deepEqual(
        store.loadImportMark('size-1234:abcdef'),
        markOf(3, { totals: counted(3), isComplete: true }),
      );
    });

    test('rolls back the whole open batch when a write is refused', (store) => {
      const session = store.startImport();
      session.write([{ paper: paper('0704.0001'), versions: undated(1) }]);
      session.commit(markOf(1, { totals: counted(1) }));
      session.write([{ paper: paper('0704.0002'), versions: undated(1) }]);
      assert.throws(
        () => session.write([{ paper: paper('0704.0003', { version: 0 }), versions: undated(0) }]),
        (error: unknown) =>
          error instanceof StoreError && /0704\.0003v0 \(entry 1 of 1\)/.test(error.message),
      );
      assert.equal(store.loadPaper('0704.0002'), null);
      assert.deepEqual(store.loadImportMark('size-1234:abcdef'), markOf(1, { totals: counted(1) }));
    });
  });

  describe('Store contract: stats', () => {
    test('counts papers by year and archive, listings and translations', (store) => {
      const at = (iso: string): Date => new Date(iso);
      importBatch(
        store,
        [
          {
            paper: paper('0704.0001', { categories: ['hep-ph'], primaryCategory: 'hep-ph' }),
            versions: undated(1, 2),
          },
          {
            paper: paper('0704.0002', {
              categories: ['math.CO', 'cs.CG'],
              primaryCategory: 'math.CO',
              publishedAt: at('2007-03-31T02:26:18Z'),
            }),
            versions: undated(1),
          },
          {
            paper: paper('2601.00001', {
              categories: ['cs.LG'],
              primaryCategory: 'cs.LG',
              publishedAt: at('2026-01-05T18:00:00Z'),
            }),
            versions: undated(1),
          },
          { paper: paper('0704.0003', { publishedAt: null }), versions: undated(1) },
        ],
        markOf(4),
      );
      store.savePapers([{ paper: paper('2601.00002', { publishedAt: null }), announceType: 'new' }], {
        listingDate: '2026-01-06' as IsoDate,
        source: 'arxiv-rss',
        scope: 'cs',
      });
      store.saveTranslation({ sourceHash: 'a'.repeat(64), lang: 'zh', model: 'm' }, '标题');
      const stats = store.loadStats();
      assert.equal(stats.papers, 5);
      assert.equal(stats.listings, 1);
      assert.equal(stats.translations, 1);
      assert.equal(stats.digests, 0);
      assert.ok(stats.sizeBytes > 0);
      // 0704.0001 keeps the sample's 2026; the RSS paper (no submission time) counts in its listing's year, as
      // trends and the date filters date it; 0704.0003 has neither.
      assert.deepEqual(stats.papersByYear, [
        { year: null, papers: 1 },
        { year: 2007, papers: 1 },
        { year: 2026, papers: 3 },
      ]);
      assert.deepEqual(stats.papersByArchive, [
        { archive: 'cs', papers: 3 },
        { archive: 'hep-ph', papers: 1 },
        { archive: 'math', papers: 1 },
      ]);
    });
  });
}
