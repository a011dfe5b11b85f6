// parseOaiListRecords on the real OAI-PMH recordings (old endpoint, both serialisations, every error answer) and on
// the new endpoint's pages built from its source (fixtures/): records, versions with dates, tokens, errors.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { FeedError } from '../../errors.js';
import { parseOaiListRecords } from './parse.js';

const REAL = new URL('../../../test/fixtures/real/arxiv-oai/', import.meta.url);
const BUILT = new URL('./fixtures/', import.meta.url);
const real = (name: string): string => readFileSync(new URL(name, REAL), 'utf8');
const built = (name: string): string => readFileSync(new URL(name, BUILT), 'utf8');
const parse = (xml: string) => parseOaiListRecords(xml, { url: 'http://127.0.0.1/oai' });

describe('parseOaiListRecords on the old endpoint (recorded)', () => {
  it('reads the 2015 arXivRaw page: six records and the cursor-style token', () => {
    const page = parse(real('listrecords-arxivraw-page1-2015.xml'));
    assert.equal(page.records.length, 6);
    assert.deepEqual(page.problems, []);
    assert.deepEqual(page.errors, []);
    assert.deepEqual(page.resumptionToken, {
      value: '726959|1001',
      cursor: 0,
      completeListSize: 58011,
      expiresAt: null,
    });
    // The list is not sorted by datestamp (2014-11-18, 2014-12-22, 2014-11-21, ...): the latest is taken.
    assert.equal(page.lastDatestamp, '2014-12-22');
  });

  it('keeps every version with its submission date, the newest as the paper', () => {
    const record = parse(real('listrecords-arxivraw-page1-2015.xml')).records.find(
      (entry) => entry.paper.arxivId === '0704.0716',
    );
    assert.ok(record);
    assert.deepEqual(
      record.versions.map((version) => [version.version, version.submittedAt?.toISOString(), version.sizeKb]),
      [
        [1, '2007-04-05T12:45:03.000Z', 43],
        [2, '2007-09-28T15:13:43.000Z', 48],
        [3, '2008-02-29T16:05:39.000Z', 48],
        [4, '2008-11-14T09:07:25.000Z', 49],
      ],
    );
    assert.equal(record.paper.version, 4);
    assert.equal(record.paper.publishedAt?.toISOString(), '2007-04-05T12:45:03.000Z');
    assert.equal(record.paper.updatedAt?.toISOString(), '2008-11-14T09:07:25.000Z');
    assert.equal(record.datestamp, '2014-12-22');
    assert.deepEqual(record.setSpecs, ['math', 'physics:math-ph']);
    assert.deepEqual(record.paper.categories, ['math-ph', 'math.MP']);
    assert.equal(record.paper.primaryCategory, 'math-ph');
    assert.equal(record.submitter, 'Christoph Richard');
  });

  it('splits the one authors string into names and keeps two DOIs as written', () => {
    const record = parse(real('listrecords-arxivraw-page1-2015.xml')).records[0];
    assert.deepEqual(record?.paper.authors, ['D.V. Shetty', 'S.J. Yennello', 'G.A. Souliotis']);
    assert.equal(record.paper.doi, '10.1103/PhysRevC.76.024606 10.1103/PhysRevC.76.039902');
    assert.match(record.paper.abstract, /extremely " stiff " and " soft "/);
    assert.match(
      record.paper.title,
      /^Density dependence of the symmetry energy and the nuclear equation of state: A/,
    );
  });

  it('reads the single-quoted 2014 resumed page: 17 records, a paper with 8 versions, cursor 95000', () => {
    const page = parse(real('listrecords-arxivraw-resumed-2014.xml'));
    assert.equal(page.records.length, 17);
    assert.deepEqual(page.resumptionToken, {
      value: '496549|96001',
      cursor: 95000,
      completeListSize: 907096,
      expiresAt: null,
    });
    const eight = page.records.find((record) => record.paper.arxivId === '0811.3664');
    assert.equal(eight?.versions.length, 8);
    assert.equal(eight.versions[3]?.submittedAt?.toISOString(), '2010-07-05T02:35:09.000Z');
    assert.deepEqual(eight.paper.authors, ['Hiroki Sumi']);
  });

  it('reports each record of another metadata format as a problem, and keeps none', () => {
    const page = parse(real('listrecords-arxiv-cs-complete-2016.xml'));
    assert.equal(page.records.length, 0);
    assert.equal(page.problems.length, 46);
    assert.equal(page.resumptionToken, null);
    assert.match(page.problems[0]?.what ?? '', /has no arXivRaw metadata/);
    assert.match(page.problems[0]?.where ?? '', / record 1$/);
  });

  const errors: [string, string, RegExp][] = [
    ['error-badargument-2015.xml', 'badArgument', /illegal argument 'identifier'/],
    ['error-badresumptiontoken-2015.xml', 'badResumptionToken', /illegal for this repository/],
    ['error-badverb-2015.xml', 'badVerb', /Verb 'wah' not implemented/],
    ['error-iddoesnotexist-2015.xml', 'idDoesNotExist', /does not correspond/],
    ['error-norecordsmatch-empty-range-2016.xml', 'noRecordsMatch', /^No records match the paramaters/],
    ['error-norecordsmatch-unknown-set-2015.xml', 'noRecordsMatch', /The setSpec was 'moo'/],
  ];
  for (const [file, code, message] of errors) {
    it(`reads ${file} as the OAI error ${code}`, () => {
      const page = parse(real(file));
      assert.equal(page.records.length, 0);
      assert.equal(page.errors.length, 1);
      assert.equal(page.errors[0]?.code, code);
      assert.match(page.errors[0].message, message);
    });
  }
});

describe('parseOaiListRecords on the new endpoint (built from its source)', () => {
  it('reads the skip= token with its expiry and no cursor', () => {
    const page = parse(built('listrecords-arxivraw-new-endpoint-page1.xml'));
    assert.equal(page.records.length, 2);
    assert.deepEqual(page.resumptionToken, {
      value:
        'verb%3DListRecords%26metadataPrefix%3DarXivRaw%26from%3D2026-11-30%26set%3Dcs%253Acs%253ALG%26skip%3D2',
      cursor: null,
      completeListSize: null,
      expiresAt: new Date('2026-12-02T00:00:00Z'),
    });
  });

  it('reads zero-padded version dates, template whitespace and character references', () => {
    const [first, second] = parse(built('listrecords-arxivraw-new-endpoint-page1.xml')).records;
    assert.deepEqual(
      first?.versions.map((version) => version.submittedAt?.toISOString()),
      ['2025-09-02T17:58:03.000Z', '2026-11-30T11:04:52.000Z'],
    );
    assert.equal(first.paper.version, 2);
    assert.deepEqual(first.paper.authors, ['Ada Example', 'Grace B. Sample', 'Alan T. Placeholder']);
    assert.match(first.paper.abstract, /^We study .* \$Q\(s,a\)\$ below a learned bound & improves/);
    assert.equal(
      second?.paper.abstract,
      "We train diffusion policies for contact-rich manipulation and report 'success rates' on six tasks.",
    );
    assert.deepEqual(second.setSpecs, ['cs:cs:LG', 'stat:stat:ML']);
  });

  it('ends the list at an empty <resumptionToken/>', () => {
    const page = parse(built('listrecords-arxivraw-new-endpoint-page2.xml'));
    assert.equal(page.records.length, 1);
    assert.equal(page.resumptionToken, null);
    assert.equal(page.lastDatestamp, '2026-12-01');
  });

  it('reads the single-quoted error codes', () => {
    assert.equal(parse(built('error-norecordsmatch-new-endpoint.xml')).errors[0]?.code, 'noRecordsMatch');
    assert.equal(
      parse(built('error-badresumptiontoken-new-endpoint.xml')).errors[0]?.code,
      'badResumptionToken',
    );
  });
});

describe('parseOaiListRecords on bad input', () => {
  it('counts a deleted record by id and keeps no paper for it', () => {
    const xml = built('listrecords-arxivraw-new-endpoint-page2.xml').replace(
      '<header>',
      '<header status="deleted">',
    );
    const page = parse(xml);
    assert.deepEqual(page.deletedIds, ['2612.00002']);
    assert.equal(page.records.length, 0);
  });

  it('reports a record without id or category as a problem naming it, and keeps the others', () => {
    const xml = built('listrecords-arxivraw-new-endpoint-page1.xml').replace(
      '<categories>cs.LG cs.AI</categories>',
      '<categories></categories>',
    );
    const page = parse(xml);
    assert.equal(page.records.length, 1);
    assert.deepEqual(page.problems, [
      { where: 'http://127.0.0.1/oai record 1', what: '2509.01234 has no category', rule: 'missing-field' },
    ]);
  });

  it('decodes an HTML entity in a record, and reports one that names no entity (&a9;), keeping the paper', () => {
    const xml = built('listrecords-arxivraw-new-endpoint-page1.xml')
      .replace('<title>', '<title>Caf&eacute; &a9; ')
      .replace('<authors>', '<authors>Ren&amp;eacute; Roe and ');
    const page = parse(xml);
    assert.equal(page.records.length, 2);
    const paper = page.records[0]?.paper;
    assert.match(paper?.title ?? '', /^Café &a9; Offline/);
    assert.equal(paper?.authors[0], 'René Roe');
    assert.deepEqual(page.problems, [
      {
        where: 'http://127.0.0.1/oai record 1',
        what: '2509.01234\'s title holds "&a9;", which names no XML or HTML entity; kept as written',
        rule: 'unknown-entity',
      },
    ]);
  });

  it('keeps a paper whose version <date> does not read, without that time, and reports it', () => {
    const xml = built('listrecords-arxivraw-new-endpoint-page1.xml').replace(
      /<date>[^<]*<\/date>/,
      '<date>the day after tomorrow</date>',
    );
    const page = parse(xml);
    assert.equal(page.records.length, 2);
    assert.equal(page.records[0]?.versions[0]?.submittedAt, null);
    assert.deepEqual(page.problems, [
      {
        where: 'http://127.0.0.1/oai record 1',
        what: '2509.01234 is kept, but the <date> of v1 ("the day after tomorrow") does not read as a date',
        rule: 'bad-field',
      },
    ]);
  });

  it('throws a FeedError naming the URL for an HTML page and for another root', () => {
    assert.throws(() => parse('<!DOCTYPE html><html><body><p>Retry later</body></html>'), FeedError);
    assert.throws(
      () => parse('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>'),
      (error: unknown) =>
        error instanceof FeedError && /root is <feed>, not <OAI-PMH>.*127\.0\.0\.1/.test(error.message),
    );
  });
});
