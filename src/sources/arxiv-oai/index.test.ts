// ArxivOaiSource against a fake OAI-PMH server on loopback: paging in both token styles (real recordings and built
// pages), a refused or expired token, 503 with Retry-After, noRecordsMatch, OAI errors, and what --set means.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { startLoopbackServer } from '../../../test/helpers/loopback-server.js';
import {
  listRecordsBody,
  oaiErrorBody,
  startFakeOaiServer,
  type FakeRecord,
} from '../../../test/helpers/oai-server.js';
import { FeedError, OaiError, UsageError } from '../../errors.js';
import { HttpClient } from '../../http.js';
import type { IsoDate } from '../../model.js';
import { ArxivOaiSource, parseSetName, type HarvestedPage, type HarvestPosition } from './index.js';

const REAL = new URL('../../../test/fixtures/real/arxiv-oai/', import.meta.url);
const BUILT = new URL('./fixtures/', import.meta.url);

/** A client on a virtual clock that only its own waits move; every wait asked for is recorded. */
function recordingClient(waits: number[]): { client: HttpClient; now: () => Date } {
  let nowMs = Date.parse('2026-12-01T09:00:00Z');
  const client = new HttpClient({
    policies: { arxivOai: { backoffMs: 10, maxBackoffMs: 20 } },
    now: () => nowMs,
    sleep: (ms) => {
      waits.push(ms);
      nowMs += ms;
      return Promise.resolve();
    },
  });
  return { client, now: () => new Date(nowMs) };
}

/** `count` records, `perDay` a day from 2026-11-28 on, each with two versions. */
function archive(count: number, perDay = 2): FakeRecord[] {
  return Array.from({ length: count }, (_, index) => {
    const day = new Date(Date.UTC(2026, 10, 28 + Math.floor(index / perDay)));
    return {
      id: `2611.${String(10000 + index)}`,
      datestamp: day.toISOString().slice(0, 10),
      versionDates: [new Date('2026-11-01T10:00:00Z'), new Date(day.getTime() + 3_600_000)],
      categories: ['cs.LG'],
    };
  });
}

/** Harvests and returns every page handed over and every notice. */
async function harvestAll(
  source: ArxivOaiSource,
  query: { set: string | null; from: IsoDate | null; until: IsoDate | null },
  resumeAt: HarvestPosition | null = null,
): Promise<{ pages: HarvestedPage[]; notices: string[] }> {
  const pages: HarvestedPage[] = [];
  const notices: string[] = [];
  await source.harvest(query, resumeAt, {
    onPage: (page) => void pages.push(page),
    onNotice: (line) => notices.push(line),
  });
  return { pages, notices };
}

/** Harvests from FROM until the source stops: the pages it handed over, and what it threw (null: it ended). */
async function harvestUntilStopped(
  source: ArxivOaiSource,
): Promise<{ pages: HarvestedPage[]; error: unknown }> {
  const pages: HarvestedPage[] = [];
  try {
    await source.harvest(FROM, null, { onPage: (page) => void pages.push(page), onNotice: () => undefined });
  } catch (error) {
    return { pages, error };
  }
  return { pages, error: null };
}

const idsOf = (pages: HarvestedPage[]): string[] =>
  pages.flatMap((page) => page.records.map((r) => r.paper.arxivId));
const FROM = { set: 'cs:cs:LG', from: '2026-11-28' as IsoDate, until: null };

describe('ArxivOaiSource paging', () => {
  it('follows skip= tokens to the empty <resumptionToken/>, one request per 3 s, the token alone', async () => {
    const server = await startFakeOaiServer({ records: archive(5), pageSize: 2, style: 'new' });
    try {
      const waits: number[] = [];
      const { client, now } = recordingClient(waits);
      const source = new ArxivOaiSource({ client, baseUrl: server.oaiUrl, now });
      const { pages } = await harvestAll(source, FROM);
      assert.equal(pages.length, 3);
      assert.deepEqual(
        idsOf(pages),
        archive(5).map((record) => record.id),
      );
      assert.equal(pages[2]?.next, null);
      assert.equal(pages[2].lastDatestamp, '2026-11-30');
      const queries = server.queries();
      assert.deepEqual(Object.fromEntries(queries[0] ?? []), {
        verb: 'ListRecords',
        metadataPrefix: 'arXivRaw',
        from: '2026-11-28',
        set: 'cs:cs:LG',
      });
      assert.deepEqual([...(queries[1]?.keys() ?? [])], ['verb', 'resumptionToken']);
      assert.match(queries[1]?.get('resumptionToken') ?? '', /skip%3D2$/);
      assert.deepEqual(waits, [3_000, 3_000]);
    } finally {
      await server.close();
    }
  });

  it('follows cursor tokens through the real recorded pages to an empty token', async () => {
    const first = readFileSync(new URL('listrecords-arxivraw-page1-2015.xml', REAL), 'utf8');
    const resumed = readFileSync(new URL('listrecords-arxivraw-resumed-2014.xml', REAL), 'utf8');
    const last = listRecordsBody(
      archive(1),
      '<resumptionToken cursor="96000" completeListSize="96001"></resumptionToken>',
    );
    const server = await startLoopbackServer((request, response) => {
      const token = new URL(request.url, 'http://127.0.0.1').searchParams.get('resumptionToken');
      const body =
        token === null ? first : token === '726959|1001' ? resumed : token === '496549|96001' ? last : '';
      response.writeHead(body === '' ? 404 : 200, { 'content-type': 'text/xml' });
      response.end(body);
    });
    try {
      const { client, now } = recordingClient([]);
      const source = new ArxivOaiSource({ client, baseUrl: `${server.url}/oai2`, now });
      const { pages } = await harvestAll(source, { set: null, from: '2014-10-01' as IsoDate, until: null });
      assert.deepEqual(
        pages.map((page) => page.records.length),
        [6, 17, 1],
      );
      assert.deepEqual(
        pages.map((page) => page.next?.cursor ?? null),
        [0, 95000, null],
      );
      assert.equal(server.requests.length, 3);
    } finally {
      await server.close();
    }
  });
});

describe('ArxivOaiSource recovery', () => {
  it('restarts from the last datestamp harvested when arXiv refuses a token, and says so', async () => {
    const server = await startFakeOaiServer({
      records: archive(6),
      pageSize: 3,
      style: 'new',
      intercept: (_params, index) =>
        index === 1
          ? {
              status: 200,
              body: oaiErrorBody(
                'badResumptionToken',
                'The value of the resumptionToken argument is invalid or expired.',
              ),
            }
          : undefined,
    });
    try {
      const { client, now } = recordingClient([]);
      const source = new ArxivOaiSource({ client, baseUrl: server.oaiUrl, now });
      const { pages, notices } = await harvestAll(source, FROM);
      // Page 1 reached 2026-11-29; the restart asks from that day, not from 2026-11-28.
      const restart = server.queries()[2];
      assert.equal(restart?.get('from'), '2026-11-29');
      assert.equal(restart.get('resumptionToken'), null);
      assert.equal(restart.get('set'), 'cs:cs:LG');
      assert.deepEqual(new Set(idsOf(pages)), new Set(archive(6).map((record) => record.id)));
      // Each page says whether the list was restarted before it, so the caller can say what its counts hold.
      assert.deepEqual(
        pages.map((page) => page.restart),
        [null, { from: '2026-11-29', reason: 'refused' }, { from: '2026-11-29', reason: 'refused' }],
      );
      assert.equal(notices.length, 1);
      assert.match(
        notices[0] ?? '',
        /^restarting the harvest from datestamp 2026-11-29: arXiv refused the resumption token/,
      );
    } finally {
      await server.close();
    }
  });

  it("restarts an old endpoint's list from the request's own from, since it was not sorted by datestamp", async () => {
    const refused = oaiErrorBody(
      'badResumptionToken',
      'The resumptionToken supplied is illegal for this repository',
    );
    const server = await startFakeOaiServer({
      records: archive(6),
      pageSize: 3,
      style: 'old',
      intercept: (_params, index) => (index === 1 ? { status: 200, body: refused } : undefined),
    });
    try {
      const { client, now } = recordingClient([]);
      const source = new ArxivOaiSource({ client, baseUrl: server.oaiUrl, now });
      const { pages, notices } = await harvestAll(source, FROM);
      assert.equal(server.queries()[2]?.get('from'), '2026-11-28');
      assert.deepEqual(new Set(idsOf(pages)), new Set(archive(6).map((record) => record.id)));
      assert.match(
        notices[0] ?? '',
        /from datestamp 2026-11-28 \(the old endpoint does not sort by datestamp\)/,
      );
    } finally {
      await server.close();
    }
  });

  it('gives up with the OAI error when a restart would begin where the last one did', async () => {
    const refused = oaiErrorBody(
      'badResumptionToken',
      'The value of the resumptionToken argument is invalid or expired.',
    );
    // Every record on one day and every token refused: restarting from that day again would loop forever.
    const server = await startFakeOaiServer({
      records: archive(6, 10),
      pageSize: 3,
      style: 'new',
      intercept: (params) => (params.has('resumptionToken') ? { status: 200, body: refused } : undefined),
    });
    try {
      const { client, now } = recordingClient([]);
      const source = new ArxivOaiSource({ client, baseUrl: server.oaiUrl, now });
      await assert.rejects(harvestAll(source, FROM), (error: unknown) => {
        assert.ok(error instanceof OaiError);
        assert.equal(error.oaiCode, 'badResumptionToken');
        return true;
      });
      // The first page, its refused token, one restart from 2026-11-28 and its refused token.
      assert.equal(server.requests.length, 4);
    } finally {
      await server.close();
    }
  });

  it('restarts from the stored datestamp without sending a token that has expired', async () => {
    const server = await startFakeOaiServer({ records: archive(6), pageSize: 10, style: 'new' });
    try {
      const { client, now } = recordingClient([]);
      const source = new ArxivOaiSource({ client, baseUrl: server.oaiUrl, now });
      const resumeAt: HarvestPosition = {
        token: {
          value: 'verb%3DListRecords%26skip%3D2',
          cursor: null,
          completeListSize: null,
          expiresAt: new Date('2026-12-01T00:00:00Z'),
        },
        lastDatestamp: '2026-11-29' as IsoDate,
      };
      const { pages, notices } = await harvestAll(source, FROM, resumeAt);
      assert.equal(server.requests.length, 1);
      assert.deepEqual(pages[0]?.restart, { from: '2026-11-29', reason: 'expired' });
      assert.equal(server.queries()[0]?.get('from'), '2026-11-29');
      assert.deepEqual(
        idsOf(pages),
        archive(6)
          .slice(2)
          .map((record) => record.id),
      );
      assert.match(
        notices[0] ?? '',
        /from datestamp 2026-11-29: the stored resumption token expired at 2026-12-01T00:00:00.000Z/,
      );
    } finally {
      await server.close();
    }
  });

  it('waits what a 503 Retry-After asks, then goes on', async () => {
    const answer503 = readFileSync(new URL('http-503-retry-after.txt', BUILT), 'utf8');
    const server = await startFakeOaiServer({
      records: archive(2),
      pageSize: 10,
      style: 'new',
      intercept: (_params, index) =>
        index === 0
          ? {
              status: 503,
              headers: { 'retry-after': /^Retry-After: (\d+)$/m.exec(answer503)?.[1] ?? '' },
              body: answer503.split('\n\n')[1] ?? '',
            }
          : undefined,
    });
    try {
      const waits: number[] = [];
      const { client, now } = recordingClient(waits);
      const source = new ArxivOaiSource({ client, baseUrl: server.oaiUrl, now });
      const { pages } = await harvestAll(source, FROM);
      assert.deepEqual(waits, [30_000]);
      assert.equal(server.requests.length, 2);
      assert.equal(idsOf(pages).length, 2);
    } finally {
      await server.close();
    }
  });
});

describe('ArxivOaiSource answers', () => {
  it('takes noRecordsMatch as an empty list: one page, no record, no error', async () => {
    const server = await startFakeOaiServer({ records: archive(2), pageSize: 10, style: 'new' });
    try {
      const { client, now } = recordingClient([]);
      const source = new ArxivOaiSource({ client, baseUrl: server.oaiUrl, now });
      const { pages } = await harvestAll(source, { ...FROM, from: '2027-01-01' as IsoDate });
      assert.equal(pages.length, 1);
      assert.deepEqual(pages[0]?.records, []);
      assert.equal(pages[0].next, null);
    } finally {
      await server.close();
    }
  });

  const refusals: [string, string, RegExp][] = [
    [
      'error-norecordsmatch-unknown-set-2015.xml',
      'the old endpoint',
      /^arXiv's OAI-PMH has no set "moo": Set argument doesn't match any sets/,
    ],
    [
      'error-badargument-new-endpoint.xml',
      'the new endpoint',
      /^arXiv's OAI-PMH has no set "moo": The request includes illegal arguments/,
    ],
  ];
  for (const [file, endpoint, message] of refusals) {
    it(`names the set and the fix when ${endpoint} refuses it (${file})`, async () => {
      const dir = file.endsWith('2015.xml') ? REAL : BUILT;
      const body = readFileSync(new URL(file, dir), 'utf8');
      const server = await startLoopbackServer((_request, response) => {
        response.end(body);
      });
      try {
        const { client, now } = recordingClient([]);
        const source = new ArxivOaiSource({ client, baseUrl: server.url, now });
        await assert.rejects(harvestAll(source, { ...FROM, set: 'moo' }), (error: unknown) => {
          assert.ok(error instanceof OaiError);
          assert.match(error.message, message);
          assert.match(error.hint ?? '', /--set cs\.LG/);
          return true;
        });
      } finally {
        await server.close();
      }
    });
  }

  it('stops with one FeedError, keeping the pages, when the server hands back a token it was sent', async () => {
    const records = archive(2);
    const server = await startLoopbackServer((request, response) => {
      const isFirst = !request.url.includes('resumptionToken');
      const token = `<resumptionToken cursor="0" completeListSize="9">again${'x'.repeat(5000)}</resumptionToken>`;
      response.end(listRecordsBody(isFirst ? records.slice(0, 1) : records.slice(1), token));
    });
    try {
      const { client, now } = recordingClient([]);
      const source = new ArxivOaiSource({ client, baseUrl: server.url, now });
      const { pages, error } = await harvestUntilStopped(source);
      assert.ok(error instanceof FeedError);
      assert.match(error.message, /^arXiv's OAI-PMH sent the resumption token "againx+…" again/);
      assert.ok(error.message.length < 500, 'a long token is shortened in the message');
      assert.match(error.hint ?? '', /--from/);
      assert.deepEqual(
        idsOf(pages),
        records.map((record) => record.id),
        'both pages handed over',
      );
      assert.equal(server.requests.length, 2, 'the token was sent once');
    } finally {
      await server.close();
    }
  });

  for (const [what, pageRecords, message] of [
    [
      'the same page',
      archive(2),
      /^arXiv's OAI-PMH sent the same page again \(2 records, 2611\.10000 first\) with a new/,
    ],
    [
      'empty pages',
      [],
      /^arXiv's OAI-PMH sent another page with no record with a new resumption token, so the list/,
    ],
  ] as const) {
    it(`stops with one FeedError when the server sends ${what} under a new token each time`, async () => {
      let served = 0;
      const server = await startLoopbackServer((_request, response) => {
        served += 1;
        // Ends the list at the fifth page, so a harvest that does not stop ends rather than go round for ever.
        const token =
          served < 5
            ? `<resumptionToken cursor="${served * 2}" completeListSize="9">t${served}</resumptionToken>`
            : '';
        response.end(listRecordsBody([...pageRecords], token));
      });
      try {
        const { client, now } = recordingClient([]);
        const source = new ArxivOaiSource({ client, baseUrl: server.url, now });
        const { pages, error } = await harvestUntilStopped(source);
        assert.ok(error instanceof FeedError);
        assert.match(error.message, message);
        assert.match(error.hint ?? '', /what was harvested is kept/);
        assert.equal(pages.length, 1, 'the first page is handed over, its repeat is not');
        assert.equal(server.requests.length, 2);
      } finally {
        await server.close();
      }
    });
  }

  it('throws any other OAI error as one OaiError with its code', async () => {
    const body = readFileSync(new URL('error-badverb-2015.xml', REAL), 'utf8');
    const server = await startLoopbackServer((_request, response) => {
      response.end(body);
    });
    try {
      const { client, now } = recordingClient([]);
      const source = new ArxivOaiSource({ client, baseUrl: server.url, now });
      await assert.rejects(harvestAll(source, FROM), (error: unknown) => {
        assert.ok(error instanceof OaiError);
        assert.equal(error.oaiCode, 'badVerb');
        assert.doesNotMatch(error.message, /\n/);
        return true;
      });
    } finally {
      await server.close();
    }
  });
});

describe('parseSetName', () => {
  const table: [string, string][] = [
    ['cs', 'cs'],
    ['math', 'math'],
    ['physics', 'physics'],
    ['cs.LG', 'cs:cs:LG'],
    ['stat.ML', 'stat:stat:ML'],
    ['math.AG', 'math:math:AG'],
    ['hep-th', 'physics:hep-th'],
    ['astro-ph.HE', 'physics:astro-ph:HE'],
    ['physics.atom-ph', 'physics:physics:atom-ph'],
    ['cond-mat.stat-mech', 'physics:cond-mat:stat-mech'],
    ['cs:cs:LG', 'cs:cs:LG'],
    ['physics:hep-th', 'physics:hep-th'],
  ];
  for (const [typed, spec] of table) {
    it(`reads --set ${typed} as ${spec}`, () => assert.equal(parseSetName(typed), spec));
  }

  it('refuses what arXiv has no set for, naming it and suggesting one', () => {
    assert.throws(
      () => parseSetName('cs.XX'),
      (error: unknown) => {
        assert.ok(error instanceof UsageError);
        assert.match(error.message, /^--set "cs\.XX" is not an arXiv archive, category or set/);
        return true;
      },
    );
    assert.throws(() => parseSetName('moo:cs'), UsageError);
  });
});
