// End to end: relevance through the CLI on the recorded demo day (a loopback RSS server, a real SQLite store):
// a cold start keeps the digest as it was and says so once; a library puts its like first, with reasons in the
// JSON and classic output; --min-score and --top cut; `similar` lists the store's closest papers.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { libraryKeyOf } from '../src/model.js';
import { parseDigestJson } from '../src/render/text/json-parse.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import { startLoopbackServer, type LoopbackServer } from './helpers/loopback-server.js';
import { runMain } from './helpers/run-cli.js';

const DEMO_FEED = readFileSync(join(import.meta.dirname, '..', 'demo', 'arxiv-rss-cs.xml'), 'utf8');
const DIGEST = ['digest', '--keyword', 'reinforcement learning', '--lang', 'en', '--date', '2026-01-30'];
/** A paper of the demo day about robot manipulation, and the library entry that is its like. */
const E2HIL = '2601.19969';

let arxiv: LoopbackServer;
let home: string;

before(async () => {
  arxiv = await startLoopbackServer((_, response) => {
    response.writeHead(200, { 'content-type': 'application/rss+xml' });
    response.end(DEMO_FEED);
  });
  home = mkdtempSync(join(tmpdir(), 'paperwire-relevance-'));
  // The demo day into the store once; every run below reads it from there.
  const fetched = await runMain(['digest', '--keyword', 'reinforcement learning', '--lang', 'en'], {
    cwd: home,
    env: envFor(home),
  });
  assert.equal(fetched.code, 0, fetched.stderr);
});

after(() => arxiv.close());

function envFor(dir: string): NodeJS.ProcessEnv {
  return { PAPERWIRE_HOME: dir, PAPERWIRE_ARXIV_RSS_URL: `${arxiv.url}/rss`, PAPERWIRE_HTTP_RETRIES: '0' };
}

const run = (args: string[]) => runMain(args, { cwd: home, env: envFor(home) });

describe('relevance on the command line', () => {
  it('keeps the listing order on a cold start and says so once', async () => {
    const plain = await run(DIGEST);
    const cold = await run([...DIGEST, '--sort', 'relevance']);
    assert.equal(cold.code, 0, cold.stderr);
    const links = (text: string) => text.split('\n').filter((line) => line.startsWith('- Arxiv link: '));
    assert.deepEqual(links(cold.stdout), links(plain.stdout));
    assert.ok(links(plain.stdout).length > 5);
    assert.equal(cold.stderr.match(/no library and no papers rated up yet/g)?.length, 1);
    assert.doesNotMatch(plain.stdout, /- Relevance:/);
  });

  it('puts the paper like the library first, with its relevance in JSON and classic, and cuts by --top', async () => {
    const store = openSqliteStore(join(home, 'paperwire.sqlite'));
    const title = 'Human-in-the-Loop Reinforcement Learning for Real-World Robot Manipulation';
    store.saveLibraryEntries([
      {
        key: libraryKeyOf(null, title),
        arxivId: null,
        title,
        abstract:
          'Human guidance speeds up online reinforcement learning of real-world manipulation tasks; sample ' +
          'selection by entropy makes human-in-the-loop training efficient on a robot.',
        authors: ['Haoyuan Deng'],
        source: 'refs.bib:3',
        addedAt: new Date('2026-01-20T00:00:00Z'),
      },
    ]);
    store.close();
    const json = await run([...DIGEST, '--sort', 'relevance', '--style', 'json']);
    assert.equal(json.code, 0, json.stderr);
    const digest = parseDigestJson(json.stdout);
    const [first, ...rest] = digest.sections[0]?.entries ?? [];
    assert.ok(first);
    assert.equal(first.paper.arxivId, E2HIL);
    assert.match(
      first.relevance?.reasons[0] ?? '',
      /^close to 'Human-in-the-Loop Reinforcement Learning for Real-World…' in your library$/,
    );
    assert.ok(rest.length > 5);
    for (const entry of rest) {
      const score = entry.relevance?.score ?? -1;
      assert.ok(
        score >= 0 && score <= (first.relevance?.score ?? 0),
        `${entry.paper.arxivId} scores ${score}`,
      );
    }
    assert.doesNotMatch(json.stderr, /no library/);

    const classic = await run([...DIGEST, '--sort', 'relevance', '--top', '2']);
    assert.equal(classic.code, 0, classic.stderr);
    const relevanceLines = classic.stdout.split('\n').filter((line) => line.startsWith('- Relevance: '));
    assert.equal(relevanceLines.length, 2);
    assert.match(relevanceLines[0] ?? '', /^- Relevance: \d\.\d\d · close to 'Human-in-the-Loop/);
    assert.match(classic.stdout, /^.*\n2 relevant papers today\n/);
  });

  it('keeps only papers scoring at least --min-score and refuses a score outside 0..1', async () => {
    const all = parseDigestJson((await run([...DIGEST, '--style', 'json'])).stdout);
    const scores = (all.sections[0]?.entries ?? []).map((entry) => entry.relevance?.score ?? 0);
    const threshold = [...scores].sort((a, b) => b - a)[2] ?? 0;
    const cut = parseDigestJson(
      (await run([...DIGEST, '--style', 'json', '--min-score', String(threshold)])).stdout,
    );
    assert.deepEqual(
      cut.sections[0]?.entries.map((entry) => entry.paper.arxivId),
      all.sections[0]?.entries
        .filter((entry) => (entry.relevance?.score ?? 0) >= threshold)
        .map((entry) => entry.paper.arxivId),
    );
    const bad = await run([...DIGEST, '--min-score', '1.5']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--min-score: "1\.5" must be a number from 0 to 1/);
  });

  it('lists the papers of the store most like one, and refuses an id the store does not know', async () => {
    const similar = await run(['similar', E2HIL, '--limit', '3', '--json']);
    assert.equal(similar.code, 0, similar.stderr);
    const papers = JSON.parse(similar.stdout) as {
      arxivId: string;
      relevance: { score: number; reasons: string[] };
    }[];
    assert.equal(papers.length, 3);
    assert.ok(!papers.some((paper) => paper.arxivId === E2HIL));
    assert.ok((papers[0]?.relevance.score ?? 0) >= (papers[2]?.relevance.score ?? 1));
    assert.match(papers[0]?.relevance.reasons[0] ?? '', /^words: /);
    const text = await run(['similar', E2HIL, '--limit', '1']);
    assert.match(
      text.stdout,
      /^\d{4}\.\d{5} {2}\d\.\d\d {2}.+\n {4}https:\/\/arxiv\.org\/abs\/.+\n {4}words: .+\n$/,
    );
    const unknown = await run(['similar', '2601.99999']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /paper 2601\.99999 is not in the store/);
  });
});
