// Tests for rankEntries and rankByUpvotes: each sort as an input → expected order table, ties, stability, and no
// mutation.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Paper, Sort } from '../model.js';
import { rankByUpvotes, rankEntries } from './rank.js';

function entry(arxivId: string, title: string, publishedAt: string | null): { paper: Paper; note: string } {
  const paper: Paper = {
    arxivId,
    version: 1,
    title,
    abstract: '',
    authors: [],
    categories: ['cs.LG'],
    primaryCategory: 'cs.LG',
    publishedAt: publishedAt === null ? null : new Date(publishedAt),
    updatedAt: null,
    comment: null,
    journalRef: null,
    doi: null,
  };
  return { paper, note: `extra field of ${arxivId}` };
}

// Listing order: a, b, c, d, e, f.
const listing = [
  entry('a', 'zebra policies', '2026-01-28T10:00:00Z'),
  entry('b', 'Élan vital', null),
  entry('c', 'Agents 10', '2026-01-29T10:00:00Z'),
  entry('d', 'agents 9', '2026-01-28T10:00:00Z'),
  entry('e', 'Beta', null),
  entry('f', 'alpha', '2026-01-29T10:00:00Z'),
];
const upvotes = new Map([
  ['c', 3],
  ['e', 12],
  ['f', 3],
  ['a', 0],
]);
const relevance = new Map([
  ['d', 0.9],
  ['b', 0.2],
  ['f', 0.9],
  ['a', 0.05],
]);

describe('rankEntries', () => {
  // sort → expected order of ids
  const rows: [Sort, string[]][] = [
    ['listing', ['a', 'b', 'c', 'd', 'e', 'f']],
    ['date', ['c', 'f', 'a', 'd', 'b', 'e']], // newest first, ties and missing dates in listing order
    ['title', ['d', 'c', 'f', 'e', 'b', 'a']], // agents 9, Agents 10, alpha, Beta, Élan, zebra
    ['upvotes', ['e', 'c', 'f', 'a', 'b', 'd']], // 12, 3, 3, 0, then no upvotes in listing order
    ['relevance', ['d', 'f', 'b', 'a', 'c', 'e']], // 0.9, 0.9, 0.2, 0.05, then unscored in listing order
  ];
  for (const [sort, expected] of rows) {
    it(`orders by ${sort}`, () => {
      const ranked = rankEntries(listing, sort, { upvotes, relevance });
      assert.deepEqual(
        ranked.map((item) => item.paper.arxivId),
        expected,
      );
    });
  }

  it('keeps listing order for upvotes when none are known', () => {
    assert.deepEqual(
      rankEntries(listing, 'upvotes').map((item) => item.paper.arxivId),
      ['a', 'b', 'c', 'd', 'e', 'f'],
    );
  });

  it('returns a new array, leaves the input alone and keeps the entries whole', () => {
    const before = [...listing];
    for (const sort of ['listing', 'date', 'title', 'upvotes'] as const) {
      const ranked = rankEntries(listing, sort, { upvotes });
      assert.notEqual(ranked, listing);
      assert.deepEqual(listing, before);
      assert.equal(ranked[0]?.note, `extra field of ${ranked[0]?.paper.arxivId}`);
    }
  });

  it('returns an empty array for no entries', () => {
    assert.deepEqual(rankEntries([], 'date'), []);
  });
});

describe('rankByUpvotes', () => {
  const byUpvotes = (upvotes: (number | null)[]): string[] =>
    rankByUpvotes(
      upvotes.map((count, index) => ({ name: `p${index}`, count })),
      (item) => item.count,
    ).map((item) => item.name);

  // upvotes in given order → names in ranked order
  const rows: [(number | null)[], string[]][] = [
    [
      [1, 5, 3],
      ['p1', 'p2', 'p0'],
    ],
    [
      [2, 7, 2, 7, 2],
      ['p1', 'p3', 'p0', 'p2', 'p4'],
    ], // equal upvotes keep their given order
    [
      [0, null, 4, null, 0],
      ['p2', 'p0', 'p4', 'p1', 'p3'],
    ], // unknown after 0, in given order
    [
      [null, null],
      ['p0', 'p1'],
    ],
    [
      [Number.NaN, 1],
      ['p1', 'p0'],
    ], // NaN counts as unknown
    [[], []],
  ];
  for (const [upvotes, expected] of rows) {
    it(`orders ${JSON.stringify(upvotes)} as ${expected.join(' ') || 'nothing'}`, () => {
      assert.deepEqual(byUpvotes(upvotes), expected);
    });
  }

  it('returns a new array and leaves the input alone', () => {
    const items = [{ count: 1 }, { count: 2 }];
    const ranked = rankByUpvotes(items, (item) => item.count);
    assert.notEqual(ranked, items);
    assert.deepEqual(items, [{ count: 1 }, { count: 2 }]);
    assert.deepEqual(ranked, [{ count: 2 }, { count: 1 }]);
  });
});
