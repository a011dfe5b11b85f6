import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IsoDate, Paper } from '../../model.js';
import { sampleAudit, sampleDigest, sampleEntry, samplePaper } from '../../../test/helpers/samples.js';
import {
  buildExcerpt,
  escapeHtml,
  findCodeUrl,
  parseReadingMode,
  renderHighlighted,
  renderPage,
  renderDigestPage,
  renderHomePage,
  renderPaperBlock,
  splitHighlightTerms,
} from './index.js';
import { html, toHtmlString } from './markup.js';
import { staticLinks } from './urls.js';

const paper: Paper = samplePaper('2601.00001', {
  title: '<script>alert(1)</script> & more',
  abstract: 'We use <b>bold</b> claims.',
  authors: ['<img src=x onerror=alert(2)>'],
  categories: ['cs.LG'],
  publishedAt: null,
  updatedAt: null,
  comment: 'Code at https://github.com/owner/repo.git.',
});

describe('escapeHtml', () => {
  it('escapes the five characters that can open markup or end an attribute', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('renderHighlighted', () => {
  const cases: [string, string[], string][] = [
    ['Policy optimization', ['policy'], '<mark>Policy</mark> optimization'],
    ['a <b> & b', ['b'], 'a &lt;<mark>b</mark>&gt; &amp; <mark>b</mark>'],
    ['fish &amp; chips', ['amp'], 'fish &amp;<mark>amp</mark>; chips'],
    ['离线强化学习方法', ['强化学习'], '离线<mark>强化学习</mark>方法'],
    ['no match here', ['zzz'], 'no match here'],
    ['<x>', [], '&lt;x&gt;'],
    ['a.b a+b', ['a+b'], 'a.b <mark>a+b</mark>'],
  ];
  for (const [text, terms, expected] of cases) {
    it(`marks ${JSON.stringify(terms)} in ${JSON.stringify(text)}`, () => {
      assert.equal(renderHighlighted(text, terms), expected);
    });
  }
});

describe('splitHighlightTerms', () => {
  it('keeps phrases whole, drops terms without letters, longest first', () => {
    assert.deepEqual(splitHighlightTerms('RL "policy gradient" - 强化'), ['policy gradient', 'RL', '强化']);
  });
});

describe('buildExcerpt', () => {
  it('cuts around the first match at spaces and marks the cuts', () => {
    const text = `${'lorem ipsum '.repeat(40)}needle ${'dolor sit '.repeat(40)}`;
    const excerpt = buildExcerpt(text, ['needle'], 100);
    assert.match(excerpt, /^… .*needle.* …$/);
    assert.ok(excerpt.length < 120);
  });

  it('returns short text whole', () => {
    assert.equal(buildExcerpt('short', ['x'], 100), 'short');
  });

  it('cuts every text at the same code points as an array of its code points would', () => {
    // The excerpt as it was made before texts without surrogates were cut as strings: over an array of code points.
    const byCodePoints = (text: string, terms: readonly string[], maxChars: number): string => {
      const chars = Array.from(text);
      if (chars.length <= maxChars) return text;
      const pattern = new RegExp(
        terms.map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
        'giu',
      );
      const firstMatch = pattern.exec(text);
      const matchAt = firstMatch === null ? 0 : Array.from(text.slice(0, firstMatch.index)).length;
      let start = Math.max(0, Math.min(matchAt - Math.floor(maxChars / 4), chars.length - maxChars));
      let end = Math.min(chars.length, start + maxChars);
      const nearSpace = (from: number, step: number): number => {
        for (let i = from, n = 0; i > 0 && i < chars.length && n < 20; i += step, n++)
          if (chars[i] === ' ') return i;
        return from;
      };
      if (start > 0) start = nearSpace(start, 1);
      if (end < chars.length) end = nearSpace(end, -1);
      const body = chars.slice(start, end).join('').trim();
      return `${start > 0 ? '… ' : ''}${body}${end < chars.length ? ' …' : ''}`;
    };
    const pieces = ['policy', 'gradient', ' ', ' ', 'a', '强化学习', '𝔼', '😀', 'x\uD800', 'needle', '. '];
    let state = 7;
    const next = (below: number): number => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state % below;
    };
    for (let round = 0; round < 400; round += 1) {
      const text = Array.from({ length: next(200) }, () => pieces[next(pieces.length)]).join('');
      const terms = [['needle'], ['policy', 'a'], ['强化'], []][next(4)] ?? [];
      const maxChars = 20 + next(300);
      assert.equal(
        buildExcerpt(text, terms, maxChars),
        byCodePoints(text, terms, maxChars),
        JSON.stringify(text),
      );
    }
  });
});

describe('renderPaperBlock', () => {
  it('escapes every field that came from a feed', () => {
    const html = toHtmlString(
      renderPaperBlock({ paper, translation: { title: '<i>译</i>', abstract: null }, lang: 'zh' }),
    );
    assert.ok(!html.includes('<script>'));
    assert.ok(!html.includes('<img'));
    assert.ok(!html.includes('<b>'));
    assert.ok(!html.includes('<i>'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more'));
    assert.ok(html.includes('<span class="tr" lang="zh">&lt;i&gt;译&lt;/i&gt;</span>'));
  });

  it('keeps the original abstract visible in every mode when it has no translation', () => {
    const html = toHtmlString(
      renderPaperBlock({ paper, translation: { title: '译', abstract: null }, lang: 'zh' }),
    );
    assert.match(html, /<div lang="en"><h4>Abstract<\/h4>/);
    assert.match(html, /<span class="orig" lang="en">/);
  });

  it('labels relevance, the seen mark and the rating buttons in the digest language', () => {
    const block = (lang: 'zh' | 'de' | 'en') =>
      toHtmlString(
        renderPaperBlock(
          {
            paper,
            translation: { title: null, abstract: null },
            lang,
            relevance: { score: 0.91, reasons: ['words: policy'] },
          },
          {
            seenOn: '2026-01-27' as IsoDate,
            rating: { controls: { current: new Map([[paper.arxivId, 'save']]), csrfToken: 't' }, back: '/' },
          },
        ),
      );
    const zh = block('zh');
    assert.match(zh, /<p class="meta relevance">相关度: 0\.91 · words: policy<\/p>/);
    assert.match(zh, /<p class="meta seen-on">已读 <time/);
    assert.match(
      zh,
      />▲ 赞<\/button>.*>▼ 踩<\/button>.*>★ 收藏<\/button>.*>清除<\/button><span class="muted">已收藏</s,
    );
    assert.match(
      block('de'),
      /Relevanz: 0\.91.*>▲ Gut<\/button>.*>Löschen<\/button><span class="muted">gemerkt</s,
    );
    assert.match(
      block('en'),
      /Relevance: 0\.91.*>▲ Up<\/button>.*>Clear<\/button><span class="muted">saved</s,
    );
  });
});

describe('findCodeUrl', () => {
  it('finds a repository link without trailing punctuation or .git', () => {
    assert.equal(findCodeUrl(paper), 'https://github.com/owner/repo');
    assert.equal(findCodeUrl({ ...paper, comment: null }), null);
  });
});

describe('renderPage', () => {
  it('applies the reading mode on <html> so the first paint is right', () => {
    assert.match(
      renderPage({ title: 't', mode: 'translation', path: '/' }, html``),
      /<html lang="en" data-read="translation">/,
    );
  });

  it('reads only the three modes from a cookie', () => {
    assert.equal(parseReadingMode('original'), 'original');
    assert.equal(parseReadingMode('"><script>'), 'both');
    assert.equal(parseReadingMode(undefined), 'both');
  });
});

describe('renderDigestPage', () => {
  const context = { mode: 'both' as const, path: '/digests/default/2026-01-30', previous: null, next: null };
  const audit = sampleAudit({ fetchedAt: new Date('2026-01-30T02:05:00Z'), matchedCount: 1 });

  it('says under the count what arXiv announced, what matched, from where, and that it is partial', () => {
    const page = renderDigestPage(sampleDigest([], { audit }), context);
    assert.match(
      page,
      /<p class="notice audit">arXiv announced 50 \(new 2, cross 1, replaced 0\); matched 1; partial: arXiv reported 50 results but served 3<br>from arxiv-api, fetched 2026-01-30 02:05 UTC, partial<\/p>/,
    );
    assert.doesNotMatch(renderDigestPage(sampleDigest([]), context), /class="[^"]*audit/);
  });
});

describe('the pages with a static site’s links', () => {
  const links = staticLinks('../../../');
  const papers = ['2601.00011', '2601.00012', '2601.00013'].map((id) => samplePaper(id));
  const digest = sampleDigest([{ keyword: 'rl', entries: papers.map((each) => sampleEntry(each)) }]);

  it('links a digest’s other pages, its papers and the site’s files, never a server path', () => {
    const page = renderDigestPage(digest, {
      mode: 'both',
      path: 'digests/default/2026-01-30/index.html',
      previous: '2026-01-29' as IsoDate,
      next: null,
      pageSize: 2,
      links,
    });
    assert.ok(page.includes('href="../../../digests/default/2026-01-30/page-2.html"'));
    assert.ok(page.includes('href="../../../papers/2601.00011.html"'));
    assert.ok(page.includes('href="../../../digests/default/2026-01-29/index.html"'));
    assert.ok(page.includes('href="../../../digests/default/2026-01-30/digest.json"'));
    assert.ok(page.includes('action="../../../search.html"'));
    assert.doesNotMatch(page, /(?:href|action|src)="\//);
    assert.doesNotMatch(page, /document\.cookie/);
  });

  it('says when each digest was generated on a home page written without a clock', () => {
    const page = renderHomePage([{ profile: 'default', latest: digest, digestCount: 1 }], {
      mode: 'both',
      path: 'index.html',
      links: staticLinks(''),
    });
    assert.match(page, /generated 2026-01-29 08:43 UTC/);
    assert.ok(page.includes('href="digests/default/2026-01-30/index.html"'));
  });
});
