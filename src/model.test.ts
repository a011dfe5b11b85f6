// Tables for the pure text helpers of model.ts that guard what reaches a terminal.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findSearchQueryFault, hasCleanText, markCleanText, stripControls, type Paper } from './model.js';

const ESC = '\u001b';
const BEL = '\u0007';

describe('stripControls', () => {
  const cases: [string, string, string][] = [
    ['plain text', 'Diffusion $\\alpha < 1$ — 扩散', 'Diffusion $\\alpha < 1$ — 扩散'],
    ['tab and line feed', 'a\tb\nc', 'a\tb\nc'],
    ['a lone ESC at the end', `ab${ESC}`, 'ab'],
    ['a CSI that clears the screen', `a${ESC}[2Jb`, 'ab'],
    ['a CSI colour with parameters', `${ESC}[1;31mred${ESC}[0m`, 'red'],
    ['an OSC window title ended by BEL', `x${ESC}]0;pwned${BEL}y`, 'xy'],
    ['an OSC ended by ST', `x${ESC}]0;pwned${ESC}\\y`, 'xy'],
    [
      'an OSC 8 hyperlink hiding its target',
      `${ESC}]8;;https://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`,
      'click',
    ],
    ['a two-byte reset', `a${ESC}cb`, 'ab'],
    ['an unterminated OSC: the visible text stays', `x${ESC}]0;title`, 'x0;title'],
    ['C1 CSI and OSC', `a\u009b2Jb\u009d0;t\u009cc`, 'abc'],
    ['other C0, DEL and C1', 'a\u0000b\u0008c\rd\u007fe\u0085f\u009fg', 'abcdefg'],
    // Trojan Source (CVE-2021-42574): the override would show "Safe RL" as "LR efaS".
    ['a right-to-left override and its pop', 'A \u202eSafe RL\u202c method', 'A Safe RL method'],
    ['every embedding and override', '\u202aa\u202bb\u202cc\u202dd\u202ee', 'abcde'],
    ['the isolates', '\u2066a\u2067b\u2068c\u2069d', 'abcd'],
    ['the marks that reorder digits and punctuation', 'v1\u200e.2\u200f-3\u061c', 'v1.2-3'],
    ['nothing of right-to-left text itself', 'العربية עברית', 'العربية עברית'],
  ];
  for (const [what, input, expected] of cases) {
    it(`removes ${what}`, () => {
      assert.equal(stripControls(input), expected);
    });
  }

  it('leaves no control character in any mix', () => {
    const mixed = Array.from({ length: 0xa0 }, (_, code) => `${String.fromCharCode(code)}x`).join('');
    // eslint-disable-next-line @typescript-eslint/no-misused-spread -- every character here is below U+00A0
    const codes = [...stripControls(mixed)].map((char) => char.charCodeAt(0));
    assert.deepEqual(
      codes.filter(
        (code) => (code < 0x20 && code !== 0x09 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f),
      ),
      [],
    );
  });
});

describe('findSearchQueryFault', () => {
  const words = (count: number): string => Array.from({ length: count }, () => 'rl').join(' ');
  const cases: [string, string, string | null][] = [
    ['64 words', words(64), null],
    ['a quoted phrase within the bounds', `"${words(30)}" ${words(34)}`, null],
    ['65 words', words(65), 'the search query has 65 words; at most 64 are allowed'],
    [
      '65 words, some in a phrase',
      `"${words(40)}" ${words(25)}`,
      'the search query has 65 words; at most 64 are allowed',
    ],
    ['punctuation, which is not searched', `${words(64)} - * ( )`, null],
    ['1,000 characters', 'x'.repeat(1000), null],
    [
      '1,001 characters',
      'x'.repeat(1001),
      'the search query is 1001 characters long; at most 1000 are allowed',
    ],
  ];
  for (const [what, query, expected] of cases) {
    it(`judges ${what}`, () => assert.equal(findSearchQueryFault(query), expected));
  }
});

describe('markCleanText and hasCleanText', () => {
  const paperWith = (): Paper => ({
    arxivId: '2601.00001',
    version: 1,
    title: 'A title',
    abstract: 'An abstract.',
    authors: ['A. One'],
    categories: ['cs.LG'],
    primaryCategory: 'cs.LG',
    publishedAt: null,
    updatedAt: null,
    comment: null,
    journalRef: null,
    doi: null,
  });

  it('knows nothing of a paper no source marked', () => {
    assert.equal(hasCleanText(paperWith(), 'title'), false);
    assert.equal(hasCleanText(paperWith(), 'abstract'), false);
  });

  it('holds for a marked paper until its field changes, never for a copy, and is invisible to comparisons', () => {
    const paper = markCleanText(paperWith());
    assert.equal(hasCleanText(paper, 'title'), true);
    assert.equal(hasCleanText(paper, 'abstract'), true);
    assert.deepStrictEqual(paper, paperWith());
    assert.equal(JSON.stringify(paper), JSON.stringify(paperWith()));
    assert.equal(hasCleanText({ ...paper }, 'title'), false);
    paper.title = 'A  title\n';
    assert.equal(hasCleanText(paper, 'title'), false);
    assert.equal(hasCleanText(paper, 'abstract'), true);
  });
});
