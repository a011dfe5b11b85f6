import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import type { Digest } from '../../model.js';
import { buildSampleDigest, HOSTILE_TITLE, SAMPLE_TRANSLATIONS } from '../../server/fixtures/sample-store.js';
import { escapeXml } from './feed-document.js';
import { renderAtom, renderRss } from './feed.js';

const options = { profile: 'rl', siteUrl: 'http://127.0.0.1:8787/' };
const digest = buildSampleDigest();
const older: Digest = {
  ...digest,
  listingDate: '2026-01-29' as Digest['listingDate'],
  announcedAt: new Date('2026-01-29T01:00:00Z'),
  generatedAt: new Date('2026-01-29T02:00:00Z'),
};

describe('renderRss', () => {
  const xml = renderRss([older, digest], options);

  it('has the channel elements RSS 2.0 requires, and an atom:link to itself', () => {
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"/);
    for (const element of [
      '<title>paperwire: rl</title>',
      '<link>http://127.0.0.1:8787/digests/rl</link>',
      '<description>',
    ]) {
      assert.ok(xml.includes(element), element);
    }
    assert.ok(xml.includes('<atom:link href="http://127.0.0.1:8787/feeds/rl.xml" rel="self"'));
  });

  it('dates items and the channel in RFC 822 form', () => {
    assert.ok(xml.includes('<lastBuildDate>Fri, 30 Jan 2026 02:15:00 GMT</lastBuildDate>'));
    const dates = [...xml.matchAll(/<pubDate>([^<]+)<\/pubDate>/g)].map((m) => m[1]);
    assert.ok(
      dates.length > 0 &&
        dates.every((d) => /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(d ?? '')),
    );
  });

  it('has one item per paper, from the newest digest, with a stable permalink GUID', () => {
    const feed = parseFeed(xml);
    assert.equal(feed.items.length, 4);
    assert.deepEqual(
      feed.items.map((item) => item.id),
      ['2601.10001', '2601.10003', '2601.10004', '2601.10002'].map((id) => `https://arxiv.org/abs/${id}`),
    );
    assert.equal(feed.items[0]?.published?.toISOString(), digest.announcedAt.toISOString());
  });

  it('carries both languages and escapes markup as text', () => {
    const feed = parseFeed(xml);
    const entropy = feed.items[0];
    assert.match(entropy?.title ?? '', / \/ 面向离线强化学习/);
    assert.ok(
      entropy?.description?.includes(SAMPLE_TRANSLATIONS['2601.10001']?.abstract.slice(0, 10) ?? '?'),
    );
    assert.equal(feed.items[1]?.title?.startsWith(HOSTILE_TITLE), true);
    assert.ok(!xml.includes('<script>'));
  });
});

describe('renderAtom', () => {
  const xml = renderAtom([digest], options);

  it('has the feed elements RFC 4287 requires: id, title, updated, author, self link', () => {
    assert.match(
      xml,
      /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"><id>http:\/\/127.0.0.1:8787\/feeds\/rl.atom<\/id>/,
    );
    assert.ok(xml.includes('<updated>2026-01-30T02:15:00.000Z</updated>'));
    assert.ok(xml.includes('<author><name>paperwire</name></author>'));
    assert.ok(
      xml.includes('rel="self" type="application/atom+xml" href="http://127.0.0.1:8787/feeds/rl.atom"'),
    );
  });

  it('gives every entry an id, title, RFC 3339 updated, and both languages', () => {
    const feed = parseFeed(xml);
    assert.equal(feed.items.length, 4);
    for (const item of feed.items) {
      assert.match(item.id ?? '', /^https:\/\/arxiv.org\/abs\/2601\.1000\d$/);
      assert.ok(item.updated instanceof Date);
    }
    assert.match(feed.items[0]?.content ?? '', /离线强化学习/);
    assert.match(feed.items[0]?.content ?? '', /offline reinforcement learning/);
    for (const updated of xml.matchAll(/<updated>([^<]+)<\/updated>/g)) {
      assert.match(updated[1] ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });

  it('is a valid empty feed when there is no digest', () => {
    const empty = parseFeed(renderAtom([], options));
    assert.equal(empty.items.length, 0);
    assert.equal(empty.title, 'paperwire: rl');
  });
});

describe('escapeXml', () => {
  it('escapes markup and drops characters XML 1.0 cannot hold', () => {
    assert.equal(escapeXml('a<b>&"\'\u0000\u0008\uFFFE c'), 'a&lt;b&gt;&amp;&quot;&apos; c');
  });
});

describe('feed items: TL;DR, ⚠ and Hugging Face', () => {
  const feed = parseFeed(renderRss([digest], options));
  const byId = (id: string) => feed.items.find((item) => item.id === `https://arxiv.org/abs/${id}`);

  it('carries the TL;DR and the Hugging Face facts in the description', () => {
    const body = byId('2601.10001')?.description ?? '';
    assert.match(body, /TL;DR:<\/strong> 熵正则化/);
    assert.match(body, /Hugging Face: ▲ 46 · Qwen · github.com\/example\/erpo ★ 1.2k/);
  });

  it('marks a flagged translation with ⚠ and gives the reason', () => {
    const body = byId('2601.10002')?.description ?? '';
    assert.match(body, /<strong>用于快速机器人控制的扩散策略蒸馏 ⚠<\/strong>/);
    assert.match(body, /⚠ title, acronyms: Keep the names DPD verbatim\./);
  });

  it('escapes a hostile reason and organisation as text (HTML inside XML: escaped twice)', () => {
    const xml = renderAtom([digest], options);
    assert.ok(xml.includes('&amp;lt;img src=x onerror=&amp;quot;window.__pwned=7&amp;quot;&amp;gt;'));
    assert.ok(xml.includes('Hugging Face: ▲ 2 · &amp;lt;script&amp;gt;window.__pwned=8'));
    assert.ok(!xml.includes('<script>') && !xml.includes('<img'));
    assert.match(parseFeed(xml).items[1]?.content ?? '', /摘要 .* ⚠<\/p>/);
  });
});
