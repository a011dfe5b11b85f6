// The web UI with a very large digest (18,000 papers, as a whole-archive profile makes): digest pages, the JSON API
// and the feeds stay bounded, and page 2 goes on where page 1 stopped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleDigest, sampleEntry, samplePaper } from '../../test/helpers/samples.js';
import type { Digest } from '../model.js';
import { FEED_MAX_ITEMS } from '../render/html/feed.js';
import { DIGEST_PAGE_SIZE } from '../render/html/index.js';
import { renderJson } from '../render/text/json.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { createApp } from './app.js';

const PAPER_COUNT = 18_000;
const idOf = (index: number): string => `2601.${String(index).padStart(5, '0')}`;

/** 18,000 papers under one keyword, the first 300 of them again under a second keyword. */
function hugeDigest(): Digest {
  const entries = Array.from({ length: PAPER_COUNT }, (_, index) =>
    sampleEntry(
      samplePaper(idOf(index), {
        title: `Paper number ${index} on reinforcement learning`,
        abstract: `Abstract of paper ${index}. `.repeat(2),
      }),
    ),
  );
  return sampleDigest(
    [
      { keyword: 'reinforcement learning', entries },
      { keyword: 'agents', entries: entries.slice(0, 300) },
    ],
    { profile: 'all', lang: 'en' },
  );
}

function makeApp() {
  const store = openSqliteStore(':memory:');
  const digest = hugeDigest();
  const json = renderJson(digest);
  store.saveDigest({
    profile: 'all',
    listingDate: digest.listingDate,
    generatedAt: digest.generatedAt,
    json,
  });
  const app = createApp({
    store,
    profiles: ['all'],
    token: null,
    now: () => new Date('2026-01-30T05:00:00Z'),
    log: () => undefined,
  });
  return { app, documentBytes: Buffer.byteLength(json) };
}

const articleIds = (html: string): string[] =>
  [...html.matchAll(/<article class="paper[^"]*" id="p-([^"]+)"/g)].map((match) => match[1] ?? '');

describe('createApp with an 18,000-paper digest', () => {
  const { app, documentBytes } = makeApp();

  it('shows one page of 200 entries with the count and a link to the next page', async () => {
    const response = await app.request('/digests/all/2026-01-30');
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.deepEqual(
      articleIds(html),
      Array.from({ length: DIGEST_PAGE_SIZE }, (_, index) => idOf(index)),
    );
    assert.match(html, /page 1 of 92 · entries 1–200 of 18,300/);
    assert.match(html, /href="\/digests\/all\/2026-01-30\?page=2">page 2 →/);
    assert.ok(
      Buffer.byteLength(html) < documentBytes / 20,
      `${Buffer.byteLength(html)} bytes of ${documentBytes}`,
    );
  });

  it('goes on at entry 201 on page 2, and links back to page 1', async () => {
    const html = await (await app.request('/digests/all/2026-01-30?page=2')).text();
    const ids = articleIds(html);
    assert.equal(ids[0], idOf(DIGEST_PAGE_SIZE));
    assert.equal(ids.length, DIGEST_PAGE_SIZE);
    assert.match(html, /page 2 of 92 · entries 201–400 of 18,300/);
    assert.match(html, /href="\/digests\/all\/2026-01-30">← page 1/);
  });

  it('links a later keyword’s entries back to the page showing the paper in full', async () => {
    const html = await (await app.request('/digests/all/2026-01-30?page=91')).text();
    assert.deepEqual(
      articleIds(html),
      [],
      'entries 18,001–18,200 are the second keyword’s, all shown before',
    );
    assert.match(html, /<h2 id="k-1">/);
    assert.match(html, /href="\/digests\/all\/2026-01-30#p-2601\.00000">/);
    const last = await (await app.request('/digests/all/2026-01-30?page=92')).text();
    assert.match(last, /href="\/digests\/all\/2026-01-30\?page=2#p-2601\.00250">/);
    assert.match(last, /entries 18,201–18,300 of 18,300/);
  });

  it('answers 400 for a page that is not a whole number and 404 past the last page', async () => {
    assert.equal((await app.request('/digests/all/2026-01-30?page=0')).status, 400);
    assert.equal((await app.request('/digests/all/2026-01-30?page=x')).status, 400);
    const past = await app.request('/digests/all/2026-01-30?page=93');
    assert.equal(past.status, 404);
    assert.match(await past.text(), /has no page 93/);
  });

  it('pages the JSON API: 200 papers by default, ?page and ?limit up to 1,000', async () => {
    const first = (await (await app.request('/api/digests/all/2026-01-30')).json()) as {
      papers: Record<string, unknown>;
      sections: { keyword: string; papers: string[] }[];
      paperCount: number;
      page: { number: number; size: number; count: number; paperCount: number; next: string | null };
    };
    assert.equal(Object.keys(first.papers).length, 200);
    assert.equal(first.paperCount, PAPER_COUNT, 'the document still says how many papers the digest has');
    assert.deepEqual(first.page, {
      number: 1,
      size: 200,
      count: 90,
      paperCount: PAPER_COUNT,
      previous: null,
      next: '/api/digests/all/2026-01-30?page=2&limit=200',
    });
    assert.equal(first.sections[1]?.papers.length, 200);
    const third = (await (await app.request('/api/digests/all/2026-01-30?page=3&limit=1000')).json()) as {
      papers: Record<string, unknown>;
    };
    assert.deepEqual(Object.keys(third.papers).slice(0, 1), [idOf(2000)]);
    assert.equal(Object.keys(third.papers).length, 1000);
    assert.equal((await app.request('/api/digests/all/2026-01-30?limit=1001')).status, 400);
    assert.equal((await app.request('/api/digests/all/2026-01-30?page=91')).status, 404);
  });

  it(`caps each feed at the newest ${FEED_MAX_ITEMS} papers`, async () => {
    const rss = await (await app.request('/feeds/all.xml')).text();
    assert.equal(rss.match(/<item>/g)?.length, FEED_MAX_ITEMS);
    const atom = await (await app.request('/feeds/all.atom')).text();
    assert.equal(atom.match(/<entry>/g)?.length, FEED_MAX_ITEMS);
  });
});
