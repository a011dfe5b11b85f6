// Which entries and sections each page of a digest holds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleDigest, sampleEntry, samplePaper } from '../../../test/helpers/samples.js';
import { countDigestPages, pageOfSection, selectDigestPage } from './digest-pages.js';

const entry = (n: number) => sampleEntry(samplePaper(`2601.0000${n}`));

describe('selectDigestPage', () => {
  const digest = sampleDigest([
    { keyword: 'a', entries: [entry(1), entry(2), entry(3)] },
    { keyword: 'empty', entries: [] },
    { keyword: 'b', entries: [entry(4), entry(1)] },
  ]);

  it('cuts the entries into pages, keeping each section’s place and its whole count', () => {
    assert.equal(countDigestPages(digest, 2), 3);
    const pages = [1, 2, 3].map((page) => selectDigestPage(digest, page, 2));
    assert.deepEqual(
      pages.map((page) => page.sections.map((section) => [section.keyword, section.entries.length])),
      [
        [['a', 2]],
        [
          ['a', 1],
          ['empty', 0],
          ['b', 1],
        ],
        [['b', 1]],
      ],
    );
    assert.deepEqual([pages[2]?.first, pages[2]?.end, pages[2]?.entryCount], [4, 5, 5]);
    assert.equal(pages[1]?.sections[2]?.entryCount, 2);
  });

  it('points a repeated paper at the page that shows it in full', () => {
    const last = selectDigestPage(digest, 3, 2);
    assert.deepEqual(
      last.sections[0]?.entries.map((paged) => paged.shownOnPage),
      [1],
    );
    assert.equal(pageOfSection(digest, 2, 2), 2);
  });

  it('gives an empty digest one page', () => {
    const empty = sampleDigest([{ keyword: 'a', entries: [] }]);
    assert.equal(countDigestPages(empty), 1);
    assert.deepEqual(
      selectDigestPage(empty, 1).sections.map((section) => section.keyword),
      ['a'],
    );
  });
});
