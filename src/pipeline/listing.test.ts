// The listing stage against loopback arXiv servers and a real SQLite store: dates that have no announcement are
// refused before any request, partial listings are marked and fetched again, a refresh never replaces a listing
// with less of it, run's rule refuses a listing not whole yet, and the RSS feed and the API are compared.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';

import { startLoopbackServer, type LoopbackServer } from '../../test/helpers/loopback-server.js';
import { FeedError, ListingNotReadyError, NoAnnouncementError } from '../errors.js';
import type { IsoDate, Profile } from '../model.js';
import { renderJson } from '../render/text/json.js';
import { ArxivApiSource } from '../sources/arxiv-api/index.js';
import { ArxivRssSource } from '../sources/arxiv-rss/index.js';
import { testClient } from '../sources/contract.js';
import { listed, samplePaper } from '../store/contract.js';
import { openSqliteStore, translationCacheOf, type SqliteStore } from '../store/sqlite/index.js';
import { buildDigest, type PipelineDeps } from './digest.js';
import { loadListing } from './listing.js';

const DEMO_FEED = readFileSync(new URL('../../demo/arxiv-rss-cs.xml', import.meta.url), 'utf8');
/** The demo feed's channel (listing date 2026-01-30) with every item removed. */
const EMPTY_FEED = DEMO_FEED.replace(/<item>[\s\S]*?<\/item>\s*/g, '');
/** The demo feed as it still reads before the next announcement reaches it: dated 2026-01-29. */
const LAGGING_FEED = DEMO_FEED.replaceAll('Fri, 30 Jan 2026', 'Thu, 29 Jan 2026');
/** Just after the announcement of listing date 2026-01-30 (Thu 2026-01-29 20:00 EST). */
const NOW = new Date('2026-01-30T02:00:00Z');
const day = (text: string): IsoDate => text as IsoDate;

/** A loopback arXiv: the RSS feed and API pages it serves can be changed between requests. */
interface FakeArxiv {
  server: LoopbackServer;
  feed: string;
  /** The API page for a `start`. */
  apiPage: (start: number) => string;
}

/** An Atom page of `count` cs papers numbered from `first`, claiming `total` results. */
function atomPage(first: number, count: number, total: number): string {
  const ids = Array.from({ length: count }, (_, offset) => `2601.${String(40000 + first + offset)}`);
  return atomPageOf(ids, first, total);
}

/** An Atom page of the cs papers `ids`, submitted on 2026-01-28 (listing 2026-01-29's window), from `first` of `total`. */
function atomPageOf(ids: readonly string[], first: number, total: number): string {
  const entries = ids
    .map(
      (id) =>
        `<entry><id>http://arxiv.org/abs/${id}v1</id><title>Paper ${id}</title><summary>Abstract ${id}.</summary>` +
        `<author><name>A. Author</name></author><category term="cs.LG"/><arxiv:primary_category term="cs.LG"/>` +
        `<published>2026-01-28T10:00:00Z</published></entry>`,
    )
    .join('');
  return (
    `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" ` +
    `xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"><opensearch:totalResults>${total}</opensearch:totalResults>` +
    `<opensearch:startIndex>${first}</opensearch:startIndex>${entries}</feed>`
  );
}

async function startFakeArxiv(): Promise<FakeArxiv> {
  const fake: FakeArxiv = {
    feed: DEMO_FEED,
    apiPage: (start) => atomPage(start, Math.max(0, 5 - start), 5),
    server: await startLoopbackServer((request, response) => {
      const url = new URL(request.url, 'http://127.0.0.1');
      if (url.pathname === '/rss/cs') {
        response.writeHead(200, { 'content-type': 'application/rss+xml' });
        response.end(fake.feed);
        return;
      }
      response.writeHead(200, { 'content-type': 'application/atom+xml' });
      response.end(fake.apiPage(Number(url.searchParams.get('start') ?? '0')));
    }),
  };
  return fake;
}

function depsFor(arxiv: FakeArxiv, store: SqliteStore, lines: string[]): PipelineDeps {
  const client = testClient();
  return {
    store,
    rss: new ArxivRssSource({ client, baseUrl: `${arxiv.server.url}/rss` }),
    api: new ArxivApiSource({ client, baseUrl: `${arxiv.server.url}/api/query`, pageSize: 100 }),
    translator: null,
    cache: translationCacheOf(store),
    concurrency: 1,
    log: (line) => lines.push(line),
  };
}

const request = (
  listingDate: string | null,
  overrides: { refresh?: boolean; requireComplete?: boolean } = {},
) => ({
  listingDate: listingDate === null ? null : day(listingDate),
  categories: ['cs'],
  now: NOW,
  refresh: overrides.refresh ?? false,
  requireComplete: overrides.requireComplete ?? false,
});

describe('loadListing', () => {
  let arxiv: FakeArxiv;
  before(async () => {
    arxiv = await startFakeArxiv();
  });
  after(() => arxiv.server.close());

  function fresh(): { store: SqliteStore; lines: string[]; deps: PipelineDeps } {
    arxiv.feed = DEMO_FEED;
    arxiv.apiPage = (start) => atomPage(start, Math.max(0, 5 - start), 5);
    const store = openSqliteStore(':memory:', { now: () => NOW });
    const lines: string[] = [];
    return { store, lines, deps: depsFor(arxiv, store, lines) };
  }

  const refused: [string, string, RegExp][] = [
    [
      '2027-03-05',
      'not-yet',
      /^2027-03-05 is not announced yet: arXiv announces it on Thursday 2027-03-04 at 20:00 EST \(01:00 UTC on 2027-03-05\); the latest listing date now is 2026-01-30/,
    ],
    [
      '2999-01-01',
      'not-yet',
      /^2999-01-01 is not announced yet: arXiv announces it on Monday 2998-12-31 at 20:00 EST/,
    ],
    ['1990-01-02', 'before-arxiv', /^1990-01-02 is before arXiv: arXiv began in August 1991/],
    ['2026-01-31', 'weekend', /^2026-01-31 is a Saturday/],
    ['2026-01-20', 'holiday', /arXiv holiday: Martin Luther King Jr\. Day/],
  ];
  for (const [date, kind, message] of refused) {
    it(`refuses ${date} (${kind}) before any request`, async () => {
      const { deps, store } = fresh();
      const before = arxiv.server.requests.length;
      await assert.rejects(
        loadListing(request(date), deps),
        (error: unknown) =>
          error instanceof NoAnnouncementError && error.kind === kind && message.test(error.message),
      );
      assert.equal(arxiv.server.requests.length, before, 'nothing is asked of arXiv');
      assert.equal(store.loadListing({ listingDate: day(date), source: 'arxiv-api', scope: 'cs' }), null);
    });
  }

  it('marks a partial API listing, says so, and fetches it again next time instead of reusing it', async () => {
    const { deps, store, lines } = fresh();
    // arXiv counts 50 results and serves 3.
    arxiv.apiPage = (start) => atomPage(start, start === 0 ? 3 : 0, 50);
    const first = await loadListing(request('2026-01-29'), deps);
    assert.equal(first.papers.length, 3);

    const before = arxiv.server.requests.length;
    arxiv.apiPage = (start) => atomPage(start, Math.max(0, 50 - start), 50);
    const second = await loadListing(request('2026-01-29'), deps);
    assert.ok(!lines.some((line) => /from the store: 3 papers/.test(line)), lines.join('\n'));
    assert.ok(arxiv.server.requests.length > before, 'the partial listing is fetched again');
    assert.equal(second.papers.length, 50);

    assert.equal(first.audit.isComplete, false);
    assert.equal(first.audit.announcedCount, 50);
    assert.match(
      first.notices.join('\n'),
      /listing 2026-01-29 \(cs\) from arxiv-api is partial \(arXiv reported 50 results but served 3\)/,
    );
    assert.equal(second.audit.isComplete, true);
    assert.deepEqual(second.notices, []);
    const stored = store.loadListing({ listingDate: day('2026-01-29'), source: 'arxiv-api', scope: 'cs' });
    assert.equal(stored?.audit.isComplete, true);
    const third = await loadListing(request('2026-01-29'), deps);
    assert.equal(third.fetched, false, 'a whole listing is reused');
  });

  it('never replaces a stored 60-paper listing with an empty refresh, and says so', async () => {
    const { deps, store, lines } = fresh();
    const first = await loadListing(request(null), deps);
    assert.equal(first.papers.length, 60);
    arxiv.feed = EMPTY_FEED;
    const refreshed = await loadListing(request(null, { refresh: true }), deps);
    assert.equal(refreshed.papers.length, 60);
    assert.match(
      refreshed.notices[0] ?? '',
      /gave 0 papers, less than the 60 stored: the stored listing is kept/,
    );
    assert.ok(lines.some((line) => /the stored listing is kept/.test(line)));
    const key = { listingDate: day('2026-01-30'), source: 'arxiv-rss', scope: 'cs' };
    assert.equal(store.loadListing(key)?.papers.length, 60);
  });

  it('never replaces a whole stored listing with a partial refresh', async () => {
    const { deps } = fresh();
    await loadListing(request('2026-01-29'), deps);
    arxiv.apiPage = (start) => atomPage(start, start === 0 ? 3 : 0, 50);
    const refreshed = await loadListing(request('2026-01-29', { refresh: true }), deps);
    assert.equal(refreshed.papers.length, 5);
    assert.equal(refreshed.audit.isComplete, true);
    assert.match(
      refreshed.notices[0] ?? '',
      /gave 3 papers \(partial: arXiv reported 50 results but served 3\), less than the 5 stored/,
    );
  });

  it('records what the feed announced by type, and where it read it', async () => {
    const { deps, store } = fresh();
    const run = await loadListing(request(null), deps);
    assert.deepEqual(
      { ...run.audit, url: run.audit.url?.replace(arxiv.server.url, '') },
      {
        source: 'arxiv-rss',
        url: '/rss/cs',
        fetchedAt: NOW,
        isComplete: true,
        incompleteReason: null,
        announcedCount: 60,
        newCount: 54,
        crossCount: 3,
        replacedCount: 3,
      },
    );
    const stored = store.loadListing({ listingDate: day('2026-01-30'), source: 'arxiv-rss', scope: 'cs' });
    assert.deepEqual(stored?.audit, run.audit);
  });

  it('warns, naming both, when the RSS feed and the API disagree on a day by more than 1%', async () => {
    const { deps, store, lines } = fresh();
    const apiPapers = Array.from({ length: 50 }, (_, n) => listed(samplePaper(`2601.${50000 + n}`)));
    store.savePapers(
      apiPapers,
      { listingDate: day('2026-01-30'), source: 'arxiv-api', scope: 'cs' },
      {
        url: 'https://export.arxiv.org/api/query',
        isComplete: true,
        incompleteReason: null,
        announcedCount: 50,
      },
    );
    const run = await loadListing(request('2026-01-30', { refresh: true }), deps);
    const mismatch = run.problems.find((problem) => problem.rule === 'listing-count-mismatch');
    assert.equal(
      mismatch?.what,
      'the arXiv sources disagree by more than 1%: arxiv-rss has 57 new and cross-listed papers, arxiv-api has 50',
    );
    assert.ok(lines.some((line) => line.startsWith('warning: the arXiv sources disagree')));
  });

  it('with run’s rule, refuses a feed still on the previous listing date without asking the API', async () => {
    const { deps, store } = fresh();
    arxiv.feed = LAGGING_FEED;
    const before = arxiv.server.requests.length;
    await assert.rejects(
      loadListing(request('2026-01-30', { requireComplete: true }), deps),
      (error: unknown) =>
        error instanceof ListingNotReadyError &&
        /listing 2026-01-30 is not ready: the arXiv RSS feed still carries listing 2026-01-29/.test(
          error.message,
        ),
    );
    const asked = arxiv.server.requests.slice(before).map((seen) => seen.url.split('?')[0]);
    assert.deepEqual(asked, ['/rss/cs']);
    assert.equal(
      store.loadListing({ listingDate: day('2026-01-30'), source: 'arxiv-api', scope: 'cs' }),
      null,
    );
  });

  it('reads the latest listing from the API for a digest when the feed cannot be read, saying so', async () => {
    const { deps } = fresh();
    // One broken item makes the whole document unreadable XML.
    arxiv.feed = DEMO_FEED.replace('</channel>', '<item><title>A & B</title></item></channel>');
    await assert.rejects(loadListing(request(null), deps), FeedError, 'fetch shows the feed’s error');
    const run = await loadListing({ ...request(null), apiWhenFeedFails: true }, deps);
    assert.equal(run.listingDate, '2026-01-30');
    assert.equal(run.audit.source, 'arxiv-api');
    assert.equal(run.papers.length, 5);
    assert.match(
      run.notices.join('\n'),
      /^the arXiv RSS feed could not be read \(the arXiv RSS feed is not XML: .*\): listing 2026-01-30 is from the arXiv API, which can lag the announcement$/m,
    );
  });

  it('with run’s rule, waits for an unreadable feed instead of asking the API', async () => {
    const { deps } = fresh();
    arxiv.feed = DEMO_FEED.replace('</channel>', '<item><title>A & B</title></item></channel>');
    const before = arxiv.server.requests.length;
    await assert.rejects(loadListing(request('2026-01-30', { requireComplete: true }), deps), FeedError);
    const asked = arxiv.server.requests.slice(before).map((seen) => seen.url.split('?')[0]);
    assert.deepEqual(asked, ['/rss/cs']);
  });

  it('never takes a feed dated after the latest announcement as that future listing', async () => {
    const { deps, store } = fresh();
    // Listing date 2026-02-02 is announced on Sunday 2026-02-01 at 20:00 EST, days after NOW.
    arxiv.feed = DEMO_FEED.replaceAll('Fri, 30 Jan 2026', 'Mon, 02 Feb 2026');
    const run = await loadListing(request(null), deps);
    assert.equal(run.listingDate, '2026-01-30');
    assert.equal(run.audit.source, 'arxiv-api');
    assert.equal(
      store.loadListing({ listingDate: day('2026-02-02'), source: 'arxiv-rss', scope: 'cs' }),
      null,
    );
  });

  it('with run’s rule, reads the latest listing from the API once the feed has moved past it (a weekend)', async () => {
    const { deps } = fresh();
    // Saturday: the latest listing is Friday's (2026-01-30); the feed is the weekend's, empty and dated Saturday.
    arxiv.feed = EMPTY_FEED.replaceAll('Fri, 30 Jan 2026', 'Sat, 31 Jan 2026');
    const saturday = {
      ...request('2026-01-30', { requireComplete: true }),
      now: new Date('2026-01-31T15:00:00Z'),
    };
    const run = await loadListing(saturday, deps);
    assert.equal(run.listingDate, '2026-01-30');
    assert.equal(run.audit.source, 'arxiv-api');
    assert.equal(run.papers.length, 5);
  });

  it('with run’s rule, never takes a digest’s API copy of the latest listing for the whole day', async () => {
    const { deps, store } = fresh();
    // A digest by hand just after the announcement: the feed lags, the API's copy is stored.
    arxiv.feed = LAGGING_FEED;
    const byHand = await loadListing(request('2026-01-30'), deps);
    assert.equal(byHand.audit.source, 'arxiv-api');
    assert.ok(store.loadListing({ listingDate: day('2026-01-30'), source: 'arxiv-api', scope: 'cs' }));
    await assert.rejects(
      loadListing(request('2026-01-30', { requireComplete: true }), deps),
      ListingNotReadyError,
      'run waits for the feed',
    );
    arxiv.feed = DEMO_FEED;
    const run = await loadListing(request('2026-01-30', { requireComplete: true }), deps);
    assert.equal(run.audit.source, 'arxiv-rss');
    assert.equal(run.papers.length, 60);
  });

  it('with run’s rule, refuses a partial API listing but keeps it marked partial', async () => {
    const { deps, store } = fresh();
    arxiv.apiPage = (start) => atomPage(start, start === 0 ? 3 : 0, 50);
    await assert.rejects(
      loadListing(request('2026-01-29', { requireComplete: true }), deps),
      (error: unknown) => error instanceof ListingNotReadyError && /served 3/.test(error.message),
    );
    const stored = store.loadListing({ listingDate: day('2026-01-29'), source: 'arxiv-api', scope: 'cs' });
    assert.equal(stored?.audit.isComplete, false);
  });
});

describe('loadListing, run’s rule for the day before the latest (an arXiv holiday the calendar does not know)', () => {
  let arxiv: FakeArxiv;
  before(async () => {
    arxiv = await startFakeArxiv();
  });
  after(() => arxiv.server.close());

  /** The first `count` papers the demo feed (listing 2026-01-30) announces as new. */
  const feedsNewIds = (count: number): string[] =>
    [...DEMO_FEED.matchAll(/<link>https:\/\/arxiv\.org\/abs\/([\d.]+)<\/link>/g)]
      .map((match) => match[1] ?? '')
      .slice(0, count);

  function fresh(apiIds: readonly string[]): { store: SqliteStore; deps: PipelineDeps } {
    arxiv.feed = DEMO_FEED;
    arxiv.apiPage = (start) => atomPageOf(start === 0 ? apiIds : [], start, apiIds.length);
    const store = openSqliteStore(':memory:', { now: () => NOW });
    return { store, deps: depsFor(arxiv, store, []) };
  }

  it('delivers nothing for a day whose new papers came out in the latest listing, and says why', async () => {
    const { deps, store } = fresh([...feedsNewIds(4), '2601.49999']);
    await assert.rejects(
      loadListing(request('2026-01-29', { requireComplete: true }), deps),
      (error: unknown) =>
        error instanceof NoAnnouncementError &&
        error.kind === 'holiday' &&
        /2026-01-29 had no announcement, it seems: 4 of the 5 new papers .* came out in listing 2026-01-30/.test(
          error.message,
        ),
    );
    // The latest listing was read from the feed and kept, for its own digest.
    assert.equal(
      store.loadListing({ listingDate: day('2026-01-30'), source: 'arxiv-rss', scope: 'cs' })?.papers.length,
      60,
    );
    // A digest by hand of that day still gets what the API gives.
    const byHand = await loadListing(request('2026-01-29'), deps);
    assert.equal(byHand.papers.length, 5);
  });

  it('delivers a day whose new papers are not in the latest listing', async () => {
    const { deps } = fresh([...feedsNewIds(2), '2601.49997', '2601.49998', '2601.49999']);
    const run = await loadListing(request('2026-01-29', { requireComplete: true }), deps);
    assert.equal(run.audit.source, 'arxiv-api');
    assert.equal(run.papers.length, 5);
  });

  it('waits with the day before while the feed still carries an earlier listing', async () => {
    const { deps } = fresh(feedsNewIds(5));
    arxiv.feed = LAGGING_FEED;
    await assert.rejects(
      loadListing(request('2026-01-29', { requireComplete: true }), deps),
      (error: unknown) =>
        error instanceof ListingNotReadyError && /2026-01-29 waits for 2026-01-30's/.test(error.message),
    );
  });
});

describe('buildDigest audit', () => {
  let arxiv: FakeArxiv;
  before(async () => {
    arxiv = await startFakeArxiv();
  });
  after(() => arxiv.server.close());

  const profile: Profile = {
    name: 'rl',
    keywords: ['reinforcement learning'],
    categories: ['cs'],
    lang: 'en',
    style: 'classic',
    sort: 'listing',
    includeCross: true,
    includeReplaced: true,
    out: null,
    email: [],
  };

  it('says what arXiv announced and how many papers matched, in the digest and its JSON', async () => {
    const store = openSqliteStore(':memory:', { now: () => NOW });
    const { digest } = await buildDigest(
      { profile, listingDate: null, now: NOW, refresh: false },
      depsFor(arxiv, store, []),
    );
    assert.ok(digest.paperCount > 0);
    assert.equal(digest.audit?.matchedCount, digest.paperCount);
    assert.equal(digest.audit.announcedCount, 60);
    const document = JSON.parse(renderJson(digest)) as { audit: Record<string, unknown> };
    assert.deepEqual(
      [
        document.audit['source'],
        document.audit['isComplete'],
        document.audit['newCount'],
        document.audit['crossCount'],
        document.audit['replacedCount'],
        document.audit['matchedCount'],
      ],
      ['arxiv-rss', true, 54, 3, 3, digest.paperCount],
    );
  });
});
