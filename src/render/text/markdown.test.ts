// Tests the Markdown digest: its headings, lists and labels, and the escaping of feed text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Digest, DigestEntry } from '../../model.js';
import { UNDATED, sampleDigest, sampleEntry, samplePaper } from '../../../test/helpers/samples.js';
import { escapeMarkdown, renderMarkdown } from './markdown.js';

function entry(arxivId: string, title: string, translation: DigestEntry['translation']): DigestEntry {
  return sampleEntry(
    samplePaper(arxivId, {
      ...UNDATED,
      version: 2,
      title,
      abstract: `The abstract of ${arxivId}.`,
      categories: ['cs.RO', 'cs.LG'],
      primaryCategory: 'cs.RO',
    }),
    { translation },
  );
}

const STARRED = entry('2601.00001', 'Q*: [Fast] search_with *stars*', {
  title: 'Q*:快速搜索',
  abstract: '摘要一。',
});
const UNTRANSLATED = entry('2601.00002', 'Plain title', { title: null, abstract: null });

function makeDigest(overrides: Partial<Digest> = {}): Digest {
  return sampleDigest(
    [
      { keyword: 'reinforcement learning', entries: [STARRED, UNTRANSLATED] },
      { keyword: 'diffusion policy', entries: [] },
    ],
    overrides,
  );
}

describe('renderMarkdown', () => {
  it('opens with the title, the listing date and the header facts', () => {
    const lines = renderMarkdown(makeDigest(), { lang: 'zh' }).split('\n');
    assert.deepEqual(lines.slice(0, 5), [
      '# Arxiv 每日论文 2026-01-30',
      '',
      '- 生成时间: 2026-01-29 16:43:27 (UTC+8)',
      '- Arxiv 发布时间: 2026-01-29 20:00 EST (2026-01-30 09:00 UTC+8)',
      '- 今天共有 2 篇相关文章',
    ]);
  });

  it('writes a section per keyword and a linked heading per paper', () => {
    const text = renderMarkdown(makeDigest(), { lang: 'zh' });
    assert.ok(text.includes('\n## Keyword: reinforcement learning\n'));
    assert.ok(text.includes('\n## Keyword: diffusion policy\n\nThere is no result\n'));
    assert.ok(text.includes('\n### [Plain title](https://arxiv.org/abs/2601.00002)\n'));
    assert.ok(
      text.includes(
        [
          '- **Authors:** Ada Lovelace, Alan Turing',
          '- **Subjects:** Robotics (cs.RO); Machine Learning (cs.LG)',
          '- **Arxiv link:** <https://arxiv.org/abs/2601.00001>',
          '- **Pdf link:** <https://arxiv.org/pdf/2601.00001>',
        ].join('\n'),
      ),
    );
    assert.ok(text.includes('\n#### 中文摘要\n\n摘要一。\n'));
    assert.ok(text.endsWith('There is no result\n'));
  });

  it('lists Hugging Face facts after the PDF link for a paper on Hugging Face', () => {
    const hf = {
      upvotes: 46,
      comments: null,
      organization: 'Qwen',
      githubRepo: 'https://github.com/x/y_z',
      githubStars: 950,
      aiKeywords: [],
      seenAt: new Date('2026-01-30T02:00:00Z'),
    };
    const text = renderMarkdown(
      makeDigest({ sections: [{ keyword: 'rl', entries: [{ ...UNTRANSLATED, hf }, STARRED] }] }),
      { lang: 'en' },
    );
    const lines = text.split('\n');
    const pdf = lines.indexOf('- **Pdf link:** <https://arxiv.org/pdf/2601.00002>');
    assert.ok(pdf > 0, text);
    assert.equal(lines[pdf + 1], '- **Hugging Face:** ▲ 46 · Qwen · github.com/x/y\\_z ★ 950');
    assert.equal(text.match(/Hugging Face/g)?.length, 1);
  });

  it('escapes * [ ] and _ in a title so the heading link stays whole', () => {
    const text = renderMarkdown(makeDigest(), { lang: 'zh' });
    assert.ok(
      text.includes('\n### [Q\\*: \\[Fast\\] search\\_with \\*stars\\*](https://arxiv.org/abs/2601.00001)\n'),
      text,
    );
    assert.ok(text.includes('\nQ\\*:快速搜索\n'));
  });

  it('leaves out translations that are null, and all of them with lang en', () => {
    const zh = renderMarkdown(makeDigest(), { lang: 'zh' });
    assert.equal(zh.split('#### 中文摘要').length, 2);
    const en = renderMarkdown(makeDigest({ lang: 'en' }), { lang: 'en' });
    assert.ok(en.startsWith('# arXiv digest 2026-01-30\n'));
    assert.ok(!en.includes('快速搜索') && !en.includes('摘要'));
  });

  it('ends with the notices and problems after a rule', () => {
    const text = renderMarkdown(
      makeDigest({
        notices: ['no translation endpoint configured'],
        problems: [{ where: 'entry 12', what: 'has no <id>', rule: 'missing-field' }],
      }),
      { lang: 'en' },
    );
    assert.ok(
      text.endsWith(
        '\n---\n\n## Notices\n\n- no translation endpoint configured\n\n## Problems\n\n- entry 12: has no \\<id\\> (missing-field)\n',
      ),
      text,
    );
  });
});

describe('escapeMarkdown', () => {
  const cases: [string, string][] = [
    ['plain text, (parens) and 42.1%', 'plain text, (parens) and 42.1%'],
    ['a*b*c', 'a\\*b\\*c'],
    ['[x](y)', '\\[x\\](y)'],
    ['\\method', '\\\\method'],
    ['`code`', '\\`code\\`'],
    ['<script>', '\\<script\\>'],
    ['a | b', 'a \\| b'],
    ['# not a heading', '\\# not a heading'],
    ['- not a list', '\\- not a list'],
    ['1. not a list', '1\\. not a list'],
    ['2019) was a year', '2019\\) was a year'],
    ['&amp; stays literal', '\\&amp; stays literal'],
    ['R&D', 'R&D'],
  ];
  for (const [input, output] of cases) {
    it(`escapes ${JSON.stringify(input)}`, () => assert.equal(escapeMarkdown(input), output));
  }
});
