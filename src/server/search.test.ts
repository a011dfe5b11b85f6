// runSearch's own costs, on the sample archive in the real SQLite store: what one search reads of the saved digests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import { DigestArchive } from './archive.js';
import { fillSampleStore } from './fixtures/sample-store.js';
import { runSearch } from './search.js';

const NO_FILTERS = { from: '', until: '', category: '', author: '', keyword: '' };

/** The store, with every call of `listDigests` counted. */
function countingListDigests(store: Store): { store: Store; calls: () => number } {
  let calls = 0;
  const counted = new Proxy(store, {
    get(target, name, receiver) {
      if (name === 'listDigests') {
        return () => {
          calls += 1;
          return target.listDigests();
        };
      }
      const value: unknown = Reflect.get(target, name, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: counted, calls: () => calls };
}

describe('runSearch', () => {
  it('lists the saved digests once per search, however many hits it shows', () => {
    const sqlite = openSqliteStore(':memory:');
    fillSampleStore(sqlite);
    const { store, calls } = countingListDigests(sqlite);
    const result = runSearch(store, new DigestArchive(store), {
      query: 'reinforcement learning',
      filters: NO_FILTERS,
      limit: 10,
    });
    assert.ok(result.hits.length >= 3, `the sample archive has 3 such papers, found ${result.hits.length}`);
    // Each hit's translation used to list them again (and build the digests' signature): a page of 50 hits
    // listed every saved digest 51 times.
    assert.equal(calls(), 1);
    sqlite.close();
  });
});
