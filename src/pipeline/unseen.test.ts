// The unseen stage and what publishing records, on the real SQLite store: what an earlier digest of a profile
// showed is hidden, v2 replacements and cross-lists included, and said in a notice.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listed, sampleDigest, sampleEntry, samplePaper } from '../../test/helpers/samples.js';
import type { IsoDate, Profile } from '../model.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { hideShownPapers, shownPapersOf, shownProfileOf } from './unseen.js';

const day = (text: string): IsoDate => text as IsoDate;
const profile = (overrides: Partial<Profile> = {}): Profile => ({
  name: 'rl',
  keywords: ['policy'],
  categories: ['cs'],
  lang: 'en',
  style: 'classic',
  sort: 'listing',
  includeCross: true,
  includeReplaced: true,
  out: null,
  email: [],
  unseen: true,
  ...overrides,
});

/** The 2026-01-30 listing: a new paper, a v2 replacement and a cross-list of papers shown on 01-29, one new. */
const sections = () => [
  {
    keyword: 'policy',
    entries: [
      listed(samplePaper('2601.00001')),
      listed(samplePaper('2601.00002', { version: 2 }), 'replace'),
      listed(samplePaper('2601.00003'), 'cross'),
    ],
  },
  { keyword: 'robot', entries: [listed(samplePaper('2601.00002', { version: 2 }), 'replace')] },
];

describe('hideShownPapers', () => {
  it('hides papers an earlier digest showed, v2 and cross-lists included, counting each paper once', () => {
    const store = openSqliteStore(':memory:');
    try {
      store.recordShown('rl', day('2026-01-29'), ['2601.00002', '2601.00003']);
      const result = hideShownPapers(sections(), profile(), day('2026-01-30'), store);
      assert.deepEqual(
        result.sections.map((section) => section.entries.map((entry) => entry.paper.arxivId)),
        [['2601.00001'], []],
      );
      assert.equal(result.hiddenCount, 2);
      assert.equal(result.notice, '2 papers hidden: shown in an earlier digest of profile rl (unseen)');
    } finally {
      store.close();
    }
  });

  it('hides nothing without unseen, for another profile, or for the same date made again', () => {
    const store = openSqliteStore(':memory:');
    try {
      store.recordShown('rl', day('2026-01-30'), ['2601.00001']);
      store.recordShown('cv', day('2026-01-29'), ['2601.00001']);
      for (const [of, date] of [
        [profile({ unseen: false }), '2026-01-31'],
        [profile(), '2026-01-30'],
        [profile({ name: 'nlp' }), '2026-01-31'],
      ] as const) {
        const result = hideShownPapers(sections(), of, day(date), store);
        assert.equal(result.hiddenCount, 0, `${of.name} ${date}`);
        assert.equal(result.notice, null);
        assert.equal(result.sections[0]?.entries.length, 3);
      }
    } finally {
      store.close();
    }
  });

  it('reads what an ad-hoc digest of the profile showed as shown to the profile', () => {
    const store = openSqliteStore(':memory:');
    try {
      const digest = sampleDigest(
        [{ keyword: 'policy', entries: [sampleEntry(samplePaper('2601.00001'))] }],
        {
          profile: 'rl~1a2b3c4d',
          listingDate: day('2026-01-29'),
        },
      );
      const shown = shownPapersOf(digest);
      store.recordShown(shown.profile, digest.listingDate, shown.arxivIds);
      const result = hideShownPapers(sections(), profile({ name: 'rl~0f0f0f0f' }), day('2026-01-30'), store);
      assert.equal(result.hiddenCount, 1);
      assert.equal(result.notice, '1 paper hidden: shown in an earlier digest of profile rl (unseen)');
    } finally {
      store.close();
    }
  });
});

describe('shownProfileOf', () => {
  it('names the profile of an ad-hoc digest, and a profile itself', () => {
    assert.equal(shownProfileOf('rl~1a2b3c4d'), 'rl');
    assert.equal(shownProfileOf('rl'), 'rl');
  });
});
