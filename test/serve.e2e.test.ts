// End to end: `paperwire serve` as a user starts it, on a store filled by `digest`, answering pages, the JSON
// API and feeds on loopback; refusing to expose itself without a token; stopping on SIGTERM.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { serveFiles, startLoopbackServer, type LoopbackServer } from './helpers/loopback-server.js';
import { runMain, withServe } from './helpers/run-cli.js';

const ROOT = join(import.meta.dirname, '..');
const DEMO_FEED = readFileSync(join(ROOT, 'demo', 'arxiv-rss-cs.xml'), 'utf8');

let arxiv: LoopbackServer;
let home: string;
let env: NodeJS.ProcessEnv;

before(async () => {
  arxiv = await startLoopbackServer(serveFiles({ '/rss/cs': { body: DEMO_FEED } }));
  home = mkdtempSync(join(tmpdir(), 'paperwire-serve-'));
  env = { PAPERWIRE_HOME: join(home, 'data'), PAPERWIRE_ARXIV_RSS_URL: `${arxiv.url}/rss` };
  // The profile's own digest: flags that change its content would archive it under another name.
  writeFileSync(
    join(home, 'paperwire.toml'),
    '[profiles.default]\nkeywords = ["reinforcement learning"]\nlang = "en"\n',
  );
  const digest = await runMain(['digest'], { cwd: home, env });
  assert.equal(digest.code, 0, digest.stderr);
});

after(() => arxiv.close());

/** Starts `paperwire serve` on this test's home, calls `use` with its URL once it listens, then stops it. */
function withServer(
  args: string[],
  use: (url: string) => Promise<void>,
): Promise<{ code: number | null; stderr: string }> {
  return withServe(args, { cwd: home, env }, use);
}

describe('paperwire serve', () => {
  it('serves the stored digest, the JSON API and the feed, and stops on SIGTERM', async () => {
    const result = await withServer([], async (url) => {
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+/);
      const page = await fetch(`${url}/digests/default/2026-01-30`);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /E2HiL: Entropy-Guided Sample Selection/);
      const api = (await (await fetch(`${url}/api/digests`)).json()) as unknown;
      assert.match(JSON.stringify(api), /2026-01-30/);
      const feed = await fetch(`${url}/feeds/default.xml`);
      assert.equal(feed.status, 200);
      assert.match(await feed.text(), /<rss[\s\S]*E2HiL/);
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /server stopped/);
  });

  it('answers searches and trends from its worker threads, as the built binary runs them', async () => {
    const result = await withServer([], async (url) => {
      // A worker that cannot start used to leave the request waiting for ever: fail after a minute instead.
      const search = await fetch(`${url}/api/search?q=entropy`, { signal: AbortSignal.timeout(60_000) });
      assert.equal(search.status, 200);
      assert.match(await search.text(), /E2HiL/);
      const trend = await fetch(`${url}/trend?q=reinforcement+learning`, {
        signal: AbortSignal.timeout(60_000),
      });
      assert.equal(trend.status, 200);
      assert.match(await trend.text(), /<svg/);
    });
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /search worker/, 'every worker started');
  });

  it('refuses to listen beyond loopback without a token', async () => {
    // Refused before it listens: in this process, as main does it (withServe runs the binary).
    const result = await runMain(['serve', '--host', '0.0.0.0', '--port', '0'], { cwd: home, env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /token/i);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });

  it('rejects a port that is not a port', async () => {
    const result = await runMain(['serve', '--port', 'eighty'], { cwd: home, env });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--port "eighty" must be a whole number from 0 to 65535/);
  });

  it('rejects an empty or non-decimal port rather than serving on a random or another one', async () => {
    // `--port "$PORT"` with PORT unset gave "" (Number: 0, a random port); "0x50" was port 80.
    for (const port of ['', ' ', '0x50', '1e3', ' 8']) {
      const result = await runMain(['serve', '--port', port], { cwd: home, env });
      assert.equal(result.code, 2, `--port ${JSON.stringify(port)}: ${result.stderr}`);
      assert.match(result.stderr, /--port ".*" must be a whole number from 0 to 65535/);
    }
  });
});
