import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadGlossary } from '../enrich/glossary/glossary.js';
import type { IsoDate, Lang } from '../model.js';
import { listed, samplePaper } from '../store/contract.js';
import { openSqliteStore, sourceHashOf } from '../store/sqlite/index.js';
import { escapeHtml } from '../render/html/escape.js';
import { renderJson } from '../render/text/json.js';
import {
  apiDigestListPath,
  apiPaperPath,
  apiSearchPath,
  apiTrendPath,
  digestListPath,
  digestPath,
  feedPaths,
  searchPath,
} from '../render/html/urls.js';
import { createApp } from './app.js';
import {
  SAMPLE_DATE,
  SAMPLE_HF,
  SAMPLE_MODEL,
  SAMPLE_PAPERS,
  fillSampleStore,
} from './fixtures/sample-store.js';

const TOKEN = 'a-test-token-of-32-characters-xx';

function makeApp(token: string | null = null, fallbackLang?: Lang) {
  const store = openSqliteStore(':memory:');
  fillSampleStore(store);
  const logged: string[] = [];
  const app = createApp({
    store,
    profiles: ['rl', 'cv'],
    token,
    ...(fallbackLang === undefined
      ? {}
      : { fallbackTranslation: { lang: fallbackLang, glossary: loadGlossary(fallbackLang) } }),
    now: () => new Date('2026-01-30T05:00:00Z'),
    log: (line) => logged.push(line),
  });
  return { app, store, logged };
}

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

describe('createApp: pages', () => {
  const { app } = makeApp();

  it('lists each profile on the home page, with its latest digest or how to make one', async () => {
    const html = await (await app.request('/')).text();
    assert.match(html, /href="\/digests\/rl\/2026-01-30"/);
    assert.match(html, /paperwire digest --profile cv/);
    assert.match(html, /generated 3 h ago/);
  });

  it('lists every date of a profile, and 404s for a profile nobody knows', async () => {
    const html = await (await app.request('/digests/rl')).text();
    assert.match(html, /2026-01-30.*2026-01-29/s);
    assert.equal((await app.request('/digests/nobody')).status, 404);
  });

  it('renders a digest with a pager to the previous date', async () => {
    const response = await app.request(`/digests/rl/${SAMPLE_DATE}`);
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /rel="prev" href="\/digests\/rl\/2026-01-29"/);
    assert.equal(html.match(/<article class="paper/g)?.length, 4);
  });

  it('answers 400 for a malformed date and 404 for a missing digest, as HTML pages', async () => {
    const bad = await app.request('/digests/rl/2026-02-30');
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type') ?? '', /text\/html/);
    const missing = await app.request('/digests/rl/2026-01-01');
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /paperwire digest --profile rl --date 2026-01-01/);
  });

  it('applies the reading mode from the cookie on the server', async () => {
    const html = await (await app.request('/', { headers: { Cookie: 'pw_read=translation' } })).text();
    assert.match(html, /<html lang="en" data-read="translation">/);
  });

  it('remembers a mode without script and returns only to a path on this site', async () => {
    const response = await app.request('/prefs/read?mode=original&back=%2Fsearch%3Fq%3Drl');
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/search?q=rl');
    assert.match(
      response.headers.get('set-cookie') ?? '',
      /^pw_read=original; Max-Age=31536000; Path=\/; SameSite=Lax/,
    );
    for (const back of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const away = await app.request(`/prefs/read?mode=both&back=${encodeURIComponent(back)}`);
      assert.equal(away.headers.get('location'), '/', back);
    }
  });

  // [the `back` parameter as written in the query string, where the redirect goes]
  const backs: [string, string][] = [
    ['/%09/evil.example/phish', '/'],
    ['/%0A/evil.example', '/'],
    ['/%0D%0ASet-Cookie:%20pw_read=x', '/'],
    ['/%00', '/'],
    ['/%C2%85evil.example', '/'],
    ['%2F%2Fevil.example%2F', '/'],
    ['/%5Cevil.example', '/'],
    ['/%5C%5Cevil.example', '/'],
    ['%5C%5Cevil.example', '/'],
    ['https:%2F%2Fevil.example', '/'],
    ['https:evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['%20//evil.example', '/'],
    ['/.//evil.example', '/'],
    ['/a/..//evil.example', '/'],
    ['/%2509/evil.example', '/%09/evil.example'],
    ['/digests/rl/../cv', '/digests/cv'],
    ['%2Fsearch%3Fq%3Drl%26from%3D2026-01-01', '/search?q=rl&from=2026-01-01'],
    ['/%C3%A9t%C3%A9', '/%C3%A9t%C3%A9'],
  ];
  for (const [back, location] of backs) {
    it(`sends back=${back} to ${location}`, async () => {
      const response = await app.request(`/prefs/read?mode=both&back=${back}`);
      assert.equal(response.status, 303);
      assert.equal(response.headers.get('location'), location);
    });
  }

  it('shows a paper with its versions and redirects a versioned id', async () => {
    const html = await (await app.request(`/papers/${SAMPLE_PAPERS.revised.arxivId}`)).text();
    assert.match(html, />v1<\/a> <a [^>]+>v2<\/a>/);
    const old = await app.request('/papers/hep-th/9901001');
    assert.equal(old.status, 200);
    assert.match(await old.text(), /No translation of this paper is stored yet/);
    const versioned = await app.request('/papers/2601.10001v3');
    assert.equal(versioned.status, 301);
    assert.equal(versioned.headers.get('location'), '/papers/2601.10001');
    assert.equal((await app.request('/papers/not-an-id')).status, 400);
    assert.equal((await app.request('/papers/2601.99999')).status, 404);
  });

  it('lists "More like this" on a paper page: the store papers sharing its words, each linked', async () => {
    const html = await (await app.request(`/papers/${SAMPLE_PAPERS.revised.arxivId}`)).text();
    const list = /<h2>More like this<\/h2><ul class="similar">(.*?)<\/ul>/s.exec(html)?.[1] ?? '';
    assert.match(list, new RegExp(`<a href="/papers/${SAMPLE_PAPERS.entropy.arxivId}">`));
    assert.match(list, /words: reinforcement learning/);
    assert.doesNotMatch(list, new RegExp(`/papers/${SAMPLE_PAPERS.revised.arxivId}"`));
  });

  it('shows the Hugging Face facts and upvotes over time of a paper from the store', async () => {
    const html = await (await app.request(`/papers/${SAMPLE_PAPERS.entropy.arxivId}`)).text();
    assert.match(
      html,
      /<th scope="row">Hugging Face<\/th><td><span class="hf"><span class="up">▲ 46<\/span> · Qwen/,
    );
    assert.match(html, /<svg [^>]*aria-label="Upvotes: 5 on 2026-01-28, 21 on 2026-01-29, 46 on 2026-01-30"/);
    assert.match(html, /<p class="tr tldr" lang="zh">/);
    const plain = await (await app.request(`/papers/${SAMPLE_PAPERS.revised.arxivId}`)).text();
    assert.doesNotMatch(plain, /Hugging Face|<svg/);
  });

  it('marks flagged translations with ⚠ and their reasons on the digest and paper pages', async () => {
    const digest = await (await app.request(`/digests/rl/${SAMPLE_DATE}`)).text();
    assert.match(digest, /<span class="flag"[^>]*>⚠<\/span>/);
    assert.match(digest, /Title · acronyms: Keep the names DPD verbatim\./);
    assert.match(digest, /Abstract · latex: &lt;img src=x onerror=&quot;window.__pwned=7&quot;&gt;/);
    assert.match(digest, /Hugging Face: <span class="up">▲ 46<\/span>/);
    const paper = await (await app.request(`/papers/${SAMPLE_PAPERS.diffusion.arxivId}`)).text();
    assert.match(paper, /Title · acronyms: Keep the names DPD verbatim\./);
  });
});

describe('createApp: search', () => {
  const { app } = makeApp();

  const search = async (query: string) => json(await app.request(`/api/search?${query}`));
  const ids = (body: Record<string, unknown>) =>
    (body.results as { arxivId: string }[]).map((r) => r.arxivId).sort();

  it('finds papers by English and by Chinese words', async () => {
    assert.deepEqual(ids(await search('q=diffusion')), ['2601.10002']);
    assert.deepEqual(ids(await search(`q=${encodeURIComponent('扩散策略')}`)), ['2601.10002']);
  });

  it('filters by category or archive, submission dates and digest keyword', async () => {
    assert.deepEqual(ids(await search('q=policy&category=cs.RO')), ['2601.10002']);
    assert.deepEqual(ids(await search('q=policy&category=cs')), ['2601.10001', '2601.10002']);
    assert.deepEqual(ids(await search('q=policy&from=2026-01-01')), ['2601.10001']);
    assert.deepEqual(ids(await search('q=policy&until=2025-12-31')), ['2601.10002']);
    assert.deepEqual(ids(await search(`q=policy&keyword=${encodeURIComponent('Diffusion Policy')}`)), [
      '2601.10001',
      '2601.10002',
    ]);
    assert.deepEqual(ids(await search(`q=learning&keyword=${encodeURIComponent('diffusion policy')}`)), [
      '2601.10001',
    ]);
  });

  it('filters papers that came from RSS (no submission time) by the date of their first listing', async () => {
    const { app: rssApp, store } = makeApp();
    const fromRss = samplePaper('2601.10009', {
      title: 'Adaptive optics for telescopes',
      publishedAt: null,
      updatedAt: null,
    });
    store.savePapers([listed(fromRss)], {
      listingDate: '2026-01-27' as IsoDate,
      source: 'arxiv-rss',
      scope: 'cs',
    });
    const found = async (query: string) =>
      ids(await json(await rssApp.request(`/api/search?q=telescopes&${query}`)));
    assert.deepEqual(await found('from=2026-01-01'), ['2601.10009']);
    assert.deepEqual(await found('from=2026-01-27&until=2026-01-27'), ['2601.10009']);
    assert.deepEqual(await found('until=2026'), ['2601.10009']);
    assert.deepEqual(await found('from=2026-01-28'), []);
    const page = await (await rssApp.request(searchPath({ q: 'telescopes', from: '2026-01' }))).text();
    assert.match(page, /id="p-2601.10009"/);
  });

  it('filters by author and by dates written as a month or a year, and links the query’s trend', async () => {
    assert.deepEqual(ids(await search('q=policy&author=liskov')), ['2601.10002']);
    assert.deepEqual(ids(await search('q=policy&author=nobody')), []);
    assert.deepEqual(ids(await search('q=policy&from=2026')), ['2601.10001']);
    assert.deepEqual(ids(await search('q=policy&until=2025-12')), ['2601.10002']);
    const html = await (await app.request(searchPath({ q: 'policy', category: 'cs' }))).text();
    assert.match(html, /href="\/trend\?q=policy&amp;category=cs"/);
  });

  it('returns the saved translation with each hit', async () => {
    const body = await search('q=diffusion');
    const [hit] = body.results as { translation: { lang: string; title: string } | null }[];
    assert.equal(hit?.translation?.lang, 'zh');
    assert.equal(hit.translation.title, '用于快速机器人控制的扩散策略蒸馏');
  });

  it('marks matches on the search page, after escaping', async () => {
    const html = await (await app.request('/search?q=closes')).text();
    assert.match(html, /An abstract that <mark>closes<\/mark> tags &lt;\/p&gt;/);
  });

  it('echoes no control character of the query string into a page: title, search box, trend, error', async () => {
    // eslint-disable-next-line no-control-regex -- finding control characters is this test's purpose
    const controls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
    const pages = [
      '/search?q=diffusion%00%1B%5B31m%1Fpolicy&category=cs%00&author=Ng%1B',
      '/trend?q=diffusion%00&q=%1Bpolicy&category=cs%07',
      '/search?q=x&from=2026%00',
      '/papers/2601.%0010002',
    ];
    for (const path of pages) {
      const response = await app.request(path);
      const html = await response.text();
      assert.doesNotMatch(html, controls, `${path} (${response.status})`);
    }
    const html = await (await app.request(pages[0] ?? '')).text();
    assert.match(html, /<title>[^<]*diffusionpolicy/, 'the query as searched, its controls stripped');
    assert.match(html, /value="diffusionpolicy"/);
  });

  it('marks what a query in the language finds by, not its operators or what NOT leaves out', async () => {
    const html = await (await app.request(searchPath({ q: 'closes AND tags -zebra cat:cs' }))).text();
    assert.match(html, /An abstract that <mark>closes<\/mark> <mark>tags<\/mark> &lt;\/p&gt;/);
    assert.match(html, /\/script&gt; and uses/, 'the word "and" is not the operator AND');
    assert.doesNotMatch(html, /<mark>(and|zebra|cs)<\/mark>/i);
  });

  it('refuses a query of 3,000 words with a 400 that says the limit, on the page and in the API', async () => {
    const words = Array.from({ length: 3000 }, (_, index) => `w${index % 10}`).join(' ');
    const message = 'the search query has 3000 words; at most 64 are allowed';
    const page = await app.request(searchPath({ q: words }));
    assert.equal(page.status, 400);
    assert.ok((await page.text()).includes(message));
    const api = await app.request(apiSearchPath({ q: words }));
    assert.equal(api.status, 400);
    const error = (await json(api)).error as { code: string; message: string };
    assert.deepEqual({ code: error.code, message: error.message }, { code: 'E_USAGE', message });
  });

  it('refuses a query over 1,000 characters, and searches one of 64 words', async () => {
    const long = await app.request(`/api/search?q=${'x'.repeat(1001)}`);
    assert.equal(long.status, 400);
    assert.match(
      ((await json(long)).error as { message: string }).message,
      /the search query is 1001 characters long; at most 1000 are allowed/,
    );
    const words = Array.from({ length: 64 }, () => 'policy').join(' ');
    assert.deepEqual(ids(await search(`q=${encodeURIComponent(words)}`)), ['2601.10001', '2601.10002']);
  });

  it('tells a bad date on the page and as a 400 in the API', async () => {
    const page = await app.request(searchPath({ q: 'rl', from: 'yesterday' }));
    assert.equal(page.status, 400);
    assert.match(
      await page.text(),
      /&quot;from&quot; must be a day, a month or a year, got &quot;yesterday&quot;/,
    );
    const api = await app.request(apiSearchPath({ q: 'rl', from: 'yesterday' }));
    assert.equal(api.status, 400);
    assert.equal(((await json(api)).error as { code: string }).code, 'E_USAGE');
    assert.equal((await app.request('/api/search?q=rl&limit=0')).status, 400);
    // Number() read each of these as a count (16, 10, 7, 10): only plain digits are one.
    for (const limit of ['0x10', '1e1', '%207', '1_0']) {
      const response = await app.request(`/api/search?q=rl&limit=${limit}`);
      assert.equal(response.status, 400, limit);
    }
  });
});

describe('createApp: trends', () => {
  const { app, store } = makeApp();
  const hostile = '<script>window.__pwned=9</script> RL';
  store.savePapers(
    [2019, 2021, 2021, 2022].map((year, index) =>
      listed(
        samplePaper(`1901.0000${index}`, {
          title: `Reinforcement learning in ${year}`,
          publishedAt: new Date(`${year}-06-01T00:00:00Z`),
        }),
      ),
    ),
  );

  it('draws an SVG chart with a title, a legend, and the counts as a table, an empty year as 0', async () => {
    const response = await app.request('/trend?q=reinforcement+learning&q=diffusion');
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(
      html,
      /<svg class="trend-chart"[^>]* role="img" aria-labelledby="trend-title"[^>]*><title id="trend-title">Papers per year matching “reinforcement learning”, “diffusion”<\/title>/,
    );
    assert.equal(html.match(/<polyline /g)?.length, 2);
    const rows = [
      ...html.matchAll(/<tr><th scope="row">(\w+)<\/th><td>(\d+)<\/td><td>(\d+)<\/td><\/tr>/g),
    ].map((match) => match.slice(1).join(' '));
    assert.deepEqual(rows, [
      '2019 1 0',
      '2020 0 0',
      '2021 2 0',
      '2022 1 0',
      '2023 0 0',
      '2024 0 0',
      '2025 0 1',
      '2026 3 0',
      'Total 7 1',
    ]);
    assert.match(html, /<title>reinforcement learning, 2021: 2<\/title>/);
  });

  it('escapes a query in the chart, the legend and the table', async () => {
    const html = await (await app.request(`/trend?q=${encodeURIComponent(hostile)}&q=learning`)).text();
    assert.ok(!html.includes('<script>window.__pwned'), 'the query is text');
    assert.match(html, /<title>&lt;script&gt;window.__pwned=9&lt;\/script&gt; RL, 2019: 0<\/title>/);
    assert.match(html, /<th scope="col">&lt;script&gt;window.__pwned=9&lt;\/script&gt; RL<\/th>/);
  });

  it('counts by month within a category and dates, and answers the same as JSON', async () => {
    const path = apiTrendPath({ q: ['learning'], by: 'month', category: 'cs', from: '2026' });
    assert.equal(path, '/api/trend?q=learning&by=month&category=cs&from=2026');
    const body = await json(await app.request(path));
    assert.deepEqual(body, {
      by: 'month',
      filters: { categories: ['cs'], from: '2026-01-01', until: null, author: null },
      periods: ['2026-01'],
      series: [{ query: 'learning', total: 3, counts: [3] }],
    });
  });

  it('tells a bad unit, date or too many queries above the form with a 400, and as JSON under /api', async () => {
    const cases: [string, RegExp][] = [
      ['/trend?q=rl&by=week', /&quot;by&quot; must be year or month, got &quot;week&quot;/],
      ['/trend?q=rl&from=2026-13', /&quot;from&quot; must be a day, a month or a year/],
      [`/trend?${'q=rl&'.repeat(7)}`, /a trend compares at most 6 queries, got 7/],
    ];
    for (const [path, message] of cases) {
      const response = await app.request(path);
      assert.equal(response.status, 400, path);
      assert.match(await response.text(), message);
    }
    const api = await app.request('/api/trend?q=rl&by=week');
    assert.equal(api.status, 400);
    assert.equal(((await json(api)).error as { code: string }).code, 'E_USAGE');
    assert.equal((await app.request('/api/trend')).status, 400);
    assert.equal((await app.request('/trend')).status, 200, 'the empty form');
  });
});

describe('createApp: JSON API and feeds', () => {
  const { app } = makeApp();

  it('lists digests and returns one as its stored document', async () => {
    const list = await json(await app.request('/api/digests'));
    assert.deepEqual(
      (list.digests as { listingDate: string }[]).map((d) => d.listingDate),
      ['2026-01-30', '2026-01-29'],
    );
    const document = await json(await app.request(`/api/digests/rl/${SAMPLE_DATE}`));
    assert.equal(document.schema, 'paperwire.digest');
    assert.equal(document.paperCount, 4);
  });

  it('pages a stored document without dropping a field of it', async () => {
    const text = await (await app.request(`/api/digests/rl/${SAMPLE_DATE}`)).text();
    const stored = JSON.parse(text) as {
      sections: { keyword: string; papers: string[] }[];
      papers: Record<string, unknown>;
    } & Record<string, unknown>;
    const paged = await json(await app.request(`/api/digests/rl/${SAMPLE_DATE}?limit=2`));
    const { sections, papers, page, ...rest } = paged as typeof stored & { page: unknown };
    const { sections: storedSections, papers: storedPapers, ...storedRest } = stored;
    assert.deepEqual(rest, storedRest);
    assert.deepEqual(
      sections.map((section) => section.keyword),
      storedSections.map((section) => section.keyword),
    );
    const onPage = Object.keys(storedPapers).slice(0, 2);
    assert.deepEqual(papers, Object.fromEntries(onPage.map((id) => [id, storedPapers[id]])));
    assert.equal((page as { count: number }).count, 2);
  });

  it('answers a stored document it cannot read with a store error, as the pages do', async () => {
    // A document missing its fields, and one cut short (the store saves it unparsed: the reader refuses it).
    for (const document of ['{"schema":"paperwire.digest","version":1}', '{"schema":"paperwire.dig']) {
      const { app: broken, store, logged } = makeApp();
      store.saveDigest({
        profile: 'rl',
        listingDate: SAMPLE_DATE,
        generatedAt: new Date('2026-01-30T04:00:00Z'),
        json: document,
      });
      const response = await broken.request(`/api/digests/rl/${SAMPLE_DATE}?limit=2`);
      assert.equal(response.status, 500, document);
      assert.equal(((await json(response)).error as { code: string }).code, 'E_STORE');
      assert.match(logged.join('\n'), /saved digest rl 2026-01-30 cannot be read/);
    }
  });

  it('returns a paper with versions, translation and digests', async () => {
    const body = await json(await app.request(apiPaperPath('2601.10004')));
    assert.deepEqual(body.versions, [1, 2]);
    assert.equal((body.translation as { lang: string }).lang, 'zh');
    assert.deepEqual(body.digests, [
      { profile: 'rl', listingDate: '2026-01-30' },
      { profile: 'rl', listingDate: '2026-01-29' },
    ]);
  });

  it('shows the store’s translation of a paper no saved digest listed, checked, in the default profile’s language', async () => {
    const paper = samplePaper('2601.20001', {
      title: 'Offline Goal-Conditioned Hierarchies with HIQL',
      abstract: 'We study goal-conditioned hierarchies learned offline.',
    });
    // The stored title dropped HIQL: shown, and marked as a digest would mark it.
    const title = '离线目标条件分层';
    const withStore = (lang?: Lang) => {
      const made = makeApp(null, lang);
      made.store.savePapers([listed(paper)]);
      const key = { sourceHash: sourceHashOf(paper.title), lang: 'zh', model: SAMPLE_MODEL };
      made.store.saveTranslation(key, title);
      return made.app;
    };
    const zh = withStore('zh');
    const body = await json(await zh.request(`/api/papers/${paper.arxivId}`));
    assert.deepEqual(body.translation, {
      lang: 'zh',
      title,
      abstract: null,
      flags: [{ field: 'title', check: 'acronyms', detail: 'Keep the names HIQL verbatim.' }],
    });
    const html = await (await zh.request(`/papers/${paper.arxivId}`)).text();
    assert.match(html, new RegExp(title));
    assert.match(html, /Keep the names HIQL verbatim\./);
    const found = await json(await zh.request('/api/search?q=hierarchies'));
    const [hit] = found.results as { arxivId: string; translation: { title: string } | null }[];
    assert.equal(hit?.arxivId, paper.arxivId);
    assert.equal(hit.translation?.title, title);
    // Without a fallback language (an English default profile), nothing is looked up.
    const en = await json(await withStore('en').request(`/api/papers/${paper.arxivId}`));
    assert.equal(en.translation, null);
    assert.equal((await json(await withStore().request(`/api/papers/${paper.arxivId}`))).translation, null);
  });

  it('gives Hugging Face facts and upvotes over time with a paper, and the facts with each search hit', async () => {
    const body = await json(await app.request(apiPaperPath('2601.10001')));
    const hf = SAMPLE_HF['2601.10001'] ?? assert.fail('no sample');
    assert.deepEqual(body.hf, { ...hf, seenAt: hf.seenAt.toISOString() });
    assert.deepEqual(
      (body.upvoteSeries as { upvotes: number }[]).map((point) => point.upvotes),
      [5, 21, 46],
    );
    assert.equal((await json(await app.request('/api/papers/2601.10002'))).hf, null);
    const found = await json(await app.request('/api/search?q=entropy'));
    const [hit] = found.results as { arxivId: string; hf: { upvotes: number } | null }[];
    assert.equal(hit?.arxivId, '2601.10001');
    assert.equal(hit.hf?.upvotes, 46);
    const page = await (await app.request('/search?q=entropy')).text();
    assert.match(page, /<p class="meta hf">Hugging Face: <span class="up">▲ 46<\/span> · Qwen/);
  });

  it('answers errors under /api as JSON', async () => {
    const response = await app.request('/api/papers/2601.99999');
    assert.equal(response.status, 404);
    assert.deepEqual(Object.keys((await json(response)).error as object), [
      'status',
      'code',
      'message',
      'hint',
    ]);
  });

  it('serves RSS and Atom with their media types, and 404s other names', async () => {
    assert.match(
      (await app.request('/feeds/rl.xml')).headers.get('content-type') ?? '',
      /^application\/rss\+xml/,
    );
    assert.match(
      (await app.request('/feeds/rl.atom')).headers.get('content-type') ?? '',
      /^application\/atom\+xml/,
    );
    assert.equal((await app.request('/feeds/rl.json')).status, 404);
    assert.equal((await app.request('/feeds/nobody.xml')).status, 404);
  });

  it('answers an author filter too long to be a name with a 400, in search, the API and trends', async () => {
    const author = encodeURIComponent('a '.repeat(150));
    for (const path of [
      `/search?q=x&author=${author}`,
      `/api/search?q=x&author=${author}`,
      `/trend?q=x&author=${author}`,
    ]) {
      const response = await app.request(path);
      assert.equal(response.status, 400, path);
      assert.match(
        await response.text(),
        /the author filter is 299 characters long; at most 200 are allowed/,
        path,
      );
    }
  });

  it('answers a query the search cannot run with a 400 naming it, in search, the API, trends and query feeds', async () => {
    const query = encodeURIComponent('policy OR -robot');
    for (const path of [
      `/search?q=${query}`,
      `/api/search?q=${query}`,
      `/trend?q=${query}`,
      `/feeds/search.xml?q=${query}`,
    ]) {
      const response = await app.request(path);
      assert.equal(response.status, 400, path);
      const body = await response.text();
      assert.match(body, /NOT leaves papers out of what the words beside it find/, path);
      if (path.startsWith('/api/')) assert.match(body, /docs\/query-language\.md/, path);
    }
  });

  it('leaves an unreadable day out of a feed and serves the other days', async () => {
    const { app: damaged, store } = makeApp();
    store.saveDigest({
      profile: 'rl',
      listingDate: SAMPLE_DATE,
      generatedAt: new Date('2026-01-30T05:00:00Z'),
      json: '{"schema":"paperwire.dig',
    });
    const response = await damaged.request('/feeds/rl.xml');
    assert.equal(response.status, 200);
    const rss = await response.text();
    assert.match(rss, /arxiv\.org\/abs\/2601\.10004/);
    assert.doesNotMatch(rss, /2601\.10001/);
  });
});

describe('createApp: security', () => {
  it('sends a policy without unsafe-inline or unsafe-eval, and nosniff, on pages, API and errors', async () => {
    const { app } = makeApp();
    for (const path of ['/', '/api/digests', '/feeds/rl.xml', '/nothing']) {
      const response = await app.request(path);
      const policy = response.headers.get('content-security-policy') ?? '';
      assert.match(policy, /default-src 'none'/, path);
      assert.match(policy, /script-src 'sha256-[A-Za-z0-9+/=]+'/, path);
      assert.doesNotMatch(policy, /unsafe/, path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
    }
  });

  it('refuses writes when no token is set', async () => {
    const { app } = makeApp();
    const response = await app.request('/api/refresh', { method: 'POST' });
    assert.equal(response.status, 403);
  });

  it('needs the bearer token for writes when one is set', async () => {
    const { app } = makeApp(TOKEN);
    const without = await app.request('/api/refresh', { method: 'POST' });
    assert.equal(without.status, 401);
    assert.match(without.headers.get('www-authenticate') ?? '', /^Bearer/);
    const wrong = await app.request('/api/refresh', {
      method: 'POST',
      headers: { Authorization: 'Bearer nope' },
    });
    assert.equal(wrong.status, 401);
    // The right token passes the guard; there is no write route yet, so it is a 404.
    const right = await app.request('/api/refresh', {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(right.status, 404);
  });

  it('shows a store failure as a 500 with a request id and no file path; the log has the details', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'paperwire-app-'));
    const store = openSqliteStore(join(scratch, 'paperwire.db'));
    const logged: string[] = [];
    const app = createApp({
      store,
      profiles: [],
      token: null,
      now: () => new Date(),
      log: (line) => logged.push(line),
    });
    try {
      // A real failure: every read of a closed database throws a StoreError naming its path.
      store.close();
      for (const path of ['/search?q=policy', '/api/search?q=policy']) {
        const response = await app.request(path);
        assert.equal(response.status, 500);
        const body = await response.text();
        assert.ok(!body.includes(scratch), `${path} shows the database's path`);
        const requestId = /request ([0-9a-f]{8})/.exec(body)?.[1];
        assert.ok(requestId, `${path} shows no request id: ${body}`);
        const line = logged.find((each) => each.includes(`[request ${requestId}: GET ${path}]`));
        assert.ok(line?.includes(scratch), `the log has the details: ${logged.join('\n')}`);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('shows a server failure as a 500 page and logs it', async () => {
    const { app, store, logged } = makeApp();
    store.close();
    const response = await app.request('/');
    assert.equal(response.status, 500);
    assert.match(await response.text(), /500 · Something went wrong/);
    assert.equal(logged.length, 1);
  });
});

describe('createApp: links', () => {
  /** Profile names a path must carry whole: a space, a slash, an ad-hoc `~` suffix, unicode, `?#%&`. */
  const PROFILES = ['my profile', 'a/b', 'rl~1a2b3c4d', '强化学习', 'a?b#c%d&e'];

  function makeHostileApp() {
    const store = openSqliteStore(':memory:');
    const digest = fillSampleStore(store);
    for (const profile of PROFILES) {
      store.saveDigest({
        profile,
        listingDate: digest.listingDate,
        generatedAt: digest.generatedAt,
        json: renderJson({ ...digest, profile }),
      });
    }
    return createApp({ store, profiles: [], token: null, now: () => new Date('2026-01-30T05:00:00Z') });
  }

  function sitePathsOf(page: string): string[] {
    const hrefs = [...page.matchAll(/href="(\/[^"#]*)/g)].map((match) => match[1] ?? '');
    return [...new Set(hrefs.map((href) => href.replaceAll('&amp;', '&')))];
  }

  it('answers every link of the home page and of each profile’s pages, whatever the profile is named', async () => {
    const app = makeHostileApp();
    const home = await (await app.request('/')).text();
    const pages = sitePathsOf(home).filter((path) => path.startsWith('/digests/'));
    for (const profile of PROFILES) assert.ok(pages.includes(digestListPath(profile)), profile);
    for (const path of pages) {
      const response = await app.request(path);
      assert.equal(response.status, 200, path);
      for (const link of sitePathsOf(await response.text())) {
        const status = (await app.request(link)).status;
        assert.ok(
          status === 200 || (link.startsWith('/prefs/') && status === 303),
          `${link} from ${path}: ${status}`,
        );
      }
    }
  });

  it('shows each profile’s name on the pages its paths lead to, and in its feeds and API', async () => {
    const app = makeHostileApp();
    for (const profile of PROFILES) {
      const page = await (await app.request(digestPath(profile, SAMPLE_DATE))).text();
      assert.ok(page.includes(`<span class="muted">${escapeHtml(profile)}</span></h1>`), profile);
      const rss = await (await app.request(feedPaths(profile).rss)).text();
      assert.ok(rss.includes(`paperwire: ${escapeHtml(profile)}`), profile);
      const api = await json(await app.request(apiDigestListPath(profile)));
      const [listed] = api.digests as { profile: string; page: string; api: string }[];
      assert.equal(listed?.profile, profile);
      assert.equal((await app.request(listed.api)).status, 200, listed.api);
    }
  });
});
