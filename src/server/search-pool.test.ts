// The search pool answers search and trend requests in worker threads, each on its own connection to the store
// file, with the same bytes as the main thread; other pages, and the host check, stay on the main thread.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { compileChildScript } from '../../test/helpers/child-script.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/index.js';
import { fillSampleStore } from './fixtures/sample-store.js';
import { startServer, type RunningServer } from './index.js';
import { type NewWaitingOrder, SearchPool } from './search-pool.js';
import { SearchSchedule } from './search-schedule.js';

/**
 * A stand-in worker that answers one request at a time, as a real one does (better-sqlite3 blocks its thread), with
 * `answerText` (a JavaScript expression over `name`, the request's `q`, `threadId` and `answered`, how many it gave
 * so far, this one included); a request for `hold…` is answered only once the test names it on `channel`.
 */
function standInWorker(channel: string, answerText: string): URL {
  return new URL(
    `data:text/javascript,${encodeURIComponent(`
import { parentPort, threadId } from 'node:worker_threads';
const channel = new BroadcastChannel(${JSON.stringify(channel)});
const released = new Set();
const queue = [];
let held = null;
let isBusy = false;
let answered = 0;
channel.onmessage = (event) => {
  released.add(event.data);
  if (held !== null && released.has(held.name)) { const answer = held.answer; held = null; answer(); }
};
const next = () => {
  const message = isBusy ? undefined : queue.shift();
  if (message === undefined) return;
  isBusy = true;
  const name = new URL(message.url).searchParams.get('q');
  const answer = () => {
    answered += 1;
    parentPort.postMessage({ id: message.id, status: 200, headers: [], body: ${answerText} });
    isBusy = false;
    next();
  };
  if (name.startsWith('hold') && !released.has(name)) held = { name, answer }; else answer();
};
parentPort.on('message', (message) => { queue.push(message); next(); });
`)}`,
  );
}

/** A stand-in worker answering with its thread id. */
const HOLDING_WORKER = standInWorker('paperwire-pool-test', "name + ' by thread ' + threadId");

describe('SearchPool', () => {
  it('sends each request to the first worker free, never to wait behind a busy one', async () => {
    const pool = new SearchPool(
      { dbPath: '', profiles: [], fallbackTranslation: null },
      2,
      () => {},
      HOLDING_WORKER,
    );
    const channel = new BroadcastChannel('paperwire-pool-test');
    try {
      const ask = async (q: string): Promise<string> =>
        (
          await pool.fetch(new Request(`http://127.0.0.1/search?q=${q}`), () => new Response('main thread'))
        ).text();
      // Once both workers have answered (and so listen to the channel), both are made busy and a third request waits;
      // the worker that frees first answers it.
      await Promise.all([ask('warm'), ask('warm')]);
      const [first, second, third] = [ask('holdA'), ask('holdB'), ask('quick')];
      channel.postMessage('holdB');
      const threadOf = (body: string): string => body.split(' by thread ')[1] ?? '';
      const freedFirst = threadOf(await second);
      channel.postMessage('holdA');
      const [stillBusy, waited] = [threadOf(await first), threadOf(await third)];
      assert.equal(waited, freedFirst, 'the waiting request went to the worker that was free');
      assert.notEqual(waited, stillBusy);
    } finally {
      channel.close();
      await pool.close();
    }
  });
});

/** A stand-in worker whose answers are numbered in the order it gives them (`name #3`): which request a free worker
 * was sent next. */
const COUNTING_WORKER = standInWorker('paperwire-schedule-test', "name + ' #' + answered");

describe('SearchPool order', () => {
  /**
   * One counting worker on a clock the test sets, in `newOrder` (the pool's own when not given), that has learned that a plain search costs 10 ms and one with a category 40 ms (each held by the worker while
   * the clock moves on).
   */
  async function startTaughtPool(newOrder?: NewWaitingOrder): Promise<{
    ask: (path: string) => Promise<string>;
    release: (name: string) => void;
    setClock: (ms: number) => void;
    close: () => Promise<void>;
  }> {
    let clockMs = 0;
    const pool = new SearchPool(
      { dbPath: '', profiles: [], fallbackTranslation: null },
      1,
      () => {},
      COUNTING_WORKER,
      { nowMs: () => clockMs, ...(newOrder === undefined ? {} : { newOrder }) },
    );
    const channel = new BroadcastChannel('paperwire-schedule-test');
    const ask = async (path: string): Promise<string> =>
      (await pool.fetch(new Request(`http://127.0.0.1${path}`), () => new Response('main thread'))).text();
    const release = (name: string): void => channel.postMessage(name);
    // A kind of its own: once it is answered, the worker listens to the channel.
    await ask('/api/search?q=warm');
    const cheap = ask('/search?q=holdCheap');
    clockMs = 10;
    release('holdCheap');
    await cheap;
    const expensive = ask('/search?q=holdExpensive&category=cs.LG');
    clockMs = 50;
    release('holdExpensive');
    await expensive;
    return {
      ask,
      release,
      setClock: (ms) => (clockMs = ms),
      close: async () => {
        channel.close();
        await pool.close();
      },
    };
  }
  /** Earliest deadline first, each deadline 6 times the request's kind's cost. */
  const BY_DEADLINE: NewWaitingOrder = <T>() => new SearchSchedule<T>(6);
  /** The order a body says it was answered in. */
  const turnOf = (body: string): number => Number(body.split(' #')[1]);

  /**
   * The turns of an expensive request and a cheap one asked 60 ms after it, both waiting while the worker is held:
   * which one the freed worker was sent first.
   */
  async function turnsOfExpensiveThenCheap(
    newOrder?: NewWaitingOrder,
  ): Promise<{ expensive: number; cheap: number }> {
    const pool = await startTaughtPool(newOrder);
    try {
      const busy = pool.ask('/search?q=holdBusy');
      const expensive = pool.ask('/search?q=expensive&category=cs.LG');
      pool.setClock(60);
      const cheap = pool.ask('/search?q=cheap');
      pool.release('holdBusy');
      await busy;
      return { expensive: turnOf(await expensive), cheap: turnOf(await cheap) };
    } finally {
      await pool.close();
    }
  }

  it('sends a worker that frees the cheap request waiting before the expensive one queued ahead of it', async () => {
    // Deadlines: 50 + 6 × 40 = 290 ms for the expensive one, 60 + 6 × 10 = 120 ms for the cheap one after it.
    const turns = await turnsOfExpensiveThenCheap(BY_DEADLINE);
    assert.ok(turns.cheap < turns.expensive, 'the cheap request went first');
  });

  it('sends oldest first when not told another order, as serve does', async () => {
    const turns = await turnsOfExpensiveThenCheap();
    assert.ok(turns.expensive < turns.cheap, 'the request that came first went first');
  });

  it('passes an expensive request over only until its deadline', async () => {
    const pool = await startTaughtPool(BY_DEADLINE);
    try {
      const busy = pool.ask('/search?q=holdBusy');
      // The expensive request's deadline is 50 + 6 × 40 = 290 ms: a cheap request asked at 220 ms (deadline 280)
      // passes it, one asked at 240 ms (deadline 300) waits behind it.
      const expensive = pool.ask('/search?q=expensive&category=cs.LG');
      pool.setClock(220);
      const passing = pool.ask('/search?q=passing');
      pool.setClock(240);
      const late = pool.ask('/search?q=late');
      pool.release('holdBusy');
      await busy;
      const [passingTurn, expensiveTurn, lateTurn] = [
        turnOf(await passing),
        turnOf(await expensive),
        turnOf(await late),
      ];
      assert.ok(passingTurn < expensiveTurn, 'the cheap request within the deadline went first');
      assert.ok(expensiveTurn < lateTurn, 'the expensive request was not passed over past its deadline');
    } finally {
      await pool.close();
    }
  });
});

describe('startServer with search workers', () => {
  // The real worker compiled once (test/helpers/child-script.ts): from source, each thread would load tsx's loader
  // and compile the worker's modules again, about 1 s of CPU a thread.
  const workerUrl = pathToFileURL(compileChildScript(join(import.meta.dirname, 'search-worker.ts')));
  let folder = '';
  let store: SqliteStore;
  const emptyStore = openSqliteStore(':memory:');
  let pooled: RunningServer;
  let plain: RunningServer;
  const options = {
    profiles: ['rl'],
    host: '127.0.0.1',
    port: 0,
    token: null,
    now: () => new Date('2026-01-30T05:00:00Z'),
  };

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'paperwire-pool-'));
    const dbPath = join(folder, 'paperwire.sqlite');
    store = openSqliteStore(dbPath);
    fillSampleStore(store);
    store.indexSavedPapers();
    // The pooled server's own store is empty: whatever it finds, a worker found in the file.
    pooled = await startServer({
      ...options,
      store: openSqliteStore(':memory:'),
      searchWorkers: { dbPath, size: 2, workerUrl },
    });
    plain = await startServer({ ...options, store });
  });
  after(async () => {
    await pooled.close();
    await plain.close();
    store.close();
    emptyStore.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('answers searches and trends from the workers with the main thread’s bytes and headers, 8 at a time', async () => {
    const paths = [
      '/api/search?q=diffusion',
      `/api/search?q=${encodeURIComponent('扩散策略')}`,
      '/search?q=policy&category=cs',
      '/trend?q=reinforcement+learning&q=strings',
      '/api/trend?q=learning&by=month',
    ];
    // The page's own headers; the date and the connection's are the HTTP server's.
    const TRANSPORT = new Set(['date', 'content-length', 'connection', 'keep-alive']);
    const headersOf = (response: Response): [string, string][] => {
      const pairs: [string, string][] = [];
      response.headers.forEach((value, name) => {
        if (!TRANSPORT.has(name)) pairs.push([name, value]);
      });
      return pairs;
    };
    for (const path of paths) {
      const [fromPool, fromMain] = await Promise.all([fetch(pooled.url + path), fetch(plain.url + path)]);
      assert.equal(fromPool.status, 200, path);
      assert.equal(await fromPool.text(), await fromMain.text(), path);
      assert.deepEqual(headersOf(fromPool), headersOf(fromMain), path);
    }
    // HEAD of a pooled page (answered from a worker's GET): the GET's status and headers, no body.
    const [head, get] = await Promise.all([
      fetch(`${pooled.url}/search?q=policy`, { method: 'HEAD' }),
      fetch(`${pooled.url}/search?q=policy`),
    ]);
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    assert.deepEqual(headersOf(head), headersOf(get));
    const together = await Promise.all(
      Array.from(
        { length: 8 },
        async (_, at) =>
          (await (await fetch(`${pooled.url}/api/search?q=policy&limit=${at + 1}`)).json()) as {
            results: unknown[];
          },
      ),
    );
    assert.deepEqual(
      together.map((body) => body.results.length),
      [1, 2, 2, 2, 2, 2, 2, 2],
    );
  });

  it('answers a bad request from a worker as the main thread does, and keeps other pages on the main thread', async () => {
    const bad = await fetch(`${pooled.url}/api/trend?q=rl&by=week`);
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'E_USAGE');
    assert.equal((await fetch(`${pooled.url}/digests/rl`)).status, 200);
    assert.equal((await fetch(`${pooled.url}/search?q=rl`, { method: 'POST' })).status, 403);
  });
  it('answers on the main thread, and says so once per worker, when its workers cannot open the store', async () => {
    const lines: string[] = [];
    const broken = await startServer({
      ...options,
      store,
      // A path under the store file itself: no folder can be made there, so neither worker opens a store.
      searchWorkers: { dbPath: join(folder, 'paperwire.sqlite', 'inside.sqlite'), size: 2, workerUrl },
      log: (line) => lines.push(line),
    });
    try {
      const [fromBroken, fromMain] = await Promise.all([
        fetch(`${broken.url}/api/search?q=diffusion`, { signal: AbortSignal.timeout(60_000) }),
        fetch(`${plain.url}/api/search?q=diffusion`),
      ]);
      assert.equal(fromBroken.status, 200);
      assert.equal(await fromBroken.text(), await fromMain.text());
      const again = await fetch(`${broken.url}/trend?q=diffusion`, { signal: AbortSignal.timeout(60_000) });
      assert.equal(again.status, 200);
      const retired = lines.filter((line) => /search worker \d of 2 is out/.test(line));
      assert.ok(retired.length <= 2, lines.join('\n'));
    } finally {
      await broken.close();
    }
  });
});
