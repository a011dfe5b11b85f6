// The store contract's cases for the relevance cache: term counts per key with document frequencies kept in step,
// the newest cached keys, papers never featured, and embeddings by model. runStoreContract runs them.

import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { Paper } from '../model.js';
import type { StoredTerms, Store } from './store.js';

/** Cached terms of `key`: `counts` by term id (ascending), the terms named `t<id>`. */
function terms(key: string, counts: Record<number, number>, textHash = `hash-${key}`): StoredTerms {
  const ids = Int32Array.from(Object.keys(counts).map(Number)).sort();
  return {
    key,
    version: 1,
    textHash,
    ids,
    counts: Float32Array.from(ids, (id) => counts[id] ?? 0),
    terms: Array.from(ids, (id) => `t${id}`).join('\n'),
  };
}

// Term ids as relevance/terms.ts makes them: any signed 32-bit integer.
const ROBOT = -7;
const ARM = 12;
const GALAXY = 2_000_000_000;

/** Registers the cases with `test`, runStoreContract's wrapper; `paper` makes a paper to save. */
export function runRelevanceContract(
  test: (name: string, body: (store: Store) => void) => void,
  paper: (arxivId: string) => Paper,
): void {
  describe('Store contract: relevance cache', () => {
    test('loads back cached terms and counts their document frequencies', (store) => {
      store.saveTerms([terms('2601.00001', { [ROBOT]: 2, [ARM]: 1.5 }), terms('2601.00002', { [ROBOT]: 1 })]);
      const loaded = store.loadTerms(['2601.00001', '2601.09999']);
      assert.deepEqual([...loaded.keys()], ['2601.00001']);
      const robotArm = loaded.get('2601.00001');
      assert.deepEqual(robotArm && [...robotArm.ids], [ROBOT, ARM]);
      assert.deepEqual(robotArm && [...robotArm.counts], [2, 1.5]);
      assert.equal(robotArm?.terms, `t${ROBOT}\nt${ARM}`);
      assert.deepEqual(store.loadTermFrequencies([ROBOT, ARM, GALAXY, ROBOT]), {
        documentCount: 2,
        counts: new Map([
          [ROBOT, 2],
          [ARM, 1],
        ]),
      });
    });

    test('loads the runs of the keys asked for end to end, as loadTerms has them, by extraction version', (store) => {
      store.saveTerms([
        terms('2601.00001', { [ROBOT]: 2, [ARM]: 1.5 }),
        terms('2601.00002', {}),
        terms('2601.00003', { [GALAXY]: 1 }),
        { ...terms('2601.00004', { [ARM]: 1 }), version: 2 },
      ]);
      // Past the 5,000 keys one query takes: the slices' runs are joined and their positions kept.
      const unknown = Array.from({ length: 5000 }, (_, index) => `2602.${String(index).padStart(5, '0')}`);
      const keys = ['2601.00003', ...unknown, '2601.00002', '2601.00004', '2601.00001'];
      const runs = store.loadTermRuns(keys, 1);
      const found = Array.from(runs.positions, (position, run) => {
        const key = keys[position] ?? '';
        const from = runs.starts[run] ?? 0;
        const to = runs.starts[run + 1] ?? 0;
        return {
          key,
          ids: [...runs.ids.subarray(from, to)],
          counts: [...runs.counts.subarray(from, to)],
          textHash: runs.textHashes[run],
        };
      });
      const expected = ['2601.00003', '2601.00002', '2601.00001'].map((key) => {
        const stored = store.loadTerms([key]).get(key);
        return {
          key,
          ids: [...(stored?.ids ?? [])],
          counts: [...(stored?.counts ?? [])],
          textHash: `hash-${key}`,
        };
      });
      assert.deepEqual(
        found.sort((a, b) => (a.key < b.key ? -1 : 1)),
        expected.sort((a, b) => (a.key < b.key ? -1 : 1)),
      );
      assert.deepEqual(found.find((run) => run.key === '2601.00001')?.ids, [ROBOT, ARM]);
      assert.equal(runs.starts.length, runs.positions.length + 1);
      assert.deepEqual([...store.loadTermRuns(['2602.00001'], 1).starts], [0]);
    });

    test('changes the frequencies by the difference when a key is cached again', (store) => {
      store.saveTerms([terms('2601.00001', { [ROBOT]: 1, [ARM]: 1 }), terms('2601.00002', { [ROBOT]: 1 })]);
      store.saveTerms([terms('2601.00001', { [ROBOT]: 3, [GALAXY]: 1 }, 'hash-v2')]);
      assert.deepEqual(store.loadTermFrequencies([ROBOT, ARM, GALAXY]), {
        documentCount: 2,
        counts: new Map([
          [ROBOT, 2],
          [GALAXY, 1],
        ]),
      });
      assert.equal(store.loadTerms(['2601.00001']).get('2601.00001')?.textHash, 'hash-v2');
    });

    test('lists the newest cached keys first and the papers never cached', (store) => {
      store.savePapers(
        ['2601.00001', '2601.00002', '2601.00003'].map((id) => ({ paper: paper(id), announceType: 'new' })),
      );
      store.saveTerms([
        terms('2601.00001', { 1: 1 }),
        terms('title:x', { 2: 1 }),
        terms('2601.00003', { 3: 1 }),
      ]);
      assert.deepEqual(store.loadRecentTermKeys(2), ['2601.00003', 'title:x']);
      assert.deepEqual(
        store.loadPapersWithoutTerms(10).map((found) => found.arxivId),
        ['2601.00002'],
      );
    });

    test('finds the papers sharing any of some words in title or abstract, best first, words as plain text', (store) => {
      const make = (arxivId: string, title: string, abstract: string, authors = ['A. Author']) => ({
        paper: { ...paper(arxivId), title, abstract, authors },
        announceType: 'new' as const,
      });
      store.savePapers([
        make('2601.00001', 'Robot locomotion', 'Legged robots walk.'),
        make('2601.00002', 'Galaxies', 'Dark matter halos of robots.'),
        make('2601.00003', 'Language models', 'Tokens and parameters.'),
        make('2601.00004', 'Tokenizers', 'Bytes and merges.', ['Ann Robot']),
      ]);
      assert.deepEqual(store.findPapersSharingWords(['locomotion', 'robot', 'NEAR('], 10), [
        '2601.00001',
        '2601.00002',
      ]);
      assert.deepEqual(store.findPapersSharingWords(['locomotion', 'robot'], 1), ['2601.00001']);
      assert.deepEqual(store.findPapersSharingWords(['-'], 10), []);
    });

    test('keeps embeddings apart by model and replaces a key', (store) => {
      const vector = new Float32Array([0.5, -0.25, 1]);
      store.saveEmbeddings('m1', [{ key: '2601.00001', textHash: 'h1', vector }]);
      store.saveEmbeddings('m1', [
        { key: '2601.00001', textHash: 'h2', vector: new Float32Array([1, 0, 0]) },
      ]);
      store.saveEmbeddings('m2', [{ key: '2601.00001', textHash: 'h1', vector }]);
      assert.deepEqual(
        [...(store.loadEmbeddings('m1', ['2601.00001']).get('2601.00001')?.vector ?? [])],
        [1, 0, 0],
      );
      assert.equal(store.loadEmbeddings('m1', ['2601.00001']).get('2601.00001')?.textHash, 'h2');
      assert.deepEqual(
        [...(store.loadEmbeddings('m2', ['2601.00001']).get('2601.00001')?.vector ?? [])],
        [0.5, -0.25, 1],
      );
      assert.equal(store.loadEmbeddings('m3', ['2601.00001']).size, 0);
    });
  });
}
