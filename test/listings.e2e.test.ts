// End to end: days that must not freeze or vanish, with the CLI's `main` against a loopback arXiv and a real SQLite
// store in a temporary PAPERWIRE_HOME: unannounced dates refused before any request, a refresh that would lose
// papers refused, and the listing audit on stderr.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import { startLoopbackServer, type LoopbackServer } from './helpers/loopback-server.js';
import { runMain } from './helpers/run-cli.js';

const ROOT = join(import.meta.dirname, '..');
const DEMO_FEED = readFileSync(join(ROOT, 'demo', 'arxiv-rss-cs.xml'), 'utf8');
const EMPTY_FEED = DEMO_FEED.replace(/<item>[\s\S]*?<\/item>\s*/g, '');

let arxiv: LoopbackServer;
let feed = DEMO_FEED;

before(async () => {
  arxiv = await startLoopbackServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/rss+xml' });
    response.end(feed);
  });
});

after(() => arxiv.close());

function envFor(home: string): NodeJS.ProcessEnv {
  return {
    PAPERWIRE_HOME: home,
    PAPERWIRE_ARXIV_RSS_URL: `${arxiv.url}/rss`,
    PAPERWIRE_ARXIV_API_URL: `${arxiv.url}/api/query`,
    PAPERWIRE_HTTP_BACKOFF_MS: '20',
    PAPERWIRE_HTTP_RETRIES: '1',
  };
}

const DIGEST = ['digest', '--keyword', 'reinforcement learning', '--lang', 'en'];

/** Every digest the home's store holds, with its paper count. */
function storedDigests(home: string): { listingDate: string; paperCount: number }[] {
  const store = openSqliteStore(join(home, 'paperwire.sqlite'));
  try {
    return store.listDigests().map(({ profile, listingDate }) => ({
      listingDate,
      paperCount: (JSON.parse(store.loadDigest(profile, listingDate)?.json ?? '{}') as { paperCount: number })
        .paperCount,
    }));
  } finally {
    store.close();
  }
}

describe('listing dates with no announcement', () => {
  const cases: [string, RegExp][] = [
    [
      '2999-01-01',
      /2999-01-01 is not announced yet: arXiv announces it on Monday 2998-12-31 at 20:00 EST \(01:00 UTC on 2999-01-01\)/,
    ],
    ['1990-01-02', /1990-01-02 is before arXiv: arXiv began in August 1991/],
  ];
  for (const [date, message] of cases) {
    it(`refuses --date ${date} with one line, before any request, storing nothing`, async () => {
      const home = mkdtempSync(join(tmpdir(), 'paperwire-listings-'));
      const before = arxiv.requests.length;
      const result = await runMain([...DIGEST, '--date', date], { cwd: home, env: envFor(home) });
      assert.notEqual(result.code, 0);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.equal(arxiv.requests.length, before, 'nothing is asked of arXiv');
      assert.deepEqual(storedDigests(home), []);
    });
  }
});

describe('digest --refresh', () => {
  it('keeps a stored 60-paper day when the feed comes back empty, and says so', async () => {
    const home = mkdtempSync(join(tmpdir(), 'paperwire-listings-'));
    feed = DEMO_FEED;
    const first = await runMain(DIGEST, { cwd: home, env: envFor(home) });
    assert.equal(first.code, 0, first.stderr);
    const countLine = first.stdout.split('\n')[1] ?? '';
    const matched = Number(/^(\d+) relevant papers today$/.exec(countLine)?.[1]);
    assert.ok(matched > 0, countLine);

    feed = EMPTY_FEED;
    const refreshed = await runMain([...DIGEST, '--refresh'], { cwd: home, env: envFor(home) });
    assert.equal(refreshed.code, 0, refreshed.stderr);
    assert.equal(refreshed.stdout.split('\n')[1], countLine, 'the digest still has every paper');
    assert.deepEqual(storedDigests(home), [{ listingDate: '2026-01-30', paperCount: matched }]);
    assert.match(refreshed.stderr, /gave 0 papers, less than the 60 stored: the stored listing is kept/);
    // The audit on stderr: what arXiv announced that day, and how much of it matched.
    const audit = `listing from arxiv-rss: announced 60 (new 54, cross 3, replaced 3); matched ${matched}`;
    assert.ok(first.stderr.includes(audit), first.stderr);
    assert.ok(refreshed.stderr.includes(audit), refreshed.stderr);
    feed = DEMO_FEED;
  });
});
