// `paperwire feed QUERY`: the store's newest papers matching a query as RSS or Atom (by the file's extension),
// items in both languages, linked to the web UI at [web] public_url when set; a bad --out or query is one line.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import { fillSampleStore, SAMPLE_TRANSLATIONS } from '../src/server/fixtures/sample-store.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import { runMain } from './helpers/run-cli.js';

describe('paperwire feed', () => {
  let scratch: string;
  let env: NodeJS.ProcessEnv;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'paperwire-feed-'));
    const home = join(scratch, 'home');
    mkdirSync(home);
    const store = openSqliteStore(join(home, 'paperwire.sqlite'));
    fillSampleStore(store);
    store.close();
    env = { PAPERWIRE_HOME: home };
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  const feed = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
    runMain(['feed', ...args], { env: { ...env, ...extra }, cwd: scratch });

  it('writes Atom for .atom, newest first, each entry in English and in its stored translation', async () => {
    const result = await feed(['reinforcement learning', '--out', 'rl.atom']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, 'wrote 3 papers matching "reinforcement learning" to rl.atom\n');
    const xml = readFileSync(join(scratch, 'rl.atom'), 'utf8');
    assert.match(
      xml,
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/,
    );
    const parsed = parseFeed(xml);
    assert.deepEqual(
      parsed.items.map((item) => item.id),
      ['2601.10004', '2601.10003', '2601.10001'].map((id) => `https://arxiv.org/abs/${id}`),
    );
    const entropy = parsed.items[2];
    assert.match(entropy?.title ?? '', new RegExp(` / ${SAMPLE_TRANSLATIONS['2601.10001']?.title ?? '?'}$`));
    assert.match(entropy?.content ?? '', /We study offline reinforcement learning/);
    assert.match(entropy?.content ?? '', /我们研究折扣因子/);
  });

  it('writes RSS for .xml and .rss, and prints RSS without --out', async () => {
    for (const name of ['rl.xml', 'rl.rss']) {
      assert.equal((await feed(['world model', '--out', name])).code, 0);
      assert.match(readFileSync(join(scratch, name), 'utf8'), /<rss version="2.0"/);
    }
    const printed = await feed(['world model']);
    assert.equal(printed.code, 0);
    assert.equal(parseFeed(printed.stdout).items.length, 1);
  });

  it('links the web UI at [web] public_url, the query kept whole in the self link', async () => {
    const query = 'policy & "diffusion"';
    const result = await feed([query, '--out', 'q.xml'], {
      PAPERWIRE_PUBLIC_URL: 'https://papers.example.org',
    });
    assert.equal(result.code, 0, result.stderr);
    const parsed = parseFeed(readFileSync(join(scratch, 'q.xml'), 'utf8'));
    assert.equal(parsed.title, `paperwire: search "${query}"`);
    assert.equal(new URL(parsed.self ?? '').searchParams.get('q'), query);
    assert.equal(parsed.url, 'https://papers.example.org/search?q=policy+%26+%22diffusion%22');
    assert.match(
      parsed.items[0]?.description ?? '',
      /href="https:\/\/papers.example.org\/papers\/2601.1000\d"/,
    );
  });

  it('shows no translation with --lang en', async () => {
    const printed = await feed(['reinforcement learning', '--lang', 'en']);
    assert.equal(printed.code, 0, printed.stderr);
    for (const item of parseFeed(printed.stdout).items) assert.doesNotMatch(item.title ?? '', / \/ /);
  });

  it('refuses an unknown extension, an empty query and a bad --lang in one line (exit 2)', async () => {
    for (const [args, message] of [
      [['x', '--out', 'x.txt'], /--out "x.txt" must end in .xml or .rss \(RSS 2.0\) or .atom \(Atom 1.0\)/],
      [['  '], /feed needs a QUERY/],
      [['x', '--lang', 'xx'], /"lang" must be one of en, zh/],
    ] as const) {
      const result = await feed([...args]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
  });

  it('checks --out before building the feed, as digest --out is checked: one line, exit 2, nothing written', async () => {
    mkdirSync(join(scratch, 'taken.xml'));
    writeFileSync(join(scratch, 'plain'), 'a file\n');
    for (const [out, message] of [
      ['bad\x07name.xml', /--out: "bad\\x07name\.xml" holds a control character/],
      ['taken.xml', /taken\.xml is a folder; name a file in it/],
      ['/proc/self/feed.xml', /\/proc\/self is on proc, a special file system/],
      ['plain/feed.xml', /plain is a file, so the folder for .*plain\/feed\.xml cannot be made/],
    ] as const) {
      // A home with no store: the check must come before the store is opened or the feed built.
      const result = await feed(['reinforcement learning', '--out', out], {
        PAPERWIRE_HOME: join(scratch, 'none'),
      });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
    assert.equal(existsSync(join(scratch, 'none')), false, 'no home was made');
  });
});
