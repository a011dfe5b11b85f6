// The store contract's cases for the relevance cache: term counts per key with document frequencies kept in step,
// the newest cached keys, papers never featured, and embeddings by model. runStoreContract runs them.

import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { Paper } from '../model.js';
import type { StoredTerms, Store } from './store.js';

function terms(key: string, counts: Record<string, number>, textHash = `hash-${key}`): StoredTerms {
  return { key, version: 1, textHash, counts: new Map(Object.entries(counts)) };
}

/** Registers the cases with `test`, runStoreContract's wrapper; `paper` makes a paper to save. */
export function runRelevanceContract(
  test: (name: string, body: (store: Store) => void) => void,
  paper: (arxivId: string) => Paper,
): void {
  describe('Store contract: relevance cache', () => {
    test('loads back cached terms and counts their document frequencies', (store) => {
      store.saveTerms([terms('2601.00001', { robot: 2, 'robot arm': 1 }), terms('2601.00002', { robot: 1 })]);
      assert.deepEqual(
        store.loadTerms(['2601.00001', '2601.09999']),
        new Map([['2601.00001', terms('2601.00001', { robot: 2, 'robot arm': 1 })]]),
      );
      assert.deepEqual(store.loadTermFrequencies(['robot', 'robot arm', 'galaxy']), {
        documentCount: 2,
        counts: new Map([
          ['robot', 2],
          ['robot arm', 1],
        ]),
      });
    });

    test('changes the frequencies by the difference when a key is cached again', (store) => {
      store.saveTerms([terms('2601.00001', { robot: 1, arm: 1 }), terms('2601.00002', { robot: 1 })]);
      store.saveTerms([terms('2601.00001', { robot: 3, galaxy: 1 }, 'hash-v2')]);
      assert.deepEqual(store.loadTermFrequencies(['robot', 'arm', 'galaxy']), {
        documentCount: 2,
        counts: new Map([
          ['robot', 2],
          ['galaxy', 1],
        ]),
      });
      assert.equal(store.loadTerms(['2601.00001']).get('2601.00001')?.textHash, 'hash-v2');
    });

    test('lists the newest cached keys first and the papers never cached', (store) => {
      store.savePapers(
        ['2601.00001', '2601.00002', '2601.00003'].map((id) => ({ paper: paper(id), announceType: 'new' })),
      );
      store.saveTerms([
        terms('2601.00001', { a: 1 }),
        terms('title:x', { b: 1 }),
        terms('2601.00003', { c: 1 }),
      ]);
      assert.deepEqual(store.loadRecentTermKeys(2), ['2601.00003', 'title:x']);
      assert.deepEqual(
        store.loadPapersWithoutTerms(10).map((found) => found.arxivId),
        ['2601.00002'],
      );
    });

    test('finds the papers sharing any of some words, best first, words as plain text', (store) => {
      const make = (arxivId: string, title: string, abstract: string) => ({
        paper: { ...paper(arxivId), title, abstract },
        announceType: 'new' as const,
      });
      store.savePapers([
        make('2601.00001', 'Robot locomotion', 'Legged robots walk.'),
        make('2601.00002', 'Galaxies', 'Dark matter halos of robots.'),
        make('2601.00003', 'Language models', 'Tokens and parameters.'),
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
