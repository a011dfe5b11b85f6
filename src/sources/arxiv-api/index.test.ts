// ArxivApiSource: the shared source contract on a recorded cs.LG listing, then what only the API does (query
// syntax, paging, request spacing, lookups by id).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { describe, it } from 'node:test';

import { startLoopbackServer, type RecordedRequest } from '../../../test/helpers/loopback-server.js';
import { ConfigError } from '../../errors.js';
import { HttpClient } from '../../http.js';
import { ANNOUNCE_TYPES, type IsoDate } from '../../model.js';
import { runSourceContract, testClient } from '../contract.js';
import type { ListingRequest } from '../source.js';
import { buildCategoryQuery, buildSubmittedQuery, formatSubmittedDate } from './fetch.js';
import { ArxivApiSource } from './index.js';

const OWN = new URL('./fixtures/', import.meta.url);
const REAL = new URL('../../../test/fixtures/real/arxiv-api/', import.meta.url);
const ATOM_TYPE = 'application/atom+xml; charset=utf-8';
const DAY = readFileSync(new URL('cs-LG-2026-01-30.xml', OWN), 'utf8');

// Listing 2026-01-30: submitted from Wed 2026-01-28 14:00 EST to Thu 2026-01-29 14:00 EST.
const WINDOW = { from: new Date('2026-01-28T19:00:00Z'), until: new Date('2026-01-29T19:00:00Z') };
const dayRequest = (categories: string[]): ListingRequest => ({
  listingDate: '2026-01-30' as IsoDate,
  categories,
  announceTypes: [...ANNOUNCE_TYPES],
  submittedWindow: WINDOW,
});

runSourceContract(
  'ArxivApiSource',
  (serverUrl, client) => new ArxivApiSource({ client, baseUrl: `${serverUrl}/api/query` }),
  {
    day: {
      path: '/api/query',
      body: DAY,
      contentType: ATOM_TYPE,
      request: dayRequest(['cs.LG']),
      listingDate: '2026-01-30',
    },
    malformedBody: DAY.slice(0, 2000),
  },
  { startServer: startLoopbackServer },
);

/** A client whose API spacing is 300 ms, so spacing is measurable but tests stay quick. */
const spacedClient = (waits: number[] = []): HttpClient => {
  // A virtual clock that only the client's own waits move, so the spacing asserted is the client's, not the load's.
  let nowMs = 1_000_000;
  return new HttpClient({
    policies: { arxivApi: { minIntervalMs: 300, backoffMs: 10, maxBackoffMs: 20 } },
    now: () => nowMs,
    sleep: (ms) => {
      waits.push(ms);
      nowMs += ms;
      return Promise.resolve();
    },
  });
};

const paramsOf = (request: RecordedRequest | undefined): URLSearchParams =>
  new URL(request?.url ?? '/', 'http://127.0.0.1').searchParams;

/** An Atom page of `count` synthetic cs.LG papers numbered from `first`, claiming `total` results. */
function atomPage(first: number, count: number, total: number): string {
  const entries = Array.from({ length: count }, (_, offset) => {
    const id = `2601.${String(30000 + first + offset)}`;
    return (
      `<entry><id>http://arxiv.org/abs/${id}v1</id><title>Paper ${id}</title><summary>Abstract ${id}.</summary>` +
      `<author><name>A. Author</name></author><category term="cs.LG"/><arxiv:primary_category term="cs.LG"/>` +
      `<published>2026-01-29T10:00:00Z</published></entry>`
    );
  }).join('');
  return (
    `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" ` +
    `xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"><opensearch:totalResults>${total}</opensearch:totalResults>` +
    `<opensearch:startIndex>${first}</opensearch:startIndex>${entries}</feed>`
  );
}

function answer(response: ServerResponse, body: string): void {
  response.writeHead(200, { 'content-type': ATOM_TYPE });
  response.end(body);
}

describe('ArxivApiSource.fetchListing', () => {
  it('asks for the categories and the submission window, oldest first, with spaced requests', async () => {
    const server = await startLoopbackServer((request, response) => {
      const start = Number(paramsOf(request).get('start'));
      const max = Number(paramsOf(request).get('max_results'));
      answer(response, atomPage(start, Math.max(0, Math.min(max, 5 - start)), 5));
    });
    try {
      const waits: number[] = [];
      const source = new ArxivApiSource({
        client: spacedClient(waits),
        baseUrl: `${server.url}/api/query`,
        pageSize: 2,
      });
      const listing = await source.fetchListing(dayRequest(['cs', 'stat.ML']));
      assert.equal(listing.papers.length, 5);
      assert.deepEqual(listing.problems, []);
      assert.equal(server.requests.length, 3, 'pages of 2, 2 and 1');
      const params = server.requests.map(paramsOf);
      assert.deepEqual(
        params.map((p) => [p.get('start'), p.get('max_results')]),
        [
          ['0', '2'],
          ['2', '2'],
          ['4', '2'],
        ],
      );
      for (const p of params) {
        assert.equal(
          p.get('search_query'),
          '(cat:cs.* OR cat:cs OR cat:stat.ML) AND submittedDate:[202601281900 TO 202601291859]',
        );
        assert.equal(p.get('sortBy'), 'submittedDate');
        assert.equal(p.get('sortOrder'), 'ascending');
      }
      // arXiv API terms: one request every 3 s (here 300 ms): each page after the first waits its turn.
      assert.deepEqual(waits, [300, 300]);
      assert.match(String(server.requests[0]?.headers['user-agent']), /^paperwire\//);
    } finally {
      await server.close();
    }
  });

  it('advances by what a short page held and stops on an empty page, reporting the shortfall', async () => {
    const server = await startLoopbackServer((request, response) => {
      const start = Number(paramsOf(request).get('start'));
      // Claims 10 results, serves 3 per page whatever was asked, and nothing from 6 on.
      answer(response, atomPage(start, start >= 6 ? 0 : 3, 10));
    });
    try {
      const source = new ArxivApiSource({
        client: testClient(),
        baseUrl: `${server.url}/api/query`,
        pageSize: 5,
      });
      const listing = await source.fetchListing(dayRequest(['cs.LG']));
      assert.deepEqual(
        server.requests.map((request) => paramsOf(request).get('start')),
        ['0', '3', '6'],
      );
      assert.equal(listing.papers.length, 6);
      assert.equal(listing.problems.length, 1);
      assert.equal(listing.problems[0]?.rule, 'incomplete-listing');
      assert.match(listing.problems[0].what, /reported 10 results but served 6/);
      assert.equal(listing.incompleteReason, 'arXiv reported 10 results but served 6');
      assert.equal(listing.reportedCount, 10);
    } finally {
      await server.close();
    }
  });

  it('marks a listing partial when arXiv counts 50 results and serves 3', async () => {
    const server = await startLoopbackServer((request, response) => {
      const start = Number(paramsOf(request).get('start'));
      answer(response, atomPage(start, start === 0 ? 3 : 0, 50));
    });
    try {
      const source = new ArxivApiSource({ client: testClient(), baseUrl: `${server.url}/api/query` });
      const listing = await source.fetchListing(dayRequest(['cs.LG']));
      assert.equal(listing.papers.length, 3);
      assert.equal(listing.reportedCount, 50);
      assert.equal(listing.incompleteReason, 'arXiv reported 50 results but served 3');
    } finally {
      await server.close();
    }
  });

  // An API (or a mirror) that ignores `start` serves its first page for every request: 500 of 2,000 papers.
  const ignoringStart: [string, (start: number) => string][] = [
    ['says it starts at 0 again', () => atomPage(0, 500, 2000)],
    [
      'echoes start but repeats the papers',
      (start) =>
        atomPage(0, 500, 2000).replace('>0</opensearch:startIndex>', `>${start}</opensearch:startIndex>`),
    ],
  ];
  for (const [behaviour, page] of ignoringStart) {
    it(`stops paging and marks the listing partial when the API ignores start (${behaviour})`, async () => {
      const server = await startLoopbackServer((request, response) => {
        answer(response, page(Number(paramsOf(request).get('start'))));
      });
      try {
        const source = new ArxivApiSource({ client: testClient(), baseUrl: `${server.url}/api/query` });
        const listing = await source.fetchListing(dayRequest(['cs.LG']));
        assert.equal(server.requests.length, 2, 'the repeated second page ends the paging');
        assert.equal(listing.papers.length, 500);
        assert.equal(listing.reportedCount, 2000);
        assert.match(
          listing.incompleteReason ?? '',
          /already served .*only 500 of its 2000 results were read/,
        );
        assert.deepEqual(
          listing.problems.map((problem) => problem.rule),
          ['incomplete-listing'],
        );
      } finally {
        await server.close();
      }
    });
  }

  it('marks papers new when their primary category is in scope and cross otherwise', async () => {
    const server = await startLoopbackServer((_request, response) => answer(response, DAY));
    try {
      const source = new ArxivApiSource({ client: testClient(), baseUrl: `${server.url}/api/query` });
      const listing = await source.fetchListing(dayRequest(['cs.LG']));
      assert.deepEqual(
        listing.papers.map((listed) => `${listed.paper.arxivId} ${listed.announceType}`),
        ['2601.19969 cross', '2601.20071 new', '2601.20079 new', '2601.20103 cross', '2601.20116 new'],
      );
      const archive = await source.fetchListing(dayRequest(['cs']));
      assert.ok(archive.papers.every((listed) => listed.announceType === 'new'));
      const paper = listing.papers.find((listed) => listed.paper.arxivId === '2601.20116')?.paper;
      assert.equal(paper?.journalRef, 'Transactions on Machine Learning Research (2026)');
      assert.equal(paper.doi, '10.48550/arXiv.2601.20116');
      assert.equal(paper.publishedAt?.toISOString(), '2026-01-29T03:15:42.000Z');
    } finally {
      await server.close();
    }
  });

  it('refuses a request without a submission window, before any request', async () => {
    const server = await startLoopbackServer((_request, response) => answer(response, DAY));
    try {
      const source = new ArxivApiSource({ client: testClient(), baseUrl: `${server.url}/api/query` });
      await assert.rejects(
        source.fetchListing({ ...dayRequest(['cs.LG']), submittedWindow: null }),
        (error: unknown) => error instanceof ConfigError,
      );
      assert.equal(server.requests.length, 0);
    } finally {
      await server.close();
    }
  });
});

describe('ArxivApiSource.fetchArxivIds', () => {
  it('asks 100 ids per request and reports ids arXiv does not know', async () => {
    const missingIdBody = readFileSync(new URL('query-missing-id-old-format.xml', REAL), 'utf8');
    const server = await startLoopbackServer((_request, response) => answer(response, missingIdBody));
    try {
      const source = new ArxivApiSource({ client: testClient(), baseUrl: `${server.url}/api/query` });
      const ids = [
        '2201.13452v1',
        '2201.13453',
        ...Array.from({ length: 100 }, (_, n) => `2201.${20000 + n}`),
      ];
      const { papers, problems } = await source.fetchArxivIds(ids);
      assert.equal(server.requests.length, 2);
      const first = paramsOf(server.requests[0]).get('id_list')?.split(',') ?? [];
      const second = paramsOf(server.requests[1]).get('id_list')?.split(',') ?? [];
      assert.equal(first.length, 100);
      assert.equal(second.length, 2);
      assert.deepEqual(first.slice(0, 2), ['2201.13452v1', '2201.13453']);
      assert.deepEqual(
        papers.map((paper) => paper.arxivId),
        ['2201.13452', '2201.13452'],
      );
      assert.ok(problems.every((problem) => problem.rule === 'not-found'));
      assert.ok(problems.some((problem) => problem.what === 'arXiv has no paper 2201.13453'));
      assert.equal(problems.length, 101);
    } finally {
      await server.close();
    }
  });
});

describe('arXiv API query syntax', () => {
  const categories: [string[], string][] = [
    [['cs.LG'], 'cat:cs.LG'],
    [['cs'], '(cat:cs.* OR cat:cs)'],
    [['cs.LG', 'stat.ML'], '(cat:cs.LG OR cat:stat.ML)'],
  ];
  for (const [input, expected] of categories) {
    it(`writes ${input.join(', ')} as ${expected}`, () => assert.equal(buildCategoryQuery(input), expected));
  }

  it('writes submission times as GMT YYYYMMDDHHMM', () => {
    assert.equal(formatSubmittedDate(new Date('2026-01-28T19:00:59Z')), '202601281900');
  });

  it('ends the range one minute before the deadline, so windows do not overlap', () => {
    assert.equal(buildSubmittedQuery(WINDOW), 'submittedDate:[202601281900 TO 202601291859]');
  });
});
