// The snapshot line parser on the 200 real lines (test/fixtures/real/arxiv-snapshot/, whose README lists the quirks)
// and on bad lines, each a problem naming its line.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseCreated, parseSnapshotLine, type SnapshotRecord } from './parse.js';

const SAMPLE = new URL('../../../test/fixtures/real/arxiv-snapshot/sample.jsonl', import.meta.url);
const lines = readFileSync(SAMPLE, 'utf8').split('\n').slice(0, -1);
const parsed = lines.map((line, index) => parseSnapshotLine(line, `sample.jsonl:${index + 1}`));

/** The record of line `n` (1-based) of the sample. */
function recordOf(n: number): SnapshotRecord {
  const line = parsed[n - 1];
  assert.ok(line?.record, `line ${n} parses`);
  return line.record;
}

describe('parseSnapshotLine on the real sample', () => {
  it('reads all 200 lines as papers 0704.0001 … 0704.0200, with no problem', () => {
    assert.equal(lines.length, 200);
    assert.deepEqual(
      parsed.map((line) => line.problem),
      lines.map(() => null),
    );
    assert.deepEqual(
      parsed.map((line) => line.record?.paper.arxivId),
      lines.map((_, index) => `0704.${String(index + 1).padStart(4, '0')}`),
    );
  });

  it('keeps the versions: 87 papers with more than one, 28 with three or more, five at most', () => {
    const counts = parsed.map((line) => line.record?.versions.length ?? 0);
    assert.equal(counts.filter((count) => count > 1).length, 87);
    assert.equal(counts.filter((count) => count >= 3).length, 28);
    assert.deepEqual(
      recordOf(64).versions.map((version) => version.version),
      [1, 2, 3, 4, 5],
    );
    assert.equal(recordOf(64).paper.version, 5);
  });

  it("keeps each version's submission time from its `created` (line 64, five versions)", () => {
    assert.deepEqual(recordOf(64).versions, [
      { version: 1, submittedAt: new Date('2007-04-01T13:32:15Z') },
      { version: 2, submittedAt: new Date('2007-05-03T16:35:49Z') },
      { version: 3, submittedAt: new Date('2007-12-06T13:31:19Z') },
      { version: 4, submittedAt: new Date('2008-06-05T11:21:43Z') },
      { version: 5, submittedAt: new Date('2008-10-24T12:23:58Z') },
    ]);
    assert.ok(parsed.every((line) => line.record?.versions.every((version) => version.submittedAt !== null)));
  });

  it('reads line 1 whole: Unicode authors from authors_parsed, times of the first and newest versions', () => {
    const { paper, versions } = recordOf(1);
    assert.deepEqual(versions, [
      { version: 1, submittedAt: new Date('2007-04-02T19:18:42Z') },
      { version: 2, submittedAt: new Date('2007-07-24T20:10:27Z') },
    ]);
    assert.deepEqual(paper, {
      arxivId: '0704.0001',
      version: 2,
      title: 'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies',
      abstract: paper.abstract,
      authors: ['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C. -P. Yuan'],
      categories: ['hep-ph'],
      primaryCategory: 'hep-ph',
      publishedAt: new Date('2007-04-02T19:18:42Z'),
      updatedAt: new Date('2007-07-24T20:10:27Z'),
      comment: '37 pages, 15 figures; published version',
      journalRef: 'Phys.Rev.D76:013009,2007',
      doi: '10.1103/PhysRevD.76.013009',
    });
    assert.match(
      paper.abstract,
      /^A fully differential calculation in perturbative quantum chromodynamics is presented/,
    );
    assert.match(paper.abstract, /judicious selection of events\.$/);
  });

  it('keeps LaTeX as written, and null fields as null (line 2)', () => {
    const { paper } = recordOf(2);
    assert.match(paper.abstract, /the \$\(k,\\ell\)\$-pebble game with colors/);
    assert.deepEqual([paper.journalRef, paper.doi], [null, null]);
    assert.deepEqual(paper.categories, ['math.CO', 'cs.CG']);
    assert.equal(paper.primaryCategory, 'math.CO');
    assert.equal(recordOf(5).paper.comment, null);
    assert.match(recordOf(5).paper.title, /\$\\Lambda_\{\\alpha\}\$/);
  });

  it('joins wrapped authors and keeps a name suffix (line 9)', () => {
    const { authors } = recordOf(9).paper;
    assert.ok(authors.includes('Nicholas Chapman'));
    assert.ok(authors.includes('Neal J. Evans II'));
  });

  it('leaves affiliations out of the names (lines 163, 185) and keeps two DOIs as written (line 33)', () => {
    assert.deepEqual(recordOf(163).paper.authors, ['Peter Brommer', 'Franz Gähler']);
    assert.deepEqual(recordOf(185).paper.authors, ['Peter Brommer', 'Franz Gähler']);
    assert.equal(recordOf(33).paper.doi, '10.1364/JOSAA.23.002578 10.1364/JOSAA.32.002407');
  });

  it('joins hard-wrapped titles into one line', () => {
    const wrapped = lines.filter((line) => /"title":"[^"]*\\n/.test(line)).length;
    assert.equal(wrapped, 68);
    assert.ok(parsed.every((line) => !/\s\s|\n/.test(line.record?.paper.title ?? '')));
  });
});

describe('parseSnapshotLine on bad lines', () => {
  const good = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
  const lineWith = (changes: Record<string, unknown>): string => JSON.stringify({ ...good, ...changes });
  const cases: [string, string, string, RegExp][] = [
    ['text that is not JSON', '{"id":"0704.0001",', 'not-json', /^not JSON \(/],
    ['a JSON array', '[1, 2]', 'not-object', /^not a JSON object$/],
    ['no id', lineWith({ id: null }), 'bad-id', /^no "id"$/],
    ["an id that is not arXiv's", lineWith({ id: 'paper-17' }), 'bad-id', /"paper-17" is not an arXiv id/],
    ['no title', lineWith({ title: '  ' }), 'missing-field', /^paper 0704\.0001 has no usable "title"$/],
    ['no categories', lineWith({ categories: '' }), 'missing-field', /no usable "categories"$/],
    ['no versions', lineWith({ versions: [] }), 'missing-field', /no usable "versions"/],
  ];
  for (const [name, text, rule, what] of cases) {
    it(`makes ${name} one problem naming the line`, () => {
      const { record, problem } = parseSnapshotLine(text, 'snapshot.jsonl:1234');
      assert.equal(record, null);
      assert.equal(problem.where, 'snapshot.jsonl:1234');
      assert.equal(problem.rule, rule);
      assert.match(problem.what, what);
    });
  }

  it('reads an old-style id, and keeps a version time it cannot read as unknown, with a problem', () => {
    const { record, problem } = parseSnapshotLine(
      lineWith({
        id: 'hep-th/9901001',
        versions: [
          { version: 'v1', created: 'Mon, 2 Apr 2007 19:18:42 GMT' },
          { version: 'v2', created: 'yesterday' },
          { version: 'v3' },
        ],
      }),
      'x:1',
    );
    assert.equal(record?.paper.arxivId, 'hep-th/9901001');
    assert.equal(record.paper.publishedAt?.toISOString(), '2007-04-02T19:18:42.000Z');
    assert.equal(record.paper.updatedAt, null);
    assert.deepEqual(
      record.versions.map((version) => version.submittedAt),
      [new Date('2007-04-02T19:18:42Z'), null, null],
    );
    assert.deepEqual(problem, {
      where: 'x:1',
      what:
        'paper hep-th/9901001 is kept, but "created" does not read as "Mon, 2 Apr 2007 19:18:42 GMT" for ' +
        'v2 ("yesterday"), v3 ("")',
      rule: 'bad-field',
    });
  });

  it('checks the categories: drops what is not a code, keeps one arXiv does not list, each with a problem', () => {
    const { record, problem } = parseSnapshotLine(
      lineWith({ categories: 'cs.LG <b>x</b> cs.ZZ hep-th' }),
      'x:2',
    );
    assert.deepEqual(record?.paper.categories, ['cs.LG', 'cs.ZZ', 'hep-th']);
    assert.equal(record.paper.primaryCategory, 'cs.LG');
    assert.equal(
      problem?.what,
      'paper 0704.0001 is kept, but the categories "<b>x</b>" are not category codes (dropped); ' +
        'the categories "cs.ZZ" are not in arXiv\'s taxonomy (kept)',
    );
    const none = parseSnapshotLine(lineWith({ categories: '<b> ;;' }), 'x:3');
    assert.equal(none.record, null);
    assert.equal(none.problem?.rule, 'missing-field');
  });

  it('drops escape sequences, control and bidi characters from its text, as the other sources do', () => {
    const { record } = parseSnapshotLine(
      lineWith({
        title: 'Safe \u001b]0;pwned\u0007title\u001b[31m',
        abstract: 'An \u202eabstract\u0000 here',
        authors_parsed: [['Smith\u001b[2J', 'Ann', '']],
        comments: '\u001b[1m12 pages',
      }),
      'x:1',
    );
    assert.ok(record);
    assert.equal(record.paper.title, 'Safe title');
    assert.equal(record.paper.abstract, 'An abstract here');
    assert.deepEqual(record.paper.authors, ['Ann Smith']);
    assert.equal(record.paper.comment, '12 pages');
  });
});

describe('parseCreated', () => {
  const cases: [string, string | null][] = [
    ['Mon, 2 Apr 2007 19:18:42 GMT', '2007-04-02T19:18:42.000Z'],
    ['Tue, 29 Mar 2022 18:21:31 GMT', '2022-03-29T18:21:31.000Z'],
    ['2 Apr 2007 19:18:42 GMT', '2007-04-02T19:18:42.000Z'],
    ['Mon, 31 Feb 2007 19:18:42 GMT', null],
    ['2007-04-02', null],
  ];
  for (const [text, expected] of cases) {
    it(`reads ${JSON.stringify(text)} as ${String(expected)}`, () => {
      assert.equal(parseCreated(text)?.toISOString() ?? null, expected);
    });
  }
});
