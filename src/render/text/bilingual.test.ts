// Tests the bilingual reading list against example 000: abstract, translation, link per paper.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Digest, DigestEntry, IsoDate } from '../../model.js';
import { UNDATED, sampleDigest, sampleEntry, samplePaper } from '../../../test/helpers/samples.js';
import { renderBilingual } from './bilingual.js';

const EXAMPLE = readFileSync('test/fixtures/examples/000_b0ea4ebc9563be6a.txt', 'utf8').split('\n');

/** Paper `index` of example 000: its three lines and the entry they describe. */
function examplePaper(index: number): { lines: string[]; entry: DigestEntry } {
  const lines = EXAMPLE.slice(index * 3, index * 3 + 3);
  const [abstract = '', translated = '', link = ''] = lines;
  const arxivId = link.replace('https://arxiv.org/abs/', '');
  return {
    lines,
    entry: sampleEntry(
      samplePaper(arxivId, {
        ...UNDATED,
        title: `Paper ${arxivId}`,
        abstract,
        authors: ['A. Author'],
        categories: ['cs.LG'],
      }),
      { translation: { title: null, abstract: translated } },
    ),
  };
}

const FIRST = examplePaper(0);
const SECOND = examplePaper(1);

function makeDigest(sections: Digest['sections']): Digest {
  return sampleDigest(sections, {
    profile: 'reading',
    listingDate: '2026-02-12' as IsoDate,
    announcedAt: new Date('2026-02-12T01:00:00Z'),
    generatedAt: new Date('2026-02-12T02:00:00Z'),
    paperCount: 2,
    notices: ['ignored here'],
  });
}

describe('renderBilingual', () => {
  it('prints the first two papers of example 000 line for line', () => {
    const digest = makeDigest([{ keyword: 'rl', entries: [FIRST.entry, SECOND.entry] }]);
    assert.match(FIRST.lines[2] ?? '', /^https:\/\/arxiv\.org\/abs\/\d{4}\.\d{5}$/);
    assert.equal(
      renderBilingual(digest, { lang: 'zh' }),
      `${[...FIRST.lines, ...SECOND.lines].join('\n')}\n`,
    );
  });

  it('prints a paper found under two keywords once', () => {
    const digest = makeDigest([
      { keyword: 'rl', entries: [FIRST.entry] },
      { keyword: 'empty', entries: [] },
      { keyword: 'reasoning', entries: [SECOND.entry, FIRST.entry] },
    ]);
    assert.equal(renderBilingual(digest, { lang: 'zh' }).split('\n').length, 6 + 1);
  });

  it('prints the abstract and the link only with lang en', () => {
    const digest = makeDigest([{ keyword: 'rl', entries: [FIRST.entry, SECOND.entry] }]);
    assert.equal(
      renderBilingual(digest, { lang: 'en' }),
      `${[FIRST.lines[0], FIRST.lines[2], SECOND.lines[0], SECOND.lines[2]].join('\n')}\n`,
    );
  });

  it('shows the English abstract where the translation is null', () => {
    const untranslated = { ...FIRST.entry, translation: { title: null, abstract: null } };
    const lines = renderBilingual(makeDigest([{ keyword: 'rl', entries: [untranslated] }]), {
      lang: 'zh',
    }).split('\n');
    assert.equal(lines[1], FIRST.lines[0]);
  });

  it('prints nothing for a digest with no paper', () => {
    assert.equal(renderBilingual(makeDigest([{ keyword: 'rl', entries: [] }]), { lang: 'zh' }), '');
  });
});
