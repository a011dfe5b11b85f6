// Network tests for HfDailySource against a real loopback server that records what it is asked.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { after, describe, it } from 'node:test';
import {
  startLoopbackServer,
  type Handler,
  type LoopbackServer,
} from '../../../test/helpers/loopback-server.js';
import { ConfigError, FeedError, HttpError } from '../../errors.js';
import { HttpClient, USER_AGENT } from '../../http.js';
import { parseIsoDate, type IsoDate } from '../../model.js';
import { HfDailySource, NO_LISTING_RULE, type HfDailySourceOptions } from './index.js';

const read = (name: string): string => readFileSync(`test/fixtures/hf/${name}`, 'utf8');
const DAY = parseIsoDate('2026-03-20') as IsoDate;
const PAGE_0 = read('daily-papers-2026-03-20-p0.json');
const PAGE_1 = read('daily-papers-2026-03-20-p1.json');

const servers: LoopbackServer[] = [];
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function serve(handler: Handler): Promise<LoopbackServer> {
  const server = await startLoopbackServer(handler);
  servers.push(server);
  return server;
}

function json(response: ServerResponse, body: string, status = 200): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(body);
}

/** A client without pacing or backoff waits, so retries happen at once. */
function source(server: LoopbackServer, options: Partial<HfDailySourceOptions> = {}): HfDailySource {
  const client = new HttpClient({
    policies: { huggingFace: { minIntervalMs: 0, backoffMs: 1, maxBackoffMs: 1 } },
    sleep: () => Promise.resolve(),
  });
  return new HfDailySource({ client, baseUrl: `${server.url}/api/`, ...options });
}

function query(url: string): URLSearchParams {
  return new URL(url, 'http://x').searchParams;
}

/** A minimal paper page for an id. */
function paperJson(arxivId: string, upvotes: number): string {
  return JSON.stringify({
    id: arxivId,
    title: `Paper ${arxivId}`,
    summary: 'S',
    upvotes,
    authors: [{ name: 'A' }],
  });
}

describe('HfDailySource.fetchDailyPapers', () => {
  it('pages with p and limit until a short page, sending the User-Agent', async () => {
    const server = await serve((request, response) => {
      json(response, query(request.url).get('p') === '0' ? PAGE_0 : PAGE_1);
    });
    const { papers, problems } = await source(server, { pageSize: 14 }).fetchDailyPapers(DAY);
    assert.deepEqual(
      server.requests.map((request) => request.url),
      ['/api/daily_papers?date=2026-03-20&p=0&limit=14', '/api/daily_papers?date=2026-03-20&p=1&limit=14'],
    );
    for (const request of server.requests) {
      assert.equal(request.method, 'GET');
      assert.equal(request.headers['user-agent'], USER_AGENT);
      assert.equal(request.headers['accept'], 'application/json');
    }
    assert.equal(papers.length, 16);
    assert.equal(papers.at(-1)?.arxivId, '2204.01464');
    assert.deepEqual(
      problems.map((problem) => [problem.rule, problem.what]),
      [['missing-field', 'entry 5 has no paper.id']],
    );
  });

  it('stops when a full page brings no new paper (a server ignoring p)', async () => {
    const server = await serve((_request, response) => json(response, PAGE_0));
    const { papers, problems } = await source(server, { pageSize: 14 }).fetchDailyPapers(DAY);
    assert.equal(server.requests.length, 2);
    assert.equal(papers.length, 13);
    assert.equal(problems.at(-1)?.rule, 'incomplete-listing');
  });

  it('stops after maxPages full pages and says the listing is incomplete', async () => {
    const server = await serve((request, response) => {
      const page = Number(query(request.url).get('p'));
      json(
        response,
        JSON.stringify([0, 1].map((n) => ({ paper: { id: `2601.0000${page * 2 + n}`, title: 'T' } }))),
      );
    });
    const { papers, problems } = await source(server, { pageSize: 2, maxPages: 3 }).fetchDailyPapers(DAY);
    assert.equal(server.requests.length, 3);
    assert.equal(papers.length, 6);
    assert.deepEqual(
      problems.map((problem) => problem.rule),
      ['incomplete-listing'],
    );
    assert.match(problems[0]?.what ?? '', /longer than 3 pages of 2/);
  });

  it('asks for the latest listing without a date, one page only', async () => {
    const server = await serve((_request, response) => json(response, PAGE_1));
    const { papers } = await source(server, { pageSize: 3 }).fetchDailyPapers(null);
    assert.deepEqual(
      server.requests.map((request) => request.url),
      ['/api/daily_papers?p=0&limit=3'],
    );
    assert.equal(papers.length, 3);
  });

  it('answers a day without listing (404) with no papers and a no-listing problem', async () => {
    const server = await serve((_request, response) => json(response, '{"error":"Not Found"}', 404));
    const result = await source(server).fetchDailyPapers(DAY);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(result.papers, []);
    assert.deepEqual(result.problems, [
      {
        where: `${server.url}/api/daily_papers?date=2026-03-20&p=0&limit=50`,
        what: 'Hugging Face has no Daily Papers listing for 2026-03-20 (HTTP 404)',
        rule: NO_LISTING_RULE,
      },
    ]);
  });

  it('answers an empty day with no papers and no problem', async () => {
    const server = await serve((_request, response) => json(response, read('daily-papers-empty.json')));
    assert.deepEqual(await source(server).fetchDailyPapers(DAY), { papers: [], problems: [] });
    assert.equal(server.requests.length, 1);
  });

  it('retries a 500 and then reads the 200 (through the client)', async () => {
    const server = await serve((_request, response) => {
      if (server.requests.length === 1) json(response, '{"error":"Internal Error"}', 500);
      else json(response, PAGE_1);
    });
    const { papers } = await source(server).fetchDailyPapers(DAY);
    assert.equal(server.requests.length, 2);
    assert.equal(papers.length, 3);
  });

  it('turns an error document answered with 200 into a FeedError naming the URL', async () => {
    const server = await serve((_request, response) => json(response, '{"error":"Invalid date"}'));
    await assert.rejects(source(server).fetchDailyPapers(DAY), (error: unknown) => {
      assert.ok(error instanceof FeedError);
      assert.equal(error.url, `${server.url}/api/daily_papers?date=2026-03-20&p=0&limit=50`);
      assert.match(error.message, /Hugging Face answered an error: Invalid date/);
      return true;
    });
  });

  it('lets a 400 with an error document through as an HttpError carrying its text', async () => {
    const server = await serve((_request, response) => json(response, '{"error":"Invalid date"}', 400));
    await assert.rejects(source(server).fetchDailyPapers(DAY), (error: unknown) => {
      assert.ok(error instanceof HttpError);
      assert.equal(error.status, 400);
      assert.match(error.message, /HTTP 400: \{"error":"Invalid date"\}/);
      return true;
    });
    assert.equal(server.requests.length, 1);
  });
});

describe('HfDailySource.searchPapers', () => {
  it('sends q and limit, and keeps at most limit results', async () => {
    const server = await serve((_request, response) => json(response, read('papers-search-stable-rl.json')));
    const { papers, problems } = await source(server).searchPapers(' stable reinforcement learning ', 5);
    assert.deepEqual(
      server.requests.map((request) => request.url),
      ['/api/papers/search?q=stable+reinforcement+learning&limit=5'],
    );
    assert.equal(papers.length, 5);
    assert.equal(papers[0]?.arxivId, '2506.14731');
    assert.deepEqual(problems, []);
  });

  it('refuses an empty query and a bad limit before asking', async () => {
    const server = await serve((_request, response) => json(response, '[]'));
    await assert.rejects(source(server).searchPapers('  ', 5), ConfigError);
    await assert.rejects(source(server).searchPapers('rl', 0), ConfigError);
    assert.equal(server.requests.length, 0);
  });
});

describe('HfDailySource.fetchPaper', () => {
  it('reads a paper page, asking without the version', async () => {
    const server = await serve((_request, response) => json(response, read('paper-2505.24298.json')));
    const paper = await source(server).fetchPaper('2505.24298v3');
    assert.deepEqual(
      server.requests.map((request) => request.url),
      ['/api/papers/2505.24298'],
    );
    assert.equal(paper?.githubRepo, 'https://github.com/inclusionAI/AReaL');
  });

  it('answers null for a paper Hugging Face does not know (404)', async () => {
    const server = await serve((_request, response) => json(response, read('error-not-found.json'), 404));
    assert.equal(await source(server).fetchPaper('2401.00001'), null);
  });

  it('throws a FeedError for an error document answered with 200', async () => {
    const server = await serve((_request, response) => json(response, read('error-not-found.json')));
    await assert.rejects(source(server).fetchPaper('2401.00001'), /answered an error: Paper not found/);
  });
});

describe('HfDailySource.fetchUpvotes', () => {
  it('keeps at most `concurrency` requests in flight and leaves out unknown papers', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const server = await serve(async (request, response) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 40));
      inFlight--;
      const id = request.url.split('/').at(-1) ?? '';
      if (id.endsWith('7')) json(response, '{"error":"Paper not found"}', 404);
      else json(response, paperJson(id, Number(id.slice(-1))));
    });
    const ids = [
      '2601.00001',
      '2601.00002',
      '2601.00003',
      '2601.00004',
      '2601.00005',
      '2601.00006',
      '2601.00007',
    ];
    const upvotes = await source(server).fetchUpvotes([...ids, '2601.00001v2'], 3);
    assert.equal(server.requests.length, 7);
    assert.equal(maxInFlight, 3);
    assert.deepEqual(
      [...upvotes].map(([id, paper]) => [id, paper.upvotes]),
      [
        ['2601.00001', 1],
        ['2601.00002', 2],
        ['2601.00003', 3],
        ['2601.00004', 4],
        ['2601.00005', 5],
        ['2601.00006', 6],
      ],
    );
  });

  it('starts no new request after one fails, and throws its error', async () => {
    const server = await serve((request, response) => {
      if (request.url.endsWith('2601.00001')) json(response, 'not json');
      else json(response, paperJson(request.url.split('/').at(-1) ?? '', 1));
    });
    const ids = Array.from({ length: 10 }, (_, n) => `2601.000${String(n + 1).padStart(2, '0')}`);
    await assert.rejects(source(server).fetchUpvotes(ids, 1), FeedError);
    assert.equal(server.requests.length, 1);
  });

  it('refuses a concurrency below 1', async () => {
    const server = await serve((_request, response) => json(response, '{}'));
    await assert.rejects(source(server).fetchUpvotes(['2601.00001'], 0), ConfigError);
  });
});

describe('HfDailySource as a Source', () => {
  const request = { categories: ['cs.LG'], submittedWindow: null } as const;

  it('lists the day as new papers, whatever the categories', async () => {
    const server = await serve((request, response) => {
      json(response, query(request.url).get('p') === '0' ? PAGE_0 : PAGE_1);
    });
    const hf = source(server, { pageSize: 14 });
    assert.equal(hf.name, 'hf');
    const listing = await hf.fetchListing({ ...request, listingDate: DAY, announceTypes: ['new', 'cross'] });
    assert.equal(listing.listingDate, DAY);
    assert.equal(listing.papers.length, 16);
    assert.ok(
      listing.papers.every((entry) => entry.announceType === 'new' && entry.paper.categories.length === 0),
    );
    assert.equal(listing.problems.length, 1);
  });

  it('lists nothing when new papers are not asked for', async () => {
    const server = await serve((_request, response) => json(response, PAGE_1));
    const listing = await source(server).fetchListing({
      ...request,
      listingDate: DAY,
      announceTypes: ['cross'],
    });
    assert.deepEqual(listing.papers, []);
  });

  it('dates the latest listing by its papers, or by the clock when it is empty', async () => {
    const server = await serve((_request, response) =>
      json(response, server.requests.length === 1 ? PAGE_1 : '[]'),
    );
    const hf = source(server, { now: () => new Date('2026-04-16T08:00:00Z') });
    const latest = await hf.fetchListing({ ...request, listingDate: null, announceTypes: ['new'] });
    assert.equal(latest.listingDate, '2026-03-20');
    const empty = await hf.fetchListing({ ...request, listingDate: null, announceTypes: ['new'] });
    assert.equal(empty.listingDate, '2026-04-16');
  });
});
