// Tests the e-mail digest: the localised subject, the classic text alternative, and an HTML body that is
// self-contained, escaped and readable.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Digest, DigestEntry, RatingKind } from '../../model.js';
import { isValidRatingSignature, signRating } from '../../rating-links.js';
import { UNDATED, sampleDigest, sampleEntry, samplePaper } from '../../../test/helpers/samples.js';
import { renderClassic } from '../text/classic.js';
import { EMAIL_HTML_MAX_BYTES, renderEmail, renderEmailSubject } from './email.js';
import { escapeHtml } from './escape.js';
import { ratePath, siteUrlOf } from './urls.js';

function entry(arxivId: string, overrides: Partial<DigestEntry['paper']> = {}, zh = true): DigestEntry {
  return sampleEntry(
    samplePaper(arxivId, {
      ...UNDATED,
      title: 'Group Relative Policy Optimization for Reasoning',
      abstract: 'We study GRPO & friends: policies < baselines > noise.',
      authors: ['Ada Lovelace', '王小明'],
      ...overrides,
    }),
    zh ? { translation: { title: '面向推理的群体相对策略优化', abstract: '我们研究 GRPO 及其变体。' } } : {},
  );
}

function makeDigest(overrides: Partial<Digest> = {}): Digest {
  return sampleDigest(
    [
      { keyword: 'reinforcement learning', entries: [entry('2601.00001'), entry('2601.00002', {}, false)] },
      { keyword: 'diffusion policy', entries: [] },
    ],
    { profile: 'rl', generatedAt: new Date('2026-01-30T01:31:00Z'), ...overrides },
  );
}

describe('renderEmailSubject', () => {
  it('names the listing date, the count in the digest language and the profile', () => {
    const digest = makeDigest({ paperCount: 33 });
    assert.equal(renderEmailSubject(digest, 'en'), 'paperwire · 2026-01-30 · 33 papers (rl)');
    assert.equal(renderEmailSubject(digest, 'zh'), 'paperwire · 2026-01-30 · 33 篇论文 (rl)');
    assert.equal(renderEmailSubject(digest, 'ja'), 'paperwire · 2026-01-30 · 33 件の論文 (rl)');
    assert.equal(
      renderEmailSubject(makeDigest({ paperCount: 1 }), 'en'),
      'paperwire · 2026-01-30 · 1 paper (rl)',
    );
  });

  it('keeps the subject on one line whatever the profile name holds', () => {
    const subject = renderEmailSubject(makeDigest({ profile: 'rl\r\nBcc: x@y.z' }), 'en');
    assert.doesNotMatch(subject, /[\r\n]/);
  });
});

describe('renderEmail', () => {
  it('uses the classic rendering as the plain-text alternative', () => {
    const digest = makeDigest();
    assert.equal(
      renderEmail(digest, { lang: 'zh', webUrl: null }).text,
      renderClassic(digest, { lang: 'zh' }),
    );
  });

  it('writes a self-contained HTML document: one <style> in <head>, the essentials inline, a maximum width', () => {
    const { html } = renderEmail(makeDigest(), { lang: 'zh', webUrl: null });
    assert.match(html, /^<!DOCTYPE html>\n<html lang="zh">/);
    assert.match(html, /<meta charset="utf-8">/);
    assert.match(html, /<div style="max-width:680px;[^"]*font-family:[^"]*">/);
    assert.equal(html.split('<style>').length - 1, 1);
    assert.ok(html.indexOf('</style>') < html.indexOf('</head>'));
    for (const external of [
      /<link\b/i,
      /<img\b/i,
      /<script\b/i,
      /<table\b/i,
      /\ssrc=/i,
      /url\(/i,
      /@import/i,
    ]) {
      assert.doesNotMatch(html, external);
    }
  });

  it('keeps every style attribute whole: a quote inside would end it and lose the fonts', () => {
    const { html } = renderEmail(makeDigest(), { lang: 'zh', webUrl: null });
    const attributes = [...html.matchAll(/ style="([^"]*)"(.)/g)];
    assert.ok(attributes.length >= 2);
    for (const [attribute, value, next] of attributes) {
      assert.match(next ?? '', /[\s>]/, `the attribute ends early: ${attribute}`);
      assert.doesNotMatch(value ?? '', /[<>]/);
    }
    assert.match(html, /font-family:-apple-system,[^"]*&#39;Segoe UI&#39;[^"]*sans-serif;/);
  });

  it('shows each paper with its translation, links, and the empty section', () => {
    const { html } = renderEmail(makeDigest(), { lang: 'zh', webUrl: null });
    assert.match(html, />Keyword: reinforcement learning</);
    assert.match(html, />面向推理的群体相对策略优化</);
    assert.match(html, />中文摘要</);
    assert.match(html, />我们研究 GRPO 及其变体。</);
    assert.match(html, /href="https:\/\/arxiv.org\/abs\/2601.00001"/);
    assert.match(html, /href="https:\/\/arxiv.org\/pdf\/2601.00002"/);
    assert.match(html, /Authors: Ada Lovelace, 王小明/);
    assert.match(html, /Machine Learning \(cs.LG\)/);
    assert.match(html, />There is no result</);
    assert.match(html, />今天共有 2 篇相关文章</);
    // The second paper has no translation: it is left out rather than repeating the English.
    assert.equal(html.split('中文摘要').length - 1, 1);
  });

  it('leaves translations out in English', () => {
    const { html } = renderEmail(makeDigest({ lang: 'en' }), { lang: 'en', webUrl: null });
    assert.doesNotMatch(html, /面向推理|中文摘要/);
    assert.match(html, />2 relevant papers today</);
  });

  it('escapes every feed text', () => {
    const hostile = entry('2601.00003', {
      title: '<script>alert(1)</script> & "quotes"',
      abstract: "<img src=x onerror=alert('x')>",
      authors: ['<b>Mallory</b>'],
    });
    const digest = makeDigest({
      sections: [{ keyword: '<i>rl</i>', entries: [hostile] }],
      notices: ['<u>notice</u>'],
      problems: [{ where: '<entry 1>', what: 'bad & broken', rule: 'missing-field' }],
    });
    const { html } = renderEmail(digest, { lang: 'en', webUrl: null });
    assert.doesNotMatch(html, /<script|<img|<b>|<i>|<u>|<entry/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;quotes&quot;/);
    assert.match(html, /&lt;img src=x onerror=alert\(&#39;x&#39;\)&gt;/);
    assert.match(html, />Keyword: &lt;i&gt;rl&lt;\/i&gt;</);
    assert.match(html, /<li>&lt;u&gt;notice&lt;\/u&gt;<\/li>/);
    assert.match(html, /<li>&lt;entry 1&gt;: bad &amp; broken \(missing-field\)<\/li>/);
  });

  it('links the web page when one is given, and only an http(s) one', () => {
    const url = 'https://wire.example.org/digest/rl/2026-01-30?a=1&b=2';
    const { html } = renderEmail(makeDigest(), { lang: 'zh', webUrl: url });
    assert.match(
      html,
      /<a href="https:\/\/wire.example.org\/digest\/rl\/2026-01-30\?a=1&amp;b=2"[^>]*>在浏览器中阅读<\/a>/,
    );
    const unsafe = renderEmail(makeDigest(), { lang: 'zh', webUrl: 'javascript:alert(1)' }).html;
    assert.doesNotMatch(unsafe, /javascript:|在浏览器中阅读/);
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters HTML gives meaning to', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('renderEmail: marks, TL;DR and Hugging Face', () => {
  const enriched: DigestEntry = {
    ...entry('2601.00009'),
    translation: {
      title: '译文 <i>标题</i>',
      abstract: '译文摘要',
      tldr: '一句话 & <b>总结</b>',
      flags: [
        { field: 'title', check: 'acronyms', detail: 'Keep the names GRPO verbatim.' },
        { field: 'abstract', check: 'latex', detail: '<img src=x onerror=alert(1)>' },
      ],
    },
    hf: {
      upvotes: 46,
      comments: null,
      organization: '<script>Qwen</script>',
      githubRepo: 'https://github.com/x/y',
      githubStars: 1234,
      aiKeywords: [],
      seenAt: new Date('2026-01-30T00:00:00Z'),
    },
  };
  const { html } = renderEmail(makeDigest({ sections: [{ keyword: 'rl', entries: [enriched] }] }), {
    lang: 'zh',
    webUrl: null,
  });

  it('marks the flagged title and abstract with ⚠ and lists the reasons as text', () => {
    assert.match(html, /译文 &lt;i&gt;标题&lt;\/i&gt; <span class="flag">⚠<\/span>/);
    assert.match(html, />译文摘要 <span class="flag">⚠<\/span>/);
    assert.match(
      html,
      /⚠ title, acronyms: Keep the names GRPO verbatim.<br>⚠ abstract, latex: &lt;img src=x/,
    );
  });

  it('shows the TL;DR and the Hugging Face facts line, escaped', () => {
    assert.match(html, /<strong>TL;DR:<\/strong> 一句话 &amp; &lt;b&gt;总结&lt;\/b&gt;<\/p>/);
    assert.match(
      html,
      /Hugging Face: ▲ 46 · &lt;script&gt;Qwen&lt;\/script&gt; · github.com\/x\/y ★ 1.2k<br>/,
    );
    assert.doesNotMatch(html, /<script|<img|<b>|<i>/);
  });

  it('leaves marks and TL;DR out in English, but keeps the Hugging Face line', () => {
    const english = renderEmail(
      makeDigest({ lang: 'en', sections: [{ keyword: 'rl', entries: [enriched] }] }),
      { lang: 'en', webUrl: null },
    ).html;
    assert.doesNotMatch(english, /⚠|TL;DR/);
    assert.match(english, /Hugging Face: ▲ 46/);
  });
});

describe('renderEmail: a digest too long for one e-mail', () => {
  const ABSTRACT = `We study policy optimization for reasoning with verifiable rewards. ${'Results hold across tasks. '.repeat(40)}`;
  const ABSTRACT_ZH = `我们研究带可验证奖励的推理策略优化。${'结果在各项任务上成立。'.repeat(30)}`;
  function longDigest(count: number): Digest {
    const entries = Array.from({ length: count }, (_, index) =>
      sampleEntry(
        samplePaper(`2601.${String(10_000 + index)}`, {
          ...UNDATED,
          title: `Paper number ${index + 1} on reinforcement learning`,
          abstract: ABSTRACT,
          authors: ['Ada Lovelace', '王小明'],
        }),
        { translation: { title: `第 ${index + 1} 篇论文`, abstract: ABSTRACT_ZH } },
      ),
    );
    return sampleDigest([{ keyword: 'reinforcement learning', entries }], {
      profile: 'rl',
      problems: [{ where: 'entry 7', what: 'no id', rule: 'missing-field' }],
    });
  }
  const webUrl = 'https://wire.example.org/digest/rl/2026-01-30';

  it('stops under Gmail’s clipping size and links the web page for the papers left out', () => {
    const digest = longDigest(500);
    const { html, text } = renderEmail(digest, { lang: 'zh', webUrl });
    const bytes = Buffer.byteLength(html);
    assert.ok(bytes <= EMAIL_HTML_MAX_BYTES && bytes < 102_000, `${bytes} bytes`);
    const shown = html.split('<h3>').length - 1;
    assert.ok(shown > 10 && shown < 500, `${shown} papers shown`);
    assert.match(
      html,
      new RegExp(
        `<p class="more"><strong>还有 ${500 - shown} 篇论文: <a href="${webUrl}">请看网页版</a></strong></p>`,
      ),
    );
    // The problems still follow, and the document is closed.
    assert.match(html, /<li>entry 7: no id \(missing-field\)<\/li>/);
    assert.match(html, /<\/div>\n<\/body>\n<\/html>\n$/);
    // The plain-text alternative holds every paper.
    assert.equal(text, renderClassic(digest, { lang: 'zh' }));
    assert.ok(text.includes('Paper number 500 on reinforcement learning'));
  });

  it('points at the plain-text version when no web page is known, in the digest language', () => {
    const { html } = renderEmail(longDigest(500), { lang: 'en', webUrl: null });
    assert.ok(Buffer.byteLength(html) <= EMAIL_HTML_MAX_BYTES);
    assert.match(
      html,
      /<p class="more"><strong>\d+ more papers: see the plain-text version of this e-mail<\/strong><\/p>/,
    );
    assert.doesNotMatch(html, /<a href="https:\/\/wire/);
  });

  it('shows a digest that fits whole, with no line about papers left out', () => {
    const { html } = renderEmail(longDigest(20), { lang: 'zh', webUrl });
    assert.equal(html.split('<h3>').length - 1, 20);
    assert.doesNotMatch(html, /class="more"/);
  });

  it('cuts a long list of problems short and counts the rest', () => {
    const problems = Array.from({ length: 2_000 }, (_, index) => ({
      where: `entry ${index}`,
      what: 'translation failed: the provider answered 503 Service Unavailable',
      rule: 'translation-failed',
    }));
    const { html, text } = renderEmail(makeDigest({ problems }), { lang: 'en', webUrl: null });
    assert.ok(Buffer.byteLength(html) < 30_000);
    assert.match(html, /<li>\+\d+: see the plain-text version of this e-mail<\/li><\/ul>/);
    assert.ok(text.includes('entry 1999'));
  });
});

describe('renderEmail: rating links', () => {
  const key = Buffer.alloc(32, 3);
  const ISSUED = 1_800_000_000;
  const publicUrl = 'https://wire.example.org/pw';
  const rateUrl = (arxivId: string, kind: RatingKind): string =>
    siteUrlOf(publicUrl, ratePath(arxivId, kind, signRating(key, arxivId, kind, ISSUED), ISSUED));
  const LINK =
    /https:\/\/wire\.example\.org\/pw\/rate\/([^"?\s]+)\/(up|down|save)\?t=(\d+)&(?:amp;)?sig=([\w-]+)/g;

  /** Every rating link in `text`, each checked against the key. */
  function linksOf(text: string): { arxivId: string; kind: string; isValid: boolean }[] {
    return [...text.matchAll(LINK)].map(([, arxivId = '', kind = '', t = '', sig = '']) => ({
      arxivId,
      kind,
      isValid: isValidRatingSignature(key, arxivId, kind as RatingKind, Number(t), sig),
    }));
  }

  it('gives each paper signed up, down and save links in both parts', () => {
    const digest = makeDigest();
    const { html, text } = renderEmail(digest, { lang: 'en', webUrl: null, rateUrl });
    for (const part of [html, text]) {
      assert.deepEqual(
        linksOf(part),
        ['2601.00001', '2601.00002'].flatMap((arxivId) =>
          ['up', 'down', 'save'].map((kind) => ({ arxivId, kind, isValid: true })),
        ),
      );
    }
    assert.match(
      html,
      /<p class="meta">Rate: <a href="https:\/\/wire\.example\.org\/pw\/rate\/2601\.00001\/up\?t=1800000000&amp;sig=/,
    );
    assert.ok(text.startsWith(renderClassic(digest, { lang: 'en' })));
    assert.match(
      text,
      /\nRate these papers \(each link opens a page to confirm\):\n\n2601\.00001 Group Relative/,
    );
  });

  it('has no rating link without a rating URL (no public URL)', () => {
    const digest = makeDigest();
    for (const rendered of [
      renderEmail(digest, { lang: 'zh', webUrl: null }),
      renderEmail(digest, { lang: 'zh', webUrl: null, rateUrl: null }),
    ]) {
      assert.doesNotMatch(rendered.html + rendered.text, /\/rate\//);
      assert.equal(rendered.text, renderClassic(digest, { lang: 'zh' }));
    }
  });

  it('stays under the HTML cap with the links, and every paper shown has its links', () => {
    const entries = Array.from({ length: 500 }, (_, index) =>
      entry(`2601.${String(10_000 + index)}`, { abstract: 'Results hold across tasks. '.repeat(40) }),
    );
    const digest = sampleDigest([{ keyword: 'rl', entries }], { profile: 'rl' });
    const { html, text } = renderEmail(digest, { lang: 'zh', webUrl: null, rateUrl });
    assert.ok(Buffer.byteLength(html) <= EMAIL_HTML_MAX_BYTES, `${Buffer.byteLength(html)} bytes`);
    const shown = html.split('<h3>').length - 1;
    assert.ok(shown > 10 && shown < 500, `${shown} papers shown`);
    assert.equal(linksOf(html).length, shown * 3);
    assert.equal(linksOf(text).length, 500 * 3);
  });
});
