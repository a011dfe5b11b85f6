import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser } from 'fast-xml-parser';
import { loadGlossary } from '../enrich/glossary/glossary.js';
import { searchFeedPaths } from '../render/html/urls.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { createApp } from './app.js';
import { startServer } from './index.js';
import { SAMPLE_TRANSLATIONS, fillSampleStore } from './fixtures/sample-store.js';
import { renderQueryFeed } from './query-feed.js';

function makeApp(options: { profiles?: string[]; publicUrl?: string } = {}) {
  const store = openSqliteStore(':memory:');
  fillSampleStore(store);
  const app = createApp({
    store,
    profiles: options.profiles ?? ['rl', 'cv'],
    token: null,
    publicUrl: options.publicUrl ?? null,
    fallbackTranslation: { lang: 'zh', glossary: loadGlossary('zh') },
    now: () => new Date('2026-01-30T05:00:00Z'),
    log: () => {},
  });
  return { app, store };
}

const ORIGIN = 'http://127.0.0.1:8787';

describe('/feeds/search.xml and .atom: a feed for any query', () => {
  const { app, store } = makeApp();
  const get = (path: string) => app.request(`${ORIGIN}${path}`);

  it('lists the matches newest first, each title and body in both languages', async () => {
    const response = await get(searchFeedPaths('reinforcement learning').rss);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/rss+xml; charset=utf-8');
    const feed = parseFeed(await response.text());
    assert.deepEqual(
      feed.items.map((item) => item.id),
      ['2601.10004', '2601.10003', '2601.10001'].map((id) => `https://arxiv.org/abs/${id}`),
    );
    const entropy = feed.items[2];
    assert.equal(
      entropy?.title,
      `Entropy-Regularized Policy Optimization for Offline Reinforcement Learning / ${SAMPLE_TRANSLATIONS['2601.10001']?.title}`,
    );
    assert.match(entropy.description ?? '', /We study offline reinforcement learning/);
    assert.match(entropy.description ?? '', /我们研究折扣因子/);
    assert.match(entropy.description ?? '', /href="http:\/\/127.0.0.1:8787\/papers\/2601.10001"/);
  });

  it('answers Atom with the same entries, its id and self link the query feed’s own address', async () => {
    const xml = await (await get(searchFeedPaths('reinforcement learning').atom)).text();
    const feed = parseFeed(xml);
    assert.equal(feed.items.length, 3);
    assert.match(feed.items[2]?.content ?? '', /我们研究折扣因子/);
    assert.ok(
      xml.includes(`<id>${ORIGIN}/feeds/search.atom?q=reinforcement+learning</id>`),
      xml.slice(0, 400),
    );
    assert.ok(xml.includes(`rel="self" type="application/atom+xml" href="${ORIGIN}/feeds/search.atom?q=`));
  });

  it('escapes a query of markup and ampersands in the title and links, and keeps it whole', async () => {
    const query = 'a&b <script>x</script> "q"';
    const xml = await (await get(searchFeedPaths(query).rss)).text();
    assert.ok(!xml.includes('<script>'));
    const feed = parseFeed(xml);
    assert.equal(feed.title, `paperwire: search "${query}"`);
    assert.equal(feed.self, `${ORIGIN}${searchFeedPaths(query).rss}`);
    assert.equal(new URL(feed.self).searchParams.get('q'), query);
  });

  it('refuses an empty query and one past the search limits with a 400', async () => {
    assert.equal((await get('/feeds/search.xml?q=')).status, 400);
    assert.equal((await get('/feeds/search.atom?q=%20%20')).status, 400);
    assert.equal((await get(searchFeedPaths('word '.repeat(65)).rss)).status, 400);
  });

  it('still serves the feed of a profile named "search" when no query is asked', async () => {
    const { app: withSearch } = makeApp({ profiles: ['search'] });
    const response = await withSearch.request(`${ORIGIN}/feeds/search.xml`);
    assert.equal(response.status, 200);
    assert.equal(parseFeed(await response.text()).title, 'paperwire: search');
  });

  it('is what `paperwire feed` writes, with no site to link: arXiv’s search instead, and no self link', () => {
    const { xml, itemCount } = renderQueryFeed({
      store,
      fallbackTranslation: { lang: 'zh', glossary: loadGlossary('zh') },
      isLangChosen: false,
      query: 'world model',
      format: 'atom',
      siteUrl: null,
      limit: 10,
    });
    assert.equal(itemCount, 1);
    const feed = parseFeed(xml);
    assert.equal(feed.url, 'https://arxiv.org/search/?query=world+model&searchtype=all');
    assert.ok(!xml.includes('rel="self"'));
    assert.ok(!xml.includes('>paperwire</a>'));
    assert.match(feed.items[0]?.title ?? '', / \/ 用于样本高效强化学习的世界模型$/);
  });
});

describe('/feeds/search.xml?lang=: the feed of `paperwire feed --lang`, through the real server', () => {
  const store = openSqliteStore(':memory:');
  fillSampleStore(store);
  const started = startServer({
    store,
    profiles: ['rl', 'cv'],
    host: '127.0.0.1',
    port: 0,
    token: null,
    fallbackTranslation: { lang: 'zh', glossary: loadGlossary('zh') },
    log: () => {},
  });
  after(async () => {
    await (await started).close();
    store.close();
  });
  const fetchFeed = async (path: string) => {
    const response = await fetch(`${(await started).url}${path}`);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
    };
  };

  it('shows translations in the language asked only, and links itself with it', async () => {
    const english = await fetchFeed(searchFeedPaths('reinforcement learning', 'en').rss);
    assert.equal(english.status, 200);
    const englishFeed = parseFeed(english.text);
    assert.equal(englishFeed.items.length, 3);
    assert.ok(!/[\u4e00-\u9fff]/.test(english.text), 'no Chinese in the English feed');
    assert.equal(new URL(englishFeed.self ?? '').searchParams.get('lang'), 'en');
    const chinese = parseFeed((await fetchFeed(searchFeedPaths('reinforcement learning', 'zh').atom)).text);
    assert.match(chinese.items[2]?.content ?? '', /我们研究折扣因子/);
    const japanese = await fetchFeed(`${searchFeedPaths('reinforcement learning').rss}&lang=JA`);
    assert.equal(japanese.status, 200, 'a language is read whatever its case');
    assert.ok(!/我们研究/.test(japanese.text), 'no Japanese is stored, and no Chinese is shown instead');
  });

  it('refuses a language paperwire does not translate into with a one-line 400', async () => {
    const answer = await fetchFeed(`${searchFeedPaths('reinforcement learning').rss}&lang=klingon`);
    assert.equal(answer.status, 400);
    assert.match(
      answer.text.replaceAll('&quot;', '"'),
      /"lang" must be one of en, zh, ja, ko, fr, de, es, got "klingon"/,
    );
  });
});

describe('/feeds/feeds.opml', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
  type Outline = { text: string; type: string; xmlUrl: string; htmlUrl: string };
  const outlinesOf = (xml: string): Outline[] => {
    const parsed = parser.parse(xml) as { opml: { version: string; body: { outline: Outline | Outline[] } } };
    assert.equal(parsed.opml.version, '2.0');
    return [parsed.opml.body.outline].flat();
  };

  it('lists every profile’s RSS feed at the request’s origin, configured and saved ones alike', async () => {
    const { app } = makeApp();
    const response = await app.request(`${ORIGIN}/feeds/feeds.opml`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/x-opml; charset=utf-8');
    const outlines = outlinesOf(await response.text());
    assert.deepEqual(
      outlines.map((outline) => [outline.text, outline.type, outline.xmlUrl, outline.htmlUrl]),
      [
        ['paperwire: rl', 'rss', `${ORIGIN}/feeds/rl.xml`, `${ORIGIN}/digests/rl`],
        ['paperwire: cv', 'rss', `${ORIGIN}/feeds/cv.xml`, `${ORIGIN}/digests/cv`],
      ],
    );
  });

  it('uses [web] public_url when set, since the file is read away from this server', async () => {
    const { app } = makeApp({ publicUrl: 'https://papers.example.org/pw' });
    const outlines = outlinesOf(await (await app.request(`${ORIGIN}/feeds/feeds.opml`)).text());
    assert.equal(outlines[0]?.xmlUrl, 'https://papers.example.org/pw/feeds/rl.xml');
  });
});
