// Golden and table tests for the arXiv API parser on documents captured from export.arxiv.org (both formats).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { FeedError } from '../../errors.js';
import { parseArxivAtom, type ArxivAtomPage } from './parse.js';

const REAL = new URL('../../../test/fixtures/real/arxiv-api/', import.meta.url);
const OWN = new URL('./fixtures/', import.meta.url);
const readReal = (name: string): string => readFileSync(new URL(name, REAL), 'utf8');
const readOwn = (name: string): string => readFileSync(new URL(name, OWN), 'utf8');

/** The fields that matter, in the shape of the `.expected.json` files. */
function summarize(page: ArxivAtomPage): unknown {
  return {
    totalResults: page.totalResults,
    startIndex: page.startIndex,
    entryCount: page.entryCount,
    papers: page.papers.map((paper) => ({
      arxivId: paper.arxivId,
      version: paper.version,
      title: paper.title,
      authors: paper.authors,
      categories: paper.categories,
      primaryCategory: paper.primaryCategory,
      publishedAt: paper.publishedAt?.toISOString() ?? null,
      updatedAt: paper.updatedAt?.toISOString() ?? null,
      comment: paper.comment,
      journalRef: paper.journalRef,
      doi: paper.doi,
      abstractStart: paper.abstract.slice(0, 60),
    })),
    problems: page.problems,
  };
}

const GOLDEN = [
  'query-2025-08-old-format',
  'query-2025-11-new-format',
  'query-math-ca-new-format',
  'query-empty-old-format',
  'query-empty-new-format',
  'query-missing-id-old-format',
  'query-missing-id-new-format',
];

describe('parseArxivAtom', () => {
  for (const name of GOLDEN) {
    it(`reads the captured ${name}.xml as fixtures/${name}.expected.json`, () => {
      const page = parseArxivAtom(readReal(`${name}.xml`), {
        url: `https://export.arxiv.org/api/query#${name}`,
      });
      assert.deepEqual(summarize(page), JSON.parse(readOwn(`${name}.expected.json`)));
    });
  }

  it('reads the same paper alike from the old and the new format', () => {
    const old = parseArxivAtom(readReal('query-2025-08-old-format.xml'), { url: 'u' }).papers;
    const recent = parseArxivAtom(readReal('query-2025-11-new-format.xml'), { url: 'u' }).papers;
    const a = old.find((paper) => paper.arxivId === '1602.03411');
    const b = recent.find((paper) => paper.arxivId === '1602.03411');
    assert.ok(a && b);
    // arXiv's own record changed between the captures in these two fields only.
    assert.deepEqual({ ...a, comment: null, updatedAt: null }, { ...b, comment: null, updatedAt: null });
  });

  it('joins wrapped titles and abstracts of the old format onto one line', () => {
    const papers = parseArxivAtom(readReal('query-2025-08-old-format.xml'), { url: 'u' }).papers;
    const paper = papers.find((candidate) => candidate.arxivId === '1706.01836');
    assert.equal(
      paper?.title,
      'Development of a Practical Multicomponent Density Functional for Electron-Proton Correlation to Produce Accurate Proton Densities',
    );
    assert.doesNotMatch(paper.abstract, /\n|\s{2}/);
    assert.equal(paper.version, 2);
    assert.equal(paper.doi, '10.1063/1.4996038');
    assert.equal(paper.journalRef, 'The Journal of Chemical Physics 147, 114113 (2017)');
  });

  it('decodes numeric character references in titles and abstracts, as the OAI reader does', () => {
    const xml =
      '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" ' +
      'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"><opensearch:totalResults>1</opensearch:totalResults>' +
      '<opensearch:startIndex>0</opensearch:startIndex><entry><id>http://arxiv.org/abs/2601.00001v1</id>' +
      '<published>2026-01-01T00:00:00Z</published><updated>2026-01-01T00:00:00Z</updated>' +
      '<title>Don&#39;t stop &amp; go &#x2014; now</title><summary>It&#39;s fine</summary>' +
      '<author><name>A B</name></author><arxiv:primary_category term="cs.LG"/><category term="cs.LG"/></entry></feed>';
    const [paper] = parseArxivAtom(xml, { url: 'http://127.0.0.1/api/query' }).papers;
    assert.ok(paper);
    assert.equal(paper.title, "Don't stop & go — now");
    assert.equal(paper.abstract, "It's fine");
  });

  it('decodes a reference escaped twice, as the OAI reader does, and reports one that names no entity', () => {
    const xml = readReal('query-2025-11-new-format.xml')
      .replace(/(<entry>[\s\S]*?<title>)/, '$1Caf&amp;eacute; &amp;a9; ')
      .replace(/(<entry>[\s\S]*?<name>)/, '$1Ren&amp;eacute; Roe, ');
    const page = parseArxivAtom(xml, { url: 'http://127.0.0.1/api/query' });
    const [paper] = page.papers;
    assert.match(paper?.title ?? '', /^Café &a9; \S/);
    assert.match(paper?.authors[0] ?? '', /^René Roe, /);
    assert.deepEqual(page.problems, [
      {
        where: 'http://127.0.0.1/api/query entry 1',
        what: `${paper?.arxivId ?? ''}'s title holds "&a9;", which names no XML or HTML entity; kept as written`,
        rule: 'unknown-entity',
      },
    ]);
  });

  it('keeps old-style ids without their version', () => {
    const papers = parseArxivAtom(readReal('query-2025-11-new-format.xml'), { url: 'u' }).papers;
    const paper = papers.find((candidate) => candidate.arxivId === 'nucl-th/9910021');
    assert.equal(paper?.version, 3);
  });

  it('puts the primary category first even when the document lists it later', () => {
    const papers = parseArxivAtom(readOwn('cs-LG-2026-01-30.xml'), { url: 'u' }).papers;
    const paper = papers.find((candidate) => candidate.arxivId === '2601.19969');
    assert.deepEqual(paper?.categories, ['cs.RO', 'cs.LG']);
    assert.equal(paper.primaryCategory, 'cs.RO');
  });

  it('leaves out an MSC code (35) and empty terms, and reports empty entries by index', () => {
    const url = 'https://export.arxiv.org/api/query?id_list=2201.13455,2201.13452,2201.13453,2201.13454';
    const page = parseArxivAtom(readReal('query-missing-id-old-format.xml'), { url });
    assert.deepEqual(page.papers[0]?.categories, ['math.AP']);
    assert.deepEqual(
      page.problems.map((problem) => problem.where),
      [`${url} entry 1`, `${url} entry 3`, `${url} entry 4`],
    );
  });

  it('throws a FeedError with the message of an error document, in either format', () => {
    for (const [name, message] of [
      ['error-old-format.xml', 'incorrect id format for 1234.12345v'],
      ['error-new-format.xml', 'max_results must be non-negative'],
    ]) {
      assert.throws(
        () => parseArxivAtom(readOwn(name ?? ''), { url: 'https://export.arxiv.org/api/query?id_list=x' }),
        (error: unknown) =>
          error instanceof FeedError &&
          error.url === 'https://export.arxiv.org/api/query?id_list=x' &&
          error.message.includes(message ?? ''),
      );
    }
  });

  const unusable: [string, string][] = [
    ['plain text (rate limiting)', 'Rate exceeded.'],
    ['an HTML page', '<html><body><h1>502 Bad Gateway</h1></body></html>'],
    ['an RSS feed', '<rss version="2.0"><channel><title>x</title></channel></rss>'],
    ['a cut-off document', readReal('query-2025-11-new-format.xml').slice(0, 3000)],
  ];
  for (const [what, body] of unusable) {
    it(`throws a FeedError naming the URL for ${what}`, () => {
      assert.throws(
        () => parseArxivAtom(body, { url: 'https://export.arxiv.org/api/query?start=0' }),
        (error: unknown) =>
          error instanceof FeedError && error.message.includes('https://export.arxiv.org/api/query'),
      );
    });
  }

  const entries: [string, string, string][] = [
    ['no id', '<title>T</title><summary>S</summary><category term="cs.LG"/>', 'entry 1 has no id'],
    [
      'a non-arXiv id',
      '<id>http://example.org/x</id><title>T</title><summary>S</summary><category term="cs.LG"/>',
      'entry 1 has no id',
    ],
    [
      'no title',
      '<id>http://arxiv.org/abs/2601.00001v1</id><summary>S</summary><category term="cs.LG"/>',
      'entry 1 (2601.00001) has no title',
    ],
    [
      'only an MSC code',
      '<id>http://arxiv.org/abs/2601.00001v1</id><title>T</title><summary>S</summary><category term="35K57"/>',
      'entry 1 (2601.00001) has no arXiv category',
    ],
  ];
  for (const [what, inner, message] of entries) {
    it(`records an entry with ${what} as a problem`, () => {
      const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><entry>${inner}</entry></feed>`;
      const page = parseArxivAtom(xml, { url: 'u' });
      assert.equal(page.papers.length, 0);
      assert.equal(page.problems[0]?.what, message);
      assert.equal(page.problems[0].where, 'u entry 1');
    });
  }
});

describe('parseArxivAtom: terminal control characters', () => {
  /** One entry whose title, summary, authors and comment carry `hostile` as the answer wrote it. */
  function answerWith(hostile: string): string {
    return (
      '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom"><entry>' +
      `<id>http://arxiv.org/abs/2601.00001v1</id><title>Safe${hostile} Title</title>` +
      `<summary>An${hostile} abstract.</summary><author><name>A. One${hostile}</name></author>` +
      `<arxiv:comment>12 pages${hostile}</arxiv:comment><category term="cs.LG"/></entry></feed>`
    );
  }
  const cases: [string, string][] = [
    ['a raw ESC sequence', '\u001b[2J'],
    ['a hex reference &#x1b;', '&#x1b;[2J'],
    ['a decimal reference &#27;', '&#27;[2J'],
    ['an OSC title, raw', '\u001b]0;pwned\u0007'],
    ['an OSC title, as references', '&#x1b;]0;pwned&#x7;'],
    ['an OSC hyperlink', '&#x1b;]8;;https://evil.example&#x1b;\\&#x1b;]8;;&#x1b;\\'],
    ['C1 CSI, DEL and NUL', '&#x9b;2J&#127;&#0;'],
  ];
  for (const [what, hostile] of cases) {
    it(`removes ${what} from title, abstract, authors and comment`, () => {
      const { papers, problems } = parseArxivAtom(answerWith(hostile), { url: 'u' });
      assert.deepEqual(problems, []);
      const paper = papers[0];
      assert.equal(paper?.title, 'Safe Title');
      assert.equal(paper.abstract, 'An abstract.');
      assert.deepEqual(paper.authors, ['A. One']);
      assert.equal(paper.comment, '12 pages');
    });
  }
});

describe('parseArxivAtom: documents that are not XML', () => {
  const url = 'https://export.arxiv.org/api/query?start=0';
  const cases: [string, string, string][] = [
    ['an empty body', '', 'the arXiv API answer is not XML: the body is empty'],
    [
      'plain text (rate limiting)',
      'Rate exceeded.',
      'the arXiv API answer is not XML: unexpected "R" at line 1, column 1; it starts "Rate exceeded."',
    ],
    [
      'an HTML page',
      '<html>\n<body><h1>502 Bad Gateway</h1><hr></body></html>',
      "the arXiv API answer is not XML: expected closing tag 'hr' (opened in line 2, col 31) instead of closing " +
        "tag 'body' at line 2, column 35; the server sent an HTML page: \"<html> <body><h1>502 Bad Gateway</h1>" +
        '<hr></body></html>"',
    ],
    [
      'a cut-off answer',
      '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n  <entry>\n    <title>Ha',
      'the arXiv API answer is not XML: the document ends at line 4, column 14 with <feed>, <entry>, <title> ' +
        'still open (cut off?)',
    ],
    [
      'JSON',
      '[1, 2]',
      'the arXiv API answer is not XML: unexpected "[" at line 1, column 1; the server sent JSON: "[1, 2]"',
    ],
  ];
  for (const [what, body, message] of cases) {
    it(`says in one line where ${what} fails`, () => {
      assert.throws(
        () => parseArxivAtom(body, { url }),
        (error: unknown) => {
          assert.ok(error instanceof FeedError);
          assert.equal(error.message, `${message} (${url})`);
          return true;
        },
      );
    });
  }
});
