// ArxivRssSource: the shared source contract on a recorded cs.LG day, then what only RSS does (one feed URL per
// request, the latest announcement only, empty weekend feeds).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';

import {
  serveFiles,
  startLoopbackServer,
  type LoopbackServer,
} from '../../../test/helpers/loopback-server.js';
import { FeedError } from '../../errors.js';
import { ANNOUNCE_TYPES, parseIsoDate, type IsoDate } from '../../model.js';
import { runSourceContract, testClient } from '../contract.js';
import type { ListingRequest } from '../source.js';
import { buildArxivRssUrl } from './fetch.js';
import { ArxivRssSource } from './index.js';

const FIXTURES = new URL('../../../test/fixtures/arxiv-rss/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');
const RSS_TYPE = 'application/rss+xml; charset=utf-8';

const latest = (categories: string[]): ListingRequest => ({
  listingDate: null,
  categories,
  announceTypes: [...ANNOUNCE_TYPES],
  submittedWindow: null,
});

runSourceContract(
  'ArxivRssSource',
  (serverUrl, client) => new ArxivRssSource({ client, baseUrl: `${serverUrl}/rss` }),
  {
    day: {
      path: '/rss/cs.LG',
      body: read('cs-LG-2026-01-30.xml'),
      contentType: RSS_TYPE,
      request: latest(['cs.LG']),
      listingDate: '2026-01-30',
    },
    malformedBody: read('malformed-truncated.xml'),
  },
  { startServer: startLoopbackServer },
);

describe('ArxivRssSource', () => {
  let server: LoopbackServer;
  let source: ArxivRssSource;
  before(async () => {
    server = await startLoopbackServer(
      serveFiles({
        '/rss/cs.LG': { body: read('cs-LG-2026-01-30.xml'), type: RSS_TYPE },
        '/rss/cs.LG+stat.ML': { body: read('missing-fields.xml'), type: RSS_TYPE },
        '/rss/cs': { body: read('weekend-empty.xml'), type: RSS_TYPE },
      }),
    );
    source = new ArxivRssSource({ client: testClient(), baseUrl: `${server.url}/rss/` });
  });
  after(() => server.close());

  it('asks for one feed with the categories joined by +', async () => {
    const before = server.requests.length;
    const listing = await source.fetchListing(latest(['cs.LG', 'stat.ML']));
    const sent = server.requests.slice(before);
    assert.deepEqual(
      sent.map((request) => `${request.method} ${request.url}`),
      ['GET /rss/cs.LG+stat.ML'],
    );
    assert.equal(listing.papers.length, 2);
    assert.equal(listing.problems.length, 3, 'unusable items come back as problems');
  });

  it('accepts the listing date the feed carries', async () => {
    const listing = await source.fetchListing({
      ...latest(['cs.LG']),
      listingDate: parseIsoDate('2026-01-30'),
    });
    assert.equal(listing.listingDate, '2026-01-30');
  });

  it('refuses another listing date, pointing at the API', async () => {
    await assert.rejects(
      source.fetchListing({ ...latest(['cs.LG']), listingDate: '2026-01-29' as IsoDate }),
      (error: unknown) =>
        error instanceof FeedError &&
        error.message.includes('only carries the latest announcement (listing date 2026-01-30)') &&
        /API/.test(error.hint ?? ''),
    );
  });

  it('reads an empty weekend feed as a valid empty listing', async () => {
    const listing = await source.fetchListing(latest(['cs']));
    assert.deepEqual(
      { ...listing, url: listing.url.replace(/^http:\/\/127\.0\.0\.1:\d+/, '') },
      {
        listingDate: '2026-01-31',
        papers: [],
        problems: [],
        url: '/rss/cs',
        reportedCount: 0,
        incompleteReason: null,
      },
    );
  });

  it('counts every item of the feed, usable or not, as what it announced', async () => {
    const listing = await source.fetchListing({ ...latest(['cs.LG']), announceTypes: ['new'] });
    const everything = await source.fetchListing(latest(['cs.LG']));
    assert.equal(listing.reportedCount, everything.papers.length + everything.problems.length);
    assert.ok(listing.reportedCount > listing.papers.length);
    assert.equal(listing.incompleteReason, null);
  });

  it('keeps new and cross but not replacements when asked', async () => {
    const listing = await source.fetchListing({ ...latest(['cs.LG']), announceTypes: ['new', 'cross'] });
    assert.deepEqual(
      listing.papers.map((listed) => `${listed.paper.arxivId} ${listed.announceType}`),
      ['2601.20071 new', '2601.20079 new', '2601.19969 cross', '2601.20103 cross'],
    );
  });
});

describe('buildArxivRssUrl', () => {
  const cases: [string, string[], string][] = [
    ['https://rss.arxiv.org/rss', ['cs'], 'https://rss.arxiv.org/rss/cs'],
    ['https://rss.arxiv.org/rss/', ['cs.AI', 'q-bio.NC'], 'https://rss.arxiv.org/rss/cs.AI+q-bio.NC'],
  ];
  for (const [base, categories, expected] of cases) {
    it(`builds ${expected}`, () => assert.equal(buildArxivRssUrl(base, categories), expected));
  }
});
