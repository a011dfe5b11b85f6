// Tests the classic digest against example 001, line for line, with PRODUCT.md's two corrections.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Digest, DigestEntry, IsoDate } from '../../model.js';
import { UNDATED, sampleDigest, sampleEntry, samplePaper } from '../../../test/helpers/samples.js';
import { CLASSIC_TRAILER_SEPARATOR, renderClassic } from './classic.js';

const EXAMPLE = readFileSync('test/fixtures/examples/001_8360221fb45f1189.txt', 'utf8').split('\n');
const BLOCK_LINES = 11; // title, 译名, authors, "Subjects: Subjects:", subjects, abs, pdf, "Abstract", text, label, 译文

/** Paper block `index` (0-based) of the example's first section, as the example prints it. */
function exampleBlock(index: number): string[] {
  const start = 3 + index * BLOCK_LINES;
  return EXAMPLE.slice(start, start + BLOCK_LINES);
}

/** The block as paperwire prints it: the subjects moved onto the `- Subjects:` line. */
function correctedBlock(block: string[]): string[] {
  assert.equal(block[3], '- Subjects: Subjects:');
  return [...block.slice(0, 3), `- Subjects: ${block[4] ?? ''}`, ...block.slice(5)];
}

/** A DigestEntry holding what the example block shows. */
function entryFromBlock(block: string[]): DigestEntry {
  const line = (i: number): string => block[i] ?? assert.fail(`line ${i} missing`);
  const categories = line(4)
    .split('; ')
    .map((subject) => /\(([^()]+)\)$/.exec(subject)?.[1] ?? assert.fail(subject));
  const arxivId = line(5).replace('- Arxiv link: https://arxiv.org/abs/', '');
  return sampleEntry(
    samplePaper(arxivId, {
      ...UNDATED,
      title: line(0),
      abstract: line(8),
      authors: line(2).replace('- Authors: ', '').split(', '),
      categories,
      primaryCategory: categories[0] ?? '',
    }),
    { translation: { title: line(1), abstract: line(10) } },
  );
}

const BLOCKS = [0, 1, 2].map(exampleBlock);
const ENTRIES = BLOCKS.map(entryFromBlock);

function makeDigest(overrides: Partial<Digest> = {}): Digest {
  return sampleDigest(
    [
      { keyword: 'reinforcement learning', entries: ENTRIES },
      { keyword: 'diffusion policy', entries: [] },
    ],
    overrides,
  );
}

function renderLines(digest: Digest, lang: Digest['lang'] = 'zh'): string[] {
  const text = renderClassic(digest, { lang });
  assert.ok(text.endsWith('\n'), 'ends with a newline');
  return text.slice(0, -1).split('\n');
}

describe('renderClassic', () => {
  it('prints the header line of example 001 exactly', () => {
    const lines = renderLines(makeDigest({ paperCount: 33 }));
    assert.equal(lines[0], EXAMPLE[0]);
    assert.equal(
      lines[0],
      '生成时间: 2026-01-29 16:43:27 (UTC+8); Arxiv 发布时间: 2026-01-29 20:00 EST (2026-01-30 09:00 UTC+8)',
    );
    assert.equal(lines[1], EXAMPLE[1]);
    assert.equal(lines[2], EXAMPLE[2]);
  });

  it('counts the digest paperCount', () => {
    assert.equal(renderLines(makeDigest())[1], '今天共有 3 篇相关文章');
  });

  for (const [index, block] of BLOCKS.entries()) {
    it(`prints paper ${index + 1} as the example does, subjects on the Subjects line`, () => {
      const lines = renderLines(makeDigest());
      const start = 3 + index * (BLOCK_LINES - 1);
      const expected = correctedBlock(block);
      assert.equal(expected.length, 10);
      for (const [offset, line] of expected.entries()) {
        assert.equal(lines[start + offset], line, `paper ${index + 1}, line ${offset + 1}`);
      }
    });
  }

  it('prints the whole digest line for line, ending with the empty section', () => {
    const expected = [
      EXAMPLE[0],
      '今天共有 3 篇相关文章',
      'Keyword: reinforcement learning',
      ...BLOCKS.flatMap(correctedBlock),
      'Keyword: diffusion policy',
      'There is no result',
    ];
    assert.deepEqual(renderLines(makeDigest()), expected);
    assert.deepEqual(expected.slice(-2), EXAMPLE.slice(-2));
  });

  it('says There is no result under a section with no paper', () => {
    const digest = makeDigest({ sections: [{ keyword: 'diffusion policy', entries: [] }], paperCount: 0 });
    assert.deepEqual(renderLines(digest).slice(1), [
      '今天共有 0 篇相关文章',
      'Keyword: diffusion policy',
      'There is no result',
    ]);
  });

  it('labels a summer announcement EDT and converts it to UTC+8', () => {
    // Listing 2026-06-16: announced Monday 2026-06-15 20:00 EDT = 2026-06-16 00:00 UTC.
    const digest = makeDigest({
      listingDate: '2026-06-16' as IsoDate,
      announcedAt: new Date('2026-06-16T00:00:00Z'),
      generatedAt: new Date('2026-06-16T00:05:00Z'),
    });
    assert.equal(
      renderLines(digest)[0],
      '生成时间: 2026-06-16 08:05:00 (UTC+8); Arxiv 发布时间: 2026-06-15 20:00 EDT (2026-06-16 08:00 UTC+8)',
    );
  });

  const dstCases: [string, string, string][] = [
    // 2026: EDT starts Sunday 8 March, ends Sunday 1 November (US rule: 2nd Sunday of March, 1st of November).
    [
      'Thursday before spring forward',
      '2026-03-06T01:00:00Z',
      '2026-03-05 20:00 EST (2026-03-06 09:00 UTC+8)',
    ],
    [
      'the Sunday clocks spring forward',
      '2026-03-09T00:00:00Z',
      '2026-03-08 20:00 EDT (2026-03-09 08:00 UTC+8)',
    ],
    ['Thursday before fall back', '2026-10-30T00:00:00Z', '2026-10-29 20:00 EDT (2026-10-30 08:00 UTC+8)'],
    ['the Sunday clocks fall back', '2026-11-02T01:00:00Z', '2026-11-01 20:00 EST (2026-11-02 09:00 UTC+8)'],
  ];
  for (const [name, instant, shown] of dstCases) {
    it(`shows the announcement of ${name} as ${shown}`, () => {
      const header = renderLines(makeDigest({ announcedAt: new Date(instant) }))[0] ?? '';
      assert.ok(header.endsWith(`; Arxiv 发布时间: ${shown}`), header);
    });
  }

  it('leaves out every translated line with lang en and writes an English header', () => {
    const lines = renderLines(makeDigest({ lang: 'en' }), 'en');
    assert.equal(
      lines[0],
      'Generated: 2026-01-29 16:43:27 (UTC+8); arXiv announcement: 2026-01-29 20:00 EST (2026-01-30 09:00 UTC+8)',
    );
    assert.equal(lines[1], '3 relevant papers today');
    const block = correctedBlock(BLOCKS[0] ?? []);
    assert.deepEqual(lines.slice(3, 3 + 7), [block[0], ...block.slice(2, 8)]);
    assert.equal(lines[10], BLOCKS[1]?.[0]);
    for (const entry of ENTRIES) {
      assert.ok(!lines.includes(entry.translation.title ?? ''));
      assert.ok(!lines.includes(entry.translation.abstract ?? ''));
    }
    assert.ok(!lines.some((line) => line.includes('中文摘要')));
    assert.equal(lines.length, 3 + 3 * 7 + 2);
  });

  it('uses the Japanese header and translated-abstract label with lang ja', () => {
    const lines = renderLines(makeDigest({ lang: 'ja' }), 'ja');
    assert.ok(
      lines[0]?.startsWith('生成日時: 2026-01-29 16:43:27 (UTC+8); arXiv 公開日時: 2026-01-29 20:00 EST'),
    );
    assert.equal(lines[1], '本日の関連論文は 3 件です');
    assert.equal(lines[3 + 8], '- 日本語要約');
    assert.equal(lines[3 + 3], '- Subjects: Computation and Language (cs.CL)');
  });

  it('shows the English text where a translation is null, keeping the lines', () => {
    const [first, ...rest] = ENTRIES;
    assert.ok(first);
    const untranslated: DigestEntry = { ...first, translation: { title: null, abstract: null } };
    const lines = renderLines(
      makeDigest({ sections: [{ keyword: 'rl', entries: [untranslated, ...rest] }] }),
    );
    assert.equal(lines[3], first.paper.title);
    assert.equal(lines[4], first.paper.title);
    assert.equal(lines[10], first.paper.abstract);
    assert.equal(lines[11], '- 中文摘要');
    assert.equal(lines[12], first.paper.abstract);
    assert.equal(lines.length, 3 + 3 * 10);
  });

  it('keeps feed text with line breaks on one line', () => {
    const [first] = ENTRIES;
    assert.ok(first);
    const messy: DigestEntry = {
      ...first,
      paper: { ...first.paper, title: 'A  title\n  over lines', abstract: 'One\ntwo' },
    };
    const lines = renderLines(makeDigest({ sections: [{ keyword: 'rl', entries: [messy] }], paperCount: 1 }));
    assert.equal(lines[3], 'A title over lines');
    assert.equal(lines[10], 'One two');
  });

  it('adds a Hugging Face line after the PDF link only for papers on Hugging Face', () => {
    const [first, second] = ENTRIES;
    assert.ok(first && second);
    const onHf: DigestEntry = {
      ...first,
      hf: {
        upvotes: 46,
        comments: 2,
        organization: 'Qwen',
        githubRepo: 'https://github.com/x/y',
        githubStars: 1234,
        aiKeywords: [],
        seenAt: new Date('2026-01-30T02:00:00Z'),
      },
    };
    assert.ok(onHf.hf);
    const bare: DigestEntry = {
      ...second,
      hf: { ...onHf.hf, upvotes: 3, organization: null, githubRepo: null, githubStars: null },
    };
    const lines = renderLines(
      makeDigest({ sections: [{ keyword: 'rl', entries: [onHf, bare, first] }], paperCount: 2 }),
    );
    assert.equal(lines[8], `- Pdf link: https://arxiv.org/pdf/${first.paper.arxivId}`);
    assert.equal(lines[9], '- Hugging Face: ▲ 46 · Qwen · github.com/x/y ★ 1.2k');
    assert.equal(lines[10], '- Abstract');
    assert.equal(lines[3 + 11 + 6], '- Hugging Face: ▲ 3');
    assert.equal(lines.length, 3 + 11 + 11 + 10, 'the paper without hf keeps its ten lines');
  });

  it('shows an unknown category as its code', () => {
    const [first] = ENTRIES;
    assert.ok(first);
    const odd: DigestEntry = { ...first, paper: { ...first.paper, categories: ['cs.XX', 'cs.LG'] } };
    const lines = renderLines(makeDigest({ sections: [{ keyword: 'rl', entries: [odd] }], paperCount: 1 }));
    assert.equal(lines[6], '- Subjects: cs.XX; Machine Learning (cs.LG)');
  });

  it('lists notices and problems after a separator, leaving the sections untouched', () => {
    const plain = renderLines(makeDigest());
    const lines = renderLines(
      makeDigest({
        notices: ['no translation endpoint configured'],
        problems: [
          { where: 'https://rss.arxiv.org/rss/cs entry 12', what: 'has no id', rule: 'missing-field' },
        ],
      }),
    );
    assert.deepEqual(lines.slice(0, plain.length), plain);
    assert.deepEqual(lines.slice(plain.length), [
      '',
      CLASSIC_TRAILER_SEPARATOR,
      '提示:',
      '- no translation endpoint configured',
      '问题:',
      '- https://rss.arxiv.org/rss/cs entry 12: has no id (missing-field)',
    ]);
  });

  it('never reads the clock: the same digest renders the same text', () => {
    assert.equal(renderClassic(makeDigest(), { lang: 'zh' }), renderClassic(makeDigest(), { lang: 'zh' }));
  });
});
