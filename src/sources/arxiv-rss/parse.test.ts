// Golden and table tests for the arXiv RSS parser: recorded-format feeds → expected JSON, and text rules.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { FeedError, formatError } from '../../errors.js';
import { hasCleanText, normalizeSpace, stripControls } from '../../model.js';
import { cleanText, parseArxivRss, splitAuthors, type RssListing } from './parse.js';

const FIXTURES = new URL('../../../test/fixtures/arxiv-rss/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');

/** The fields that matter, in the shape of the `.expected.json` files. */
function summarize(listing: RssListing): unknown {
  return {
    listingDate: listing.listingDate,
    papers: listing.papers.map(({ announceType, paper }) => ({
      arxivId: paper.arxivId,
      version: paper.version,
      announceType,
      title: paper.title,
      authors: paper.authors,
      categories: paper.categories,
      primaryCategory: paper.primaryCategory,
      abstract: paper.abstract,
    })),
    problems: listing.problems,
  };
}

describe('parseArxivRss', () => {
  for (const name of ['cs-LG-2026-01-30', 'entities-latex', 'missing-fields', 'weekend-empty']) {
    it(`reads ${name}.xml as ${name}.expected.json`, () => {
      const listing = parseArxivRss(read(`${name}.xml`), { url: `https://rss.arxiv.org/rss/${name}` });
      assert.deepEqual(summarize(listing), JSON.parse(read(`${name}.expected.json`)));
    });
  }

  it('reads the demo day (demo/arxiv-rss-cs.xml) as demo-cs.expected.json, written by the fast-xml-parser reader', () => {
    const xml = readFileSync(new URL('../../../demo/arxiv-rss-cs.xml', import.meta.url), 'utf8');
    const listing = parseArxivRss(xml, { url: 'https://rss.arxiv.org/rss/cs' });
    assert.deepEqual(summarize(listing), JSON.parse(read('demo-cs.expected.json')));
  });

  it('reads every announce type of a normal day, primary category first', () => {
    const { papers } = parseArxivRss(read('cs-LG-2026-01-30.xml'), { url: 'u' });
    assert.deepEqual(
      papers.map((listed) => listed.announceType),
      ['new', 'new', 'cross', 'cross', 'replace', 'replace-cross'],
    );
    const cross = papers.find((listed) => listed.paper.arxivId === '2601.19969');
    assert.equal(cross?.paper.primaryCategory, 'cs.RO');
    for (const { paper } of papers) {
      assert.equal(paper.categories[0], paper.primaryCategory);
      assert.equal(paper.publishedAt, null);
    }
  });

  it('keeps LaTeX as written and decodes entities', () => {
    const { papers } = parseArxivRss(read('entities-latex.xml'), { url: 'u' });
    const paper = papers[1]?.paper;
    assert.equal(
      paper?.title,
      'Sim-to-Real Transfer of Contact-Rich Skills: When $\\|\\nabla f\\|_2 < \\epsilon$ Is Not Enough & What to Do',
    );
    assert.match(paper.abstract, /\$\\mu \\in \[0\.2, 0\.9\]\$ and \$p<0\.05\$ holds/);
    assert.deepEqual(paper.categories, ['cs.RO', 'cs.LG']);
  });

  it('records a problem per unusable item and keeps the rest', () => {
    const { papers, problems } = parseArxivRss(read('missing-fields.xml'), {
      url: 'https://rss.arxiv.org/rss/cs.LG',
    });
    assert.deepEqual(
      papers.map((listed) => listed.paper.arxivId),
      ['2601.20035', '2601.20467'],
    );
    assert.deepEqual(problems[0], {
      where: 'https://rss.arxiv.org/rss/cs.LG item 2',
      what: 'item 2 has no abstract',
      rule: 'missing-field',
    });
  });

  it('keeps a paper listed twice once, as its first item gives it, and records the repeat', () => {
    const xml = read('cs-LG-2026-01-30.xml');
    const items = xml.match(/<item>[\s\S]*?<\/item>/g) ?? [];
    const first = items[0] ?? '';
    const repeat = first.replace('Announce Type: new', 'Announce Type: cross');
    const doubled = xml.replace('</channel>', `${repeat}\n</channel>`);
    const { papers, problems } = parseArxivRss(doubled, { url: 'https://rss.arxiv.org/rss/cs.LG' });
    const once = parseArxivRss(xml, { url: 'https://rss.arxiv.org/rss/cs.LG' });
    assert.deepEqual(papers, once.papers);
    const arxivId = once.papers[0]?.paper.arxivId ?? '';
    assert.deepEqual(problems, [
      {
        where: `https://rss.arxiv.org/rss/cs.LG item ${items.length + 1}`,
        what: `item ${items.length + 1} lists ${arxivId} again (item 1 listed it first, and is kept)`,
        rule: 'repeated-entry',
      },
    ]);
  });

  it('reads an empty weekend feed as an empty listing with its date', () => {
    const listing = parseArxivRss(read('weekend-empty.xml'), { url: 'u' });
    assert.deepEqual(listing, { listingDate: '2026-01-31', papers: [], problems: [] });
  });

  it('throws a FeedError naming the URL for a cut-off document', () => {
    const url = 'https://rss.arxiv.org/rss/cs.LG';
    assert.throws(
      () => parseArxivRss(read('malformed-truncated.xml'), { url }),
      (error: unknown) => error instanceof FeedError && error.url === url && /not XML/.test(error.message),
    );
  });

  const notRss: [string, string][] = [
    ['plain text', 'Rate exceeded.'],
    ['an empty body', ''],
    ['an HTML page', '<html><head><title>503</title></head><body><p>down</p></body></html>'],
    [
      'an Atom feed',
      '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>',
    ],
  ];
  for (const [what, body] of notRss) {
    it(`throws a FeedError for ${what}`, () => {
      assert.throws(
        () => parseArxivRss(body, { url: 'https://rss.arxiv.org/rss/cs' }),
        (error: unknown) =>
          error instanceof FeedError && error.message.includes('https://rss.arxiv.org/rss/cs'),
      );
    });
  }

  const dates: [string, string, string | null][] = [
    ['pubDate', '<pubDate>Fri, 30 Jan 2026 00:00:00 -0500</pubDate>', '2026-01-30'],
    ['summer pubDate', '<pubDate>Mon, 03 Aug 2026 00:00:00 -0400</pubDate>', '2026-08-03'],
    ['lastBuildDate only', '<lastBuildDate>Fri, 30 Jan 2026 05:00:07 +0000</lastBuildDate>', '2026-01-30'],
    ['no date', '', null],
  ];
  for (const [what, element, expected] of dates) {
    it(`derives the listing date from ${what}`, () => {
      const xml = `<rss version="2.0"><channel><title>cs</title>${element}</channel></rss>`;
      assert.equal(parseArxivRss(xml, { url: 'u' }).listingDate, expected);
    });
  }

  const ids: [string, string, { arxivId: string; version: number }][] = [
    [
      'guid',
      '<guid isPermaLink="false">oai:arXiv.org:2601.19928v3</guid>',
      { arxivId: '2601.19928', version: 3 },
    ],
    [
      'old-style guid',
      '<guid>oai:arXiv.org:hep-th/9901001v2</guid>',
      { arxivId: 'hep-th/9901001', version: 2 },
    ],
    [
      'link when there is no guid',
      '<link>https://arxiv.org/abs/2601.19928</link>',
      { arxivId: '2601.19928', version: 1 },
    ],
  ];
  for (const [what, element, expected] of ids) {
    it(`reads the id from the ${what}`, () => {
      const xml =
        `<rss version="2.0"><channel><pubDate>Fri, 30 Jan 2026 00:00:00 -0500</pubDate><item><title>T</title>` +
        `${element}<description>Abstract: A.</description><category>cs.LG</category>` +
        `<arxiv:announce_type xmlns:arxiv="http://arxiv.org/schemas/atom">new</arxiv:announce_type></item></channel></rss>`;
      const paper = parseArxivRss(xml, { url: 'u' }).papers[0]?.paper;
      assert.deepEqual({ arxivId: paper?.arxivId, version: paper?.version }, expected);
    });
  }

  const abstracts: [string, string, string][] = [
    [
      'a line break before the marker',
      'arXiv:2601.00001v1 Announce Type: new \nAbstract: One two.',
      'One two.',
    ],
    [
      'runs of spaces and tabs in it',
      'arXiv:2601.00001v1 Announce Type: new\nAbstract:\t One \n\n two\t.  ',
      'One two .',
    ],
    ['the marker at the start', 'Abstract:One', 'One'],
    [
      'the marker inside a word (not a marker)',
      'arXiv:2601.00001v1 Announce Type: new NoAbstract: x',
      'NoAbstract: x',
    ],
    ['a second marker (the first counts)', 'Abstract: A Abstract: B', 'A Abstract: B'],
    ['no marker', 'arXiv:2601.00001v1 Announce Type: new \n Just  the text.', 'Just the text.'],
    ['markup around it', 'Abstract:  A &lt;i&gt;bold&lt;/i&gt;\n claim', 'A bold claim'],
    ['a control character before it', 'arXiv:x\u0007 Announce Type: new\nAbstract: A\u0007  B', 'A B'],
  ];
  for (const [what, description, expected] of abstracts) {
    it(`reads the abstract after the description's marker with ${what}`, () => {
      const xml =
        `<rss version="2.0"><channel><pubDate>Fri, 30 Jan 2026 00:00:00 -0500</pubDate><item><title>T</title>` +
        `<guid>oai:arXiv.org:2601.00001v1</guid><description>${description}</description><category>cs.LG</category>` +
        `<arxiv:announce_type xmlns:arxiv="http://arxiv.org/schemas/atom">new</arxiv:announce_type></item></channel></rss>`;
      assert.equal(parseArxivRss(xml, { url: 'u' }).papers[0]?.paper.abstract, expected);
    });
  }

  it('records an unknown announce type as a problem', () => {
    const xml =
      '<rss version="2.0"><channel><item><title>T</title><guid>oai:arXiv.org:2601.00001v1</guid>' +
      '<description>arXiv:2601.00001v1 Announce Type: withdrawn \nAbstract: A.</description><category>cs.LG</category>' +
      '</item></channel></rss>';
    const { papers, problems } = parseArxivRss(xml, { url: 'u' });
    assert.equal(papers.length, 0);
    assert.equal(problems[0]?.rule, 'unknown-announce-type');
    assert.match(problems[0].what, /item 1 has announce type "withdrawn"/);
  });
});

describe('splitAuthors', () => {
  const cases: [string, string[]][] = [
    ['Yi Hu, Jiaqi Gu, Ruxin Wang', ['Yi Hu', 'Jiaqi Gu', 'Ruxin Wang']],
    ['Baptiste Debes and Tinne Tuytelaars', ['Baptiste Debes', 'Tinne Tuytelaars']],
    ['A. One, B. Two, and C. Three', ['A. One', 'B. Two', 'C. Three']],
    ['A. One, B. Two and C. Three', ['A. One', 'B. Two', 'C. Three']],
    ['Anand Kannappan, Alexander Sand', ['Anand Kannappan', 'Alexander Sand']],
    ['J. Peña (ETH Zürich, Switzerland) and L. Wei', ['J. Peña (ETH Zürich, Switzerland)', 'L. Wei']],
    ['M. Roe (Dept. of Physics and Astronomy), K. Li', ['M. Roe (Dept. of Physics and Astronomy)', 'K. Li']],
    ['The ATLAS Collaboration', ['The ATLAS Collaboration']],
    ['', []],
  ];
  for (const [input, expected] of cases) {
    it(`splits "${input}"`, () => assert.deepEqual(splitAuthors(input), expected));
  }
});

describe('cleanText', () => {
  const cases: [string, string][] = [
    ['  wrapped\n  over   lines\t', 'wrapped over lines'],
    ['R&amp;D &lt;b&gt;bold&lt;/b&gt;', 'R&D bold'],
    ['&quot;quoted&quot; &#8212; &#x3b1; &eacute; &Ouml;', '"quoted" — α é Ö'],
    ['see <a href="https://x.org/">this https URL</a>.', 'see this https URL.'],
    ['line one<br/>line two', 'line one line two'],
    ['$a<b$ and $b>c$', '$a<b$ and $b>c$'],
    ['where a<b and b>c', 'where a<b and b>c'],
    ['$\\mathcal{O}(n^2)$ &unknown; &#0;', '$\\mathcal{O}(n^2)$ &unknown; \uFFFD'],
    ['&frac12; &sup2; &amp &copy 2026', '½ ² &amp &copy 2026'],
    [
      '&constructor; &__proto__; &toString; &hasOwnProperty;',
      '&constructor; &__proto__; &toString; &hasOwnProperty;',
    ],
  ];
  for (const [input, expected] of cases) {
    it(`cleans ${JSON.stringify(input)}`, () => assert.equal(cleanText(input), expected));
  }
});

describe('parseArxivRss: names of Object.prototype as entities', () => {
  /** One item whose title, abstract and authors carry `text` as the feed wrote it. */
  function feedWith(text: string): string {
    return (
      `<rss version="2.0"><channel><pubDate>Fri, 30 Jan 2026 00:00:00 -0500</pubDate><item>` +
      `<title>A ${text} title</title><guid>oai:arXiv.org:2601.00001v1</guid>` +
      `<description>arXiv:2601.00001v1 Announce Type: new \nAbstract: An ${text} abstract.</description>` +
      `<category>cs.LG</category><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">` +
      `A. ${text}, B. Two</dc:creator></item></channel></rss>`
    );
  }
  for (const name of ['constructor', '__proto__', 'toString']) {
    for (const [how, written] of [
      ['as written', `&${name};`],
      ['escaped twice', `&amp;${name};`],
    ] as const) {
      it(`keeps &${name}; ${how} as literal text, never a function's source, and reports it`, () => {
        const { papers, problems } = parseArxivRss(feedWith(written), { url: 'u' });
        // `&__proto__;` is not a reference at all (HTML's names hold no `_`): nothing to report.
        const reported = name === '__proto__' ? [] : ['title', 'abstract', 'authors'];
        assert.deepEqual(
          problems,
          reported.map((field) => ({
            where: 'u item 1',
            what: `2601.00001's ${field} holds "&${name};", which names no XML or HTML entity; kept as written`,
            rule: 'unknown-entity',
          })),
        );
        const paper = papers[0]?.paper;
        assert.equal(paper?.title, `A &${name}; title`);
        assert.equal(paper.abstract, `An &${name}; abstract.`);
        assert.deepEqual(paper.authors, [`A. &${name};`, 'B. Two']);
      });
    }
  }
});

describe('parseArxivRss: terminal control characters', () => {
  /** One item whose title, abstract and authors carry `hostile` as the feed wrote it. */
  function feedWith(hostile: string): string {
    return (
      `<rss version="2.0"><channel><pubDate>Fri, 30 Jan 2026 00:00:00 -0500</pubDate><item>` +
      `<title>Safe${hostile} Title</title><guid>oai:arXiv.org:2601.00001v1</guid>` +
      `<description>arXiv:2601.00001v1 Announce Type: new \nAbstract: An${hostile} abstract.</description>` +
      `<category>cs.LG${hostile}</category><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">` +
      `A. One${hostile}, B. Two</dc:creator></item></channel></rss>`
    );
  }
  const cases: [string, string][] = [
    ['a raw ESC sequence', '\u001b[2J'],
    ['a hex reference &#x1b;', '&#x1b;[2J'],
    ['a decimal reference &#27;', '&#27;[2J'],
    ['a reference escaped twice', '&amp;#x1b;[2J'],
    ['an OSC title, raw', '\u001b]0;pwned\u0007'],
    ['an OSC title, as references', '&#x1b;]0;pwned&#x7;'],
    ['an OSC title, escaped twice', '&amp;#x1b;]0;pwned&amp;#x7;'],
    ['a CSI colour', '&#x1b;[1;31m'],
    ['C1 CSI, DEL and NUL', '&#x9b;2J&#127;&#0;'],
  ];
  for (const [what, hostile] of cases) {
    it(`removes ${what} from title, abstract, category and authors`, () => {
      const { papers, problems } = parseArxivRss(feedWith(hostile), { url: 'u' });
      assert.deepEqual(problems, []);
      const paper = papers[0]?.paper;
      assert.equal(paper?.title, 'Safe Title');
      assert.equal(paper.abstract, 'An abstract.');
      assert.deepEqual(paper.authors, ['A. One', 'B. Two']);
      // Categories are not entity-decoded twice: `&#x1b;` escaped twice stays visible text there.
      assert.ok(
        paper.categories.every((category) => !/\p{Cc}/u.test(category)),
        paper.categories.join(),
      );
    });
  }

  it('removes a sequence inside CDATA, which the XML parser leaves to cleanText', () => {
    const xml = feedWith('').replace('An abstract.', '<![CDATA[An &#x1b;]0;pwned&#x7;abstract.]]>');
    assert.equal(parseArxivRss(xml, { url: 'u' }).papers[0]?.paper.abstract, 'An abstract.');
  });
});

describe('parseArxivRss: documents that are not XML', () => {
  const url = 'https://rss.arxiv.org/rss/cs';
  const hint = ' (check PAPERWIRE_ARXIV_RSS_URL points at rss.arxiv.org/rss or a mirror of it)';
  const cases: [string, string, string][] = [
    ['an empty body', '', 'the arXiv RSS feed is not XML: the body is empty'],
    ['blank lines', '\n\n  \n', 'the arXiv RSS feed is not XML: the body is empty'],
    [
      'an HTML error page',
      '<!DOCTYPE html>\n<html><head><title>503</title></head><body><p>Service unavailable<br></body></html>',
      "the arXiv RSS feed is not XML: expected closing tag 'br' (opened in line 2, col 66) instead of closing tag " +
        "'body' at line 2, column 70; the server sent an HTML page: \"<!DOCTYPE html> <html><head><title>503</title>" +
        '</head><body><…"',
    ],
    [
      'a cut-off feed',
      '<?xml version="1.0"?>\n<rss version="2.0">\n<channel>\n<item><title>Half',
      'the arXiv RSS feed is not XML: the document ends at line 4, column 18 with <rss>, <channel>, <item>, ' +
        '<title> still open (cut off?)',
    ],
    [
      'a feed cut inside its only element',
      '<rss version="2.0">',
      "the arXiv RSS feed is not XML: unclosed tag 'rss' at line 1, column 1",
    ],
    [
      'JSON',
      '{"error": "not found"}',
      'the arXiv RSS feed is not XML: unexpected "{" at line 1, column 1; the server sent JSON: ' +
        '"{"error": "not found"}"',
    ],
    [
      'plain text',
      'Rate exceeded.\n',
      'the arXiv RSS feed is not XML: unexpected "R" at line 1, column 1; it starts "Rate exceeded."',
    ],
    [
      'text with a control sequence',
      '\u001b]0;pwned\u0007Busy',
      'the arXiv RSS feed is not XML: unexpected control character U+001B at line 1, column 1; it starts "Busy"',
    ],
  ];
  for (const [what, body, message] of cases) {
    it(`says in one line where ${what} fails`, () => {
      assert.throws(
        () => parseArxivRss(body, { url }),
        (error: unknown) => {
          assert.ok(error instanceof FeedError);
          assert.equal(formatError(error), `paperwire: ${message} (${url})${hint}`);
          assert.doesNotMatch(error.message, /undefined|\n/);
          return true;
        },
      );
    });
  }
});

describe('parseArxivRss: the shapes an item can take', () => {
  /** A feed of one item with `inside` as its children, then a second, normal item. */
  function feedWith(inside: string): string {
    const normal =
      '<title>Normal</title><guid>oai:arXiv.org:2601.00002v1</guid><category>cs.LG</category>' +
      '<description>arXiv:2601.00002v1 Announce Type: new \nAbstract: B.</description>';
    return (
      `<rss version="2.0"><channel><pubDate>Fri, 30 Jan 2026 00:00:00 -0500</pubDate>` +
      `${inside}<item>${normal}</item></channel></rss>`
    );
  }
  const item = (fields: string): string =>
    `<item><guid>oai:arXiv.org:2601.00001v1</guid><category>cs.LG</category>${fields}</item>`;
  const abstract = '<description>arXiv:2601.00001v1 Announce Type: new \nAbstract: A.</description>';
  // Each outcome is what the fast-xml-parser reader gave for the same feed.
  const cases: [string, string, string][] = [
    ['an empty item', '<item/>', 'problem: item 1 is empty'],
    ['an item of text only', '<item>just text</item>', 'problem: item 1 is empty'],
    [
      'an item of attributes only',
      '<item a="1"/>',
      'problem: item 1 has no id or title or abstract or category',
    ],
    [
      'a title given twice',
      item(`<title>One</title><title>Two</title>${abstract}`),
      'problem: item 1 has no title',
    ],
    [
      'a title in CDATA',
      item(`<title><![CDATA[A <b>bold</b> one]]></title>${abstract}`),
      'title: A bold one',
    ],
    ['a title with a comment', item(`<title>Split<!-- x -->Word</title>${abstract}`), 'title: SplitWord'],
    [
      'a title with a child element',
      item(`<title>Outer <em>inner</em> text</title>${abstract}`),
      'title: Outertext',
    ],
    [
      'a prefixed title',
      item(`<media:title xmlns:media="m">Prefixed</media:title>${abstract}`),
      'title: Prefixed',
    ],
    ['a title escaped twice', item(`<title>R&amp;amp;D &amp;lt;3</title>${abstract}`), 'title: R&D <3'],
  ];
  for (const [what, inside, expected] of cases) {
    it(`reads ${what} as before`, () => {
      const { papers, problems } = parseArxivRss(feedWith(inside), { url: 'u' });
      const first = problems[0] ? `problem: ${problems[0].what}` : `title: ${papers[0]?.paper.title ?? ''}`;
      assert.equal(first, expected);
      assert.equal(papers.at(-1)?.paper.title, 'Normal');
    });
  }

  it('says where a document the validator lets through is not well-formed', () => {
    const xml = '<rss version="2.0"><channel>\n<title a="<"/></channel></rss>';
    assert.throws(
      () => parseArxivRss(xml, { url: 'https://rss.arxiv.org/rss/cs' }),
      (error: unknown) =>
        error instanceof FeedError &&
        error.message.startsWith(
          'the arXiv RSS feed is not XML: a tag that is not well-formed at line 2, column 1',
        ),
    );
  });
});

describe('parseArxivRss: the texts it marks clean (model.ts markCleanText)', () => {
  // The store's hash, the keyword fold and the renderers skip cleaning a marked text again: each must be the fixed
  // point of normalizeSpace(stripControls(…)), or a digest would show, match and hash it other than before.
  const clean = (text: string): string => normalizeSpace(stripControls(text));
  const hostile = [
    ' \u200e ',
    '\t\u001b[2J\n',
    '&#x202e; &#9; &#x1b;',
    '&amp;#x1b;]0;t&amp;#x7; ',
    '\u00a0\u2028\u3000',
    '<b> </b>&lt;i&gt; x &lt;/i&gt;',
    '\u0085 \u009b2J ',
  ];
  const feeds = [
    ...['cs-LG-2026-01-30.xml', 'entities-latex.xml', 'missing-fields.xml'].map(read),
    readFileSync(new URL('../../../demo/arxiv-rss-cs.xml', import.meta.url), 'utf8'),
    ...hostile.map(
      (text) =>
        `<rss version="2.0"><channel><pubDate>Fri, 30 Jan 2026 00:00:00 -0500</pubDate><item>` +
        `<title> Safe${text}Title${text}</title><guid>oai:arXiv.org:2601.00001v1</guid>` +
        `<description>arXiv:2601.00001v1 Announce Type: new \nAbstract:${text}An${text}abstract.${text}</description>` +
        `<category>cs.LG</category><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">A. One</dc:creator>` +
        '</item></channel></rss>',
    ),
  ];

  it('marks every paper, and each marked text is as cleaning would leave it', () => {
    let papers = 0;
    for (const feed of feeds) {
      for (const { paper } of parseArxivRss(feed, { url: 'u' }).papers) {
        papers += 1;
        assert.ok(hasCleanText(paper, 'title') && hasCleanText(paper, 'abstract'), paper.arxivId);
        assert.equal(clean(paper.title), paper.title);
        assert.equal(clean(paper.abstract), paper.abstract);
      }
    }
    // The hostile feeds' papers are there too, not set aside as problems.
    assert.ok(papers >= 60 + hostile.length, `${papers} papers`);
  });
});
