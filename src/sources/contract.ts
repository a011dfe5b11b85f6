// The shared suite every Source passes: each implementation's index.test.ts calls runSourceContract in a few
// lines, serving its own recorded day from a loopback server, then tests only what is its own.

import assert from 'node:assert/strict';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';

import { FeedError, HttpError } from '../errors.js';
import { HttpClient, USER_AGENT } from '../http.js';
import { ANNOUNCE_TYPES, isArxivId, parseIsoDate, type AnnounceType } from '../model.js';
import type { ListingRequest, Source } from './source.js';

/** What a source needs served to produce one recorded day. */
export interface SourceContractFixtures {
  /** The recorded day: `body` is answered at `path` whatever the query, for `request`. */
  day: {
    path: string;
    body: string;
    contentType: string;
    request: ListingRequest;
    /** The listing date the source must report for it. */
    listingDate: string;
  };
  /** A body of the right content type that the source cannot use at all. */
  malformedBody: string;
}

/** The cases of the suite, by name; `skip` takes a reason per name. */
type SourceContractCase =
  | 'papers'
  | 'categories'
  | 'announce-types'
  | 'listing-date'
  | 'complete'
  | 'user-agent'
  | 'retry'
  | 'not-found'
  | 'malformed';

/** A recording loopback server, as test/helpers/loopback-server.ts starts one (src/ may not import test/). */
interface ContractServer {
  url: string;
  requests: { url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

type ContractHandler = (request: { url: string }, response: ServerResponse) => void;

export interface SourceContractOptions {
  /** Pass `startLoopbackServer` from test/helpers/loopback-server.ts. */
  startServer: (handler: ContractHandler) => Promise<ContractServer>;
  skip?: Partial<Record<SourceContractCase, string>>;
}

/**
 * Runs the suite against `make(serverUrl, client)`, where `serverUrl` is the loopback server's base
 * (`http://127.0.0.1:PORT`, no trailing slash) and `client` has retries and spacing shortened for tests.
 */
export function runSourceContract(
  name: string,
  make: (serverUrl: string, client: HttpClient) => Source,
  fixtures: SourceContractFixtures,
  options: SourceContractOptions,
): void {
  const { day } = fixtures;
  const { startServer } = options;
  const skip = options.skip ?? {};
  const check = (id: SourceContractCase, title: string, fn: () => Promise<void>): void => {
    const reason = skip[id];
    it(title, reason === undefined ? {} : { skip: reason }, fn);
  };
  const serveDay: ContractHandler = (request, response) => {
    const path = request.url.split('?')[0];
    if (path !== day.path) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end(`no route for ${path}`);
      return;
    }
    response.writeHead(200, { 'content-type': day.contentType });
    response.end(day.body);
  };

  describe(`${name} (source contract)`, () => {
    let server: ContractServer;
    let source: Source;
    before(async () => {
      server = await startServer(serveDay);
      source = make(server.url, testClient());
    });
    after(() => server.close());

    check(
      'papers',
      'returns papers with versionless ids, titles, abstracts and authors, each once',
      async () => {
        const listing = await source.fetchListing(day.request);
        assert.ok(listing.papers.length > 0, 'the recorded day has papers');
        for (const { paper } of listing.papers) {
          assert.ok(isArxivId(paper.arxivId), `${paper.arxivId} is a versionless arXiv id`);
          assert.ok(paper.version >= 1);
          assert.notEqual(paper.title, '');
          assert.notEqual(paper.abstract, '');
          assert.equal(paper.title, paper.title.trim());
          assert.ok(paper.authors.length > 0, `${paper.arxivId} has authors`);
        }
        const ids = listing.papers.map((listed) => listed.paper.arxivId);
        assert.equal(new Set(ids).size, ids.length);
      },
    );

    check('categories', 'lists the primary category first, without duplicates', async () => {
      const listing = await source.fetchListing(day.request);
      for (const { paper } of listing.papers) {
        assert.equal(paper.categories[0], paper.primaryCategory, paper.arxivId);
        assert.equal(new Set(paper.categories).size, paper.categories.length, paper.arxivId);
      }
    });

    check('announce-types', 'keeps only the announce types asked for', async () => {
      const everything = await source.fetchListing({ ...day.request, announceTypes: [...ANNOUNCE_TYPES] });
      const present = new Set(everything.papers.map((listed) => listed.announceType));
      for (const type of ANNOUNCE_TYPES) {
        const only = await source.fetchListing({ ...day.request, announceTypes: [type] });
        const expected = everything.papers.filter((listed) => listed.announceType === type);
        assert.deepEqual(
          only.papers.map((listed) => listed.paper.arxivId),
          expected.map((listed) => listed.paper.arxivId),
          `only ${type}`,
        );
      }
      const none = await source.fetchListing({ ...day.request, announceTypes: [] as AnnounceType[] });
      assert.equal(none.papers.length, 0);
      assert.ok(present.size > 0);
    });

    check('listing-date', 'reports the listing date of the recorded day', async () => {
      const listing = await source.fetchListing(day.request);
      assert.equal(parseIsoDate(listing.listingDate), day.listingDate);
    });

    check(
      'complete',
      'reports the recorded day whole, its count covering every paper, and where it read it',
      async () => {
        const listing = await source.fetchListing({ ...day.request, announceTypes: [...ANNOUNCE_TYPES] });
        assert.equal(listing.incompleteReason, null);
        assert.ok(listing.reportedCount >= listing.papers.length, `${listing.reportedCount} reported`);
        assert.ok(listing.url.startsWith(server.url), listing.url);
      },
    );

    check('user-agent', 'identifies itself with the paperwire User-Agent', async () => {
      const before = server.requests.length;
      await source.fetchListing(day.request);
      const sent = server.requests.slice(before);
      assert.ok(sent.length > 0);
      for (const request of sent) assert.equal(request.headers['user-agent'], USER_AGENT);
    });
  });

  describe(`${name} (source contract, failing servers)`, () => {
    check('retry', 'retries a 500 and then reads the 200', async () => {
      let answered = 0;
      const server = await startServer((request, response) => {
        answered++;
        if (answered === 1) {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end('internal error');
          return;
        }
        serveDay(request, response);
      });
      try {
        const listing = await make(server.url, testClient()).fetchListing(day.request);
        assert.ok(listing.papers.length > 0);
        assert.ok(server.requests.length >= 2);
        assert.equal(server.requests[0]?.url, server.requests[1]?.url, 'the retry asks for the same URL');
      } finally {
        await server.close();
      }
    });

    check('not-found', 'throws an HttpError naming the URL for a 404', async () => {
      const server = await startServer((_request, response) => {
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('not found');
      });
      try {
        await assert.rejects(make(server.url, testClient()).fetchListing(day.request), (error: unknown) => {
          assert.ok(error instanceof HttpError, String(error));
          assert.equal(error.status, 404);
          assert.ok(error.url.startsWith(server.url), error.url);
          assert.ok(error.message.includes(server.url), error.message);
          return true;
        });
        assert.equal(server.requests.length, 1, 'a 404 is not retried');
      } finally {
        await server.close();
      }
    });

    check('malformed', 'throws a FeedError naming the URL for a malformed body', async () => {
      const server = await startServer((_request, response) => {
        response.writeHead(200, { 'content-type': day.contentType });
        response.end(fixtures.malformedBody);
      });
      try {
        await assert.rejects(make(server.url, testClient()).fetchListing(day.request), (error: unknown) => {
          assert.ok(error instanceof FeedError, String(error));
          assert.ok(error.url.startsWith(server.url), error.url);
          return true;
        });
      } finally {
        await server.close();
      }
    });
  });
}

/** A client with the real policies' shape but millisecond backoff and spacing, so failures are quick. */
export function testClient(): HttpClient {
  const fast = { backoffMs: 10, maxBackoffMs: 20, timeoutMs: 5_000, retries: 2 };
  return new HttpClient({
    policies: { arxivApi: { ...fast, minIntervalMs: 50 }, arxivRss: { ...fast, minIntervalMs: 0 } },
  });
}
