// Tests what the web pages add for enrichment: the ⚠ mark and its visible reasons, the TL;DR, the Hugging Face
// facts line and the upvote sparkline, with hostile text in each.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HfInfo, Paper, PaperTranslation } from '../../model.js';
import { UNDATED, samplePaper } from '../../../test/helpers/samples.js';
import {
  renderFlagMark,
  renderFlagReasons,
  renderHfFacts,
  renderTldr,
  renderUpvoteSparkline,
} from './facts.js';
import { toHtmlString } from './markup.js';
import { renderPaperBlock, renderPaperPage } from './paper.js';

const HOSTILE = '<img src=x onerror="alert(1)">';

const flagged: PaperTranslation = {
  title: '译文标题',
  abstract: '译文摘要',
  tldr: '一句话 <b>总结</b>',
  flags: [
    { field: 'title', check: 'acronyms', detail: 'Keep the names TIPS verbatim.' },
    { field: 'abstract', check: 'latex', detail: HOSTILE },
  ],
};

const hf: HfInfo = {
  upvotes: 46,
  comments: null,
  organization: 'Qwen',
  githubRepo: 'https://github.com/x/y',
  githubStars: 1234,
  aiKeywords: [],
  seenAt: new Date('2026-01-30T00:00:00Z'),
};

const paper: Paper = samplePaper('2601.00001', {
  ...UNDATED,
  title: 'A paper',
  abstract: 'An abstract.',
  authors: ['Ada Lovelace'],
  categories: ['cs.LG'],
});

describe('renderFlagMark', () => {
  it('puts ⚠ after a flagged field with its reasons as accessible name, and nothing after a clean one', () => {
    const mark = toHtmlString(renderFlagMark(flagged, 'title'));
    assert.match(
      mark,
      /^ <span class="flag" role="img" title="[^"]*TIPS[^"]*" aria-label="[^"]*">⚠<\/span>$/,
    );
    assert.equal(toHtmlString(renderFlagMark(flagged, 'tldr')), '');
    assert.equal(toHtmlString(renderFlagMark({ title: 'x', abstract: null }, 'title')), '');
  });

  it('escapes a hostile reason inside the attribute', () => {
    const mark = toHtmlString(renderFlagMark(flagged, 'abstract'));
    assert.ok(!mark.includes('<img'));
    assert.ok(mark.includes('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'));
  });
});

describe('renderFlagReasons', () => {
  it('lists each reason as visible text, hidden with the translation', () => {
    assert.equal(
      toHtmlString(renderFlagReasons(flagged, 'title')),
      '<ul class="tr flags" lang="en" aria-label="Translation checks that failed">' +
        '<li><span aria-hidden="true">⚠</span> Title · acronyms: Keep the names TIPS verbatim.</li></ul>',
    );
    assert.equal(toHtmlString(renderFlagReasons(flagged, 'tldr')), '');
  });

  it('escapes a hostile reason', () => {
    const html = toHtmlString(renderFlagReasons(flagged, 'abstract'));
    assert.ok(!html.includes('<img'));
    assert.match(html, /Abstract · latex: &lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;/);
  });
});

describe('renderTldr', () => {
  it('shows the summary escaped, in the translation language, and nothing without one', () => {
    assert.equal(
      toHtmlString(renderTldr(flagged, 'zh')),
      '<p class="tr tldr" lang="zh"><strong lang="en">TL;DR</strong> 一句话 &lt;b&gt;总结&lt;/b&gt;</p>',
    );
    assert.equal(toHtmlString(renderTldr({ title: null, abstract: null, tldr: null }, 'zh')), '');
  });

  it('marks a flagged summary and lists its reason', () => {
    const html = toHtmlString(
      renderTldr({ ...flagged, flags: [{ field: 'tldr', check: 'numbers', detail: 'Keep 46.' }] }, 'zh'),
    );
    assert.match(html, /总结&lt;\/b&gt; <span class="flag"[^>]*>⚠<\/span><\/p><ul class="tr flags"/);
    assert.match(html, /TL;DR · numbers: Keep 46\./);
  });
});

describe('renderHfFacts', () => {
  it('shows formatHfFacts text with the upvotes and a repository link', () => {
    assert.equal(
      toHtmlString(renderHfFacts(hf)),
      '<span class="up">▲ 46</span> · Qwen · <a href="https://github.com/x/y">github.com/x/y</a> ★ 1.2k',
    );
  });

  it('leaves out what is unknown', () => {
    const bare = { ...hf, organization: null, githubRepo: null, githubStars: null };
    assert.equal(toHtmlString(renderHfFacts(bare)), '<span class="up">▲ 46</span>');
    assert.equal(
      toHtmlString(renderHfFacts({ ...hf, githubStars: null, organization: null })),
      '<span class="up">▲ 46</span> · <a href="https://github.com/x/y">github.com/x/y</a>',
    );
  });

  it('escapes a hostile organisation and never links a repository that is not a plain URL', () => {
    const html = toHtmlString(
      renderHfFacts({
        ...hf,
        organization: '<script>alert(1)</script>',
        githubRepo: 'https://github.com/x/y"><script>alert(2)</script>',
      }),
    );
    assert.ok(!html.includes('<script'));
    assert.ok(!html.includes('<a '));
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.ok(!toHtmlString(renderHfFacts({ ...hf, githubRepo: 'javascript:alert(1)' })).includes('<a '));
  });
});

describe('renderUpvoteSparkline', () => {
  const series = [
    { seenAt: new Date('2026-01-28T00:00:00Z'), upvotes: 5 },
    { seenAt: new Date('2026-01-29T00:00:00Z'), upvotes: 21 },
    { seenAt: new Date('2026-01-30T00:00:00Z'), upvotes: 46 },
  ];

  it('draws nothing for fewer than two observations', () => {
    assert.equal(toHtmlString(renderUpvoteSparkline([])), '');
    assert.equal(toHtmlString(renderUpvoteSparkline(series.slice(0, 1))), '');
  });

  it('draws an inline SVG line without style attributes, and says first and last as text', () => {
    const html = toHtmlString(renderUpvoteSparkline(series));
    assert.match(
      html,
      /<svg viewBox="0 0 120 24"[^>]* role="img" aria-label="Upvotes: 5 on 2026-01-28, 21 on/,
    );
    assert.match(html, /<polyline [^>]*points="1\.0,[\d.]+ 60\.0,[\d.]+ 119\.0,1\.0"\/>/);
    assert.doesNotMatch(html, /style=|<script|href=/);
    assert.match(html, /▲ 5 \(2026-01-28\) → ▲ 46 \(2026-01-30\), 3 observations/);
  });
});

describe('renderPaperBlock with enrichment', () => {
  it('shows ⚠ beside the flagged title and abstract, their reasons, the TL;DR and the Hugging Face line', () => {
    const html = toHtmlString(renderPaperBlock({ paper, translation: flagged, lang: 'zh', hf }));
    assert.match(html, /<span class="tr" lang="zh">译文标题 <span class="flag"[^>]*>⚠<\/span><\/span><\/h3>/);
    assert.match(html, /<\/h3><ul class="tr flags"[^>]*><li>[^<]*<span[^>]*>⚠<\/span> Title · acronyms/);
    assert.match(html, /<p>译文摘要 <span class="flag"[^>]*>⚠<\/span><\/p><ul class="tr flags"/);
    assert.match(html, /<p class="tr tldr" lang="zh">/);
    assert.match(html, /<p class="meta hf">Hugging Face: <span class="up">▲ 46<\/span>/);
    assert.ok(!html.includes('<img'));
  });

  it('adds nothing for a clean translation without Hugging Face facts', () => {
    const html = toHtmlString(
      renderPaperBlock({ paper, translation: { title: 'x', abstract: 'y' }, lang: 'zh' }),
    );
    assert.doesNotMatch(html, /class="flag|flags|tldr|Hugging Face/);
  });
});

describe('renderPaperPage with enrichment', () => {
  const frame = { mode: 'both' as const, path: '/papers/2601.00001' };
  const data = {
    paper,
    translation: flagged,
    lang: 'zh' as const,
    versions: [1],
    digests: [],
    hf,
    upvoteSeries: [
      { seenAt: new Date('2026-01-29T00:00:00Z'), upvotes: 10 },
      { seenAt: new Date('2026-01-30T00:00:00Z'), upvotes: 46 },
    ],
  };

  it('shows the marks with reasons, the TL;DR, the Hugging Face row and the upvote sparkline', () => {
    const html = renderPaperPage(data, frame);
    assert.match(html, /<h1>.*译文标题 <span class="flag"[^>]*>⚠<\/span><\/span><\/h1><ul class="tr flags"/);
    assert.match(html, /Abstract · latex: &lt;img/);
    assert.match(html, /<p class="tr tldr"/);
    assert.match(html, /<th scope="row">Hugging Face<\/th><td><span class="hf"><span class="up">▲ 46/);
    assert.match(html, /<svg [^>]*role="img"/);
    assert.ok(!html.includes('<img'));
  });

  it('leaves the row out without Hugging Face facts, and the sparkline out with one observation', () => {
    assert.doesNotMatch(renderPaperPage({ ...data, hf: null }, frame), /Hugging Face/);
    assert.doesNotMatch(
      renderPaperPage({ ...data, upvoteSeries: data.upvoteSeries.slice(1) }, frame),
      /<svg/,
    );
  });
});
