// `run` against arXiv's lag, on an injected clock with loopback arXiv servers and a real SQLite store: a listing
// the RSS feed or the API does not carry whole yet is never delivered, never recorded, and is retried.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startLoopbackServer, type LoopbackServer } from '../test/helpers/loopback-server.js';
import { soleDeliverer } from '../test/helpers/profile-runner.js';
import type { IsoDate, Profile } from './model.js';
import { createProfileRunner, createScheduler, RUN_TARGET } from './schedule.js';
import { ArxivApiSource } from './sources/arxiv-api/index.js';
import { ArxivRssSource } from './sources/arxiv-rss/index.js';
import { testClient } from './sources/contract.js';
import { openSqliteStore, translationCacheOf, type SqliteStore } from './store/sqlite/index.js';

const HOUR = 3_600_000;
const DEMO_FEED = readFileSync(new URL('../demo/arxiv-rss-cs.xml', import.meta.url), 'utf8');
/** The demo feed as it reads until the announcement of 2026-01-30 reaches it: still dated 2026-01-29. */
const LAGGING_FEED = DEMO_FEED.replaceAll('Fri, 30 Jan 2026', 'Thu, 29 Jan 2026');
const day = (text: string): IsoDate => text as IsoDate;

/** An Atom page of `count` cs.LG papers numbered from `first`, claiming `total` results. */
function atomPage(first: number, count: number, total: number): string {
  const entries = Array.from({ length: count }, (_, offset) => {
    const id = `2601.${String(40000 + first + offset)}`;
    return (
      `<entry><id>http://arxiv.org/abs/${id}v1</id><title>Reinforcement learning ${id}</title>` +
      `<summary>Abstract ${id}.</summary><author><name>A. Author</name></author><category term="cs.LG"/>` +
      `<arxiv:primary_category term="cs.LG"/><published>2026-01-28T10:00:00Z</published></entry>`
    );
  }).join('');
  return (
    `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" ` +
    `xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"><opensearch:totalResults>${total}</opensearch:totalResults>` +
    `<opensearch:startIndex>${first}</opensearch:startIndex>${entries}</feed>`
  );
}

describe('run with arXiv lagging the announcement', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'paperwire-lag-'));
  let arxiv: LoopbackServer;
  let feed = LAGGING_FEED;
  let apiPage = (start: number): string => atomPage(start, start === 0 ? 3 : 0, 50);
  before(async () => {
    arxiv = await startLoopbackServer((request, response) => {
      const url = new URL(request.url, 'http://127.0.0.1');
      const isFeed = url.pathname === '/rss/cs';
      response.writeHead(200, { 'content-type': isFeed ? 'application/rss+xml' : 'application/atom+xml' });
      response.end(isFeed ? feed : apiPage(Number(url.searchParams.get('start') ?? '0')));
    });
  });
  after(async () => {
    await arxiv.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const profile: Profile = {
    name: 'rl',
    keywords: ['reinforcement learning'],
    categories: ['cs'],
    lang: 'en',
    style: 'markdown',
    sort: 'listing',
    email: [],
    includeCross: true,
    includeReplaced: false,
    out: join(scratch, '{date}.md'),
  };

  /** The scheduler with the real profile runner on a clock that each sleep moves; `onSleep` runs in each sleep. */
  function schedulerFor(store: SqliteStore, start: string, onSleep: (count: number) => void) {
    const clock = { now: new Date(start) };
    const controller = new AbortController();
    const lines: string[] = [];
    const sleeps: number[] = [];
    const client = testClient();
    const runProfile = createProfileRunner({
      pipeline: {
        store,
        rss: new ArxivRssSource({ client, baseUrl: `${arxiv.url}/rss` }),
        api: new ArxivApiSource({ client, baseUrl: `${arxiv.url}/api/query` }),
        translator: null,
        cache: translationCacheOf(store),
        concurrency: 1,
        log: () => undefined,
      },
      profiles: new Map([['rl', profile]]),
      recipientsOf: () => [],
      mail: null,
      webUrlOf: () => null,
      resolvePath: (path) => path,
      holdDeliveries: soleDeliverer,
      now: () => clock.now,
      log: (line) => lines.push(line),
    });
    const scheduler = createScheduler({
      now: () => clock.now,
      sleep: (ms, signal) => {
        sleeps.push(ms);
        onSleep(sleeps.length);
        if (sleeps.length >= 2) controller.abort();
        if (signal.aborted) return Promise.reject(new DOMException('aborted', 'AbortError'));
        clock.now = new Date(clock.now.getTime() + ms);
        return Promise.resolve();
      },
      runProfile,
      store,
      profiles: ['rl'],
      delayMs: 30 * 60_000,
      log: (line) => lines.push(line),
      catchUpDays: 3,
      maxSleepMs: Number.POSITIVE_INFINITY,
    });
    return { run: () => scheduler.run(controller.signal), lines, sleeps };
  }

  it('waits out an RSS feed still on the previous day, delivering nothing until it carries the new one', async () => {
    const store = openSqliteStore(':memory:');
    feed = LAGGING_FEED;
    const path = join(scratch, '2026-01-30.md');
    const h = schedulerFor(store, '2026-01-30T01:30:00Z', (count) => {
      if (count !== 1) return;
      assert.equal(store.loadDelivery('rl', day('2026-01-30'), RUN_TARGET), null, 'not recorded as done');
      assert.equal(existsSync(path), false, 'nothing delivered');
      assert.equal(store.loadDigest('rl', day('2026-01-30')), null, 'nothing archived');
      feed = DEMO_FEED;
    });
    await h.run();
    assert.ok(
      h.lines.some((line) =>
        line.startsWith(
          'rl 2026-01-30: not ready, retrying at 2026-01-30T02:30:00.000Z: listing 2026-01-30 is not ready: ' +
            'the arXiv RSS feed still carries listing 2026-01-29',
        ),
      ),
      h.lines.join('\n'),
    );
    assert.equal(h.sleeps[0], HOUR, 'retried at the retry interval');
    assert.ok(store.loadDelivery('rl', day('2026-01-30'), RUN_TARGET), 'delivered on the retry');
    assert.match(readFileSync(path, 'utf8'), /reinforcement learning/i);
  });

  it('retries a catch-up day the API does not serve whole yet, and delivers it once it does', async () => {
    const store = openSqliteStore(':memory:');
    store.saveDelivery('rl', day('2026-01-28'), RUN_TARGET, new Date('2026-01-28T01:30:00Z'));
    feed = DEMO_FEED;
    apiPage = (start) => atomPage(start, start === 0 ? 3 : 0, 50);
    const h = schedulerFor(store, '2026-01-30T01:30:00Z', (count) => {
      if (count !== 1) return;
      assert.equal(store.loadDelivery('rl', day('2026-01-29'), RUN_TARGET), null);
      assert.equal(existsSync(join(scratch, '2026-01-29.md')), false);
      apiPage = (start) => atomPage(start, Math.max(0, 50 - start), 50);
    });
    await h.run();
    assert.ok(
      h.lines.some((line) =>
        /^rl 2026-01-29: not ready, retrying at .*arXiv reported 50 results but served 3/.test(line),
      ),
      h.lines.join('\n'),
    );
    assert.ok(store.loadDelivery('rl', day('2026-01-30'), RUN_TARGET), 'the whole day is delivered at once');
    assert.ok(store.loadDelivery('rl', day('2026-01-29'), RUN_TARGET), 'the lagging day on the retry');
    assert.match(readFileSync(join(scratch, '2026-01-29.md'), 'utf8'), /2601\.40049/);
  });
});
