// Tests for the term id index and set the day's scoring uses: every id found at its place, absent ids not, and the
// set and the interner growing past their first size without losing or repeating an id.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { IdIndex, IdSet, internIds } from './id-table.js';

// Ids as terms.ts makes them: any signed 32-bit integer, many alike in their low bits.
const IDS = Array.from({ length: 5000 }, (_, index) => (index % 2 === 0 ? index << 16 : -index * 1024));

describe('IdIndex', () => {
  it('finds each id at its index in the list and nothing for an id not in it', () => {
    const index = new IdIndex(IDS);
    IDS.forEach((id, at) => assert.equal(index.indexOf(id), at));
    assert.equal(index.indexOf(7), -1);
    assert.equal(new IdIndex([]).indexOf(0), -1);
  });
});

describe('IdSet', () => {
  it('says an id is new once, across growth', () => {
    const set = new IdSet();
    assert.deepEqual(
      IDS.filter((id) => !set.add(id)),
      [],
    );
    assert.deepEqual(
      IDS.filter((id) => set.add(id)),
      [],
    );
    assert.equal(set.size, IDS.length);
  });
});

describe('internIds', () => {
  it('gives each occurrence the index of its id among the distinct ids in the order first met, across growth', () => {
    // Every id twice, the second time in reverse, with 0 among them.
    const occurrences = Int32Array.from([0, ...IDS, ...[...IDS].reverse(), 0]);
    const { distinct, slots } = internIds(occurrences);
    assert.deepEqual([...distinct], [...new Set(occurrences)]);
    assert.deepEqual(
      Array.from(slots, (slot) => distinct[slot]),
      [...occurrences],
    );
    assert.deepEqual([...internIds(new Int32Array(0)).distinct], []);
  });
});
