// End to end: the CLI's commands through `main` in this process (the demo and the API key case as the built
// binary), against real loopback servers (arXiv RSS/API, a chat-completions endpoint) and a real SQLite store.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { MIGRATIONS, migrate } from '../src/store/sqlite/schema/migrations.js';
import { startChatServer, type ChatServer } from './helpers/chat-server.js';
import { serveFiles, startLoopbackServer, type LoopbackServer } from './helpers/loopback-server.js';
import { BIN, runCli, runMain } from './helpers/run-cli.js';
import { closedPort } from './helpers/smtp-server.js';

const ROOT = join(import.meta.dirname, '..');
const DEMO_FEED = readFileSync(join(ROOT, 'demo', 'arxiv-rss-cs.xml'), 'utf8');
const TRANSLATIONS = (
  JSON.parse(readFileSync(join(ROOT, 'demo', 'translations.json'), 'utf8')) as {
    zh: Record<string, string>;
  }
).zh;
const API_DAY = readFileSync(
  join(ROOT, 'src', 'sources', 'arxiv-api', 'fixtures', 'cs-LG-2026-01-30.xml'),
  'utf8',
);
const EXAMPLE = readFileSync(join(ROOT, 'test', 'fixtures', 'examples', '001_8360221fb45f1189.txt'), 'utf8');

const SECRET_KEY = 'sk-e2e-0123456789abcdefghij';
const FAILING_TITLE = 'Distributional value gradients for stochastic environments';

let arxiv: LoopbackServer;
let chat: ChatServer;
let feedBody = DEMO_FEED;

before(async () => {
  arxiv = await startLoopbackServer((request, response) => {
    const path = request.url.split('?')[0];
    if (path === '/rss/cs') {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      response.end(feedBody);
      return;
    }
    return serveFiles({ '/api/query': { body: API_DAY, type: 'application/atom+xml' } })(request, response);
  });
  chat = await startChatServer((request) => {
    if (request.user === FAILING_TITLE) return { status: 503, body: '{"error":{"message":"overloaded"}}' };
    const content = TRANSLATIONS[request.user];
    return content === undefined ? { content: `译文:${request.user.slice(0, 20)}` } : { content };
  });
});

after(async () => {
  await arxiv.close();
  await chat.close();
});

function freshHome(): string {
  return mkdtempSync(join(tmpdir(), 'paperwire-e2e-'));
}

function envFor(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PAPERWIRE_HOME: home,
    PAPERWIRE_ARXIV_RSS_URL: `${arxiv.url}/rss`,
    PAPERWIRE_ARXIV_API_URL: `${arxiv.url}/api/query`,
    PAPERWIRE_LLM_BASE_URL: `${chat.url}/v1`,
    PAPERWIRE_LLM_API_KEY: SECRET_KEY,
    PAPERWIRE_LLM_MODEL: 'test-model',
    PAPERWIRE_HTTP_BACKOFF_MS: '20',
    PAPERWIRE_HTTP_RETRIES: '1',
    ...extra,
  };
}

const RL_DIGEST = [
  'digest',
  '--keyword',
  'reinforcement learning',
  '--keyword',
  'diffusion policy',
  '--lang',
  'zh',
];

/** The lines of one paper block in a classic digest, from its title to the end of its translated abstract. */
function paperBlock(lines: string[], title: string, length = 10): string[] {
  const start = lines.indexOf(title);
  assert.ok(start >= 0, `no paper titled ${title}`);
  return lines.slice(start, start + length);
}

/** Asserts that `text` matches, naming only the pattern when not: the demo's output is too long to print. */
function has(text: string, pattern: RegExp): void {
  assert.ok(pattern.test(text), `no match for ${String(pattern)}`);
}

describe('paperwire demo', () => {
  it('answers --help with its own usage, serving nothing and making no home', async () => {
    const cwd = freshHome();
    const result = await runMain(['demo', '--help'], { cwd });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Usage: paperwire demo \[--tour\] \[digest options\]\n/);
    assert.equal(result.stderr, '');
  });

  it('prints the classic digest of the bundled day, field by field as in the example', async () => {
    // In this process, as main prints it; the tour below runs the binary.
    const result = await runMain(['demo'], { cwd: freshHome() });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.match(
      lines[0] ?? '',
      /^生成时间: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(UTC\+8\); Arxiv 发布时间: 2026-01-29 20:00 EST \(2026-01-30 09:00 UTC\+8\)$/,
    );
    assert.equal(lines[1], '今天共有 33 篇相关文章');
    assert.equal(lines[2], 'Keyword: reinforcement learning');
    const exampleLines = EXAMPLE.split('\n');
    const block = paperBlock(
      lines,
      'E2HiL: Entropy-Guided Sample Selection for Efficient Real-World Human-in-the-Loop Reinforcement Learning',
    );
    // The example doubles "Subjects:" over two lines; PRODUCT.md puts the subjects on the line itself.
    const expected = paperBlock(exampleLines, block[0] ?? '', 11);
    assert.deepEqual(block.slice(0, 3), expected.slice(0, 3));
    assert.deepEqual(expected.slice(3, 5), [
      '- Subjects: Subjects:',
      'Robotics (cs.RO); Machine Learning (cs.LG)',
    ]);
    assert.equal(block[3], '- Subjects: Robotics (cs.RO); Machine Learning (cs.LG)');
    assert.deepEqual(block.slice(4, 9), expected.slice(5, 10));
    // The recorded translation of this abstract has \方法 and 政策: checked, retried, kept with a mark.
    assert.equal(block[9], `${expected[10] ?? ''} ⚠`);
    const diffusion = lines.indexOf('Keyword: diffusion policy');
    assert.ok(diffusion > 2);
    assert.equal(lines[diffusion + 1], 'There is no result');
    // 66 texts; the 24 recorded translations that fail a check are asked once more (the recording repeats itself).
    assert.match(result.stderr, /90 requests, 0 from cache/);
    assert.match(result.stderr, /checks: 66 checked \(42 passed, 0 on retry, 24 marked ⚠\)/);
    assert.match(result.stderr, /demo: `paperwire demo --tour` goes on through every other command/);
  });

  it('goes on through every other command with --tour, offline, and removes its home', async () => {
    const result = await runCli(['demo', '--tour'], { cwd: freshHome() });
    assert.equal(result.code, 0, result.stderr);
    const { stdout, stderr } = result;
    const commands = [...stdout.matchAll(/^── [^:\n]+: paperwire (\S+)/gm)].map((match) => match[1]);
    assert.deepEqual(commands, [
      'search',
      'search',
      'library',
      'rate',
      'digest',
      'similar',
      'trending',
      'import',
      'harvest',
      'stats',
      'trend',
      'feed',
      'site',
    ]);
    // The Chinese query finds papers by their stored translation.
    has(
      stdout,
      /paperwire search 强化学习 --limit 3\n2601\.\d{5} {2}.*Reinforcement Learning.*\n {4}.*强化学习/,
    );
    has(stdout, /^2 added, 0 already in the library$/m);
    // The library and the rating rank the day, and say why.
    assert.match(
      stdout,
      /^- Relevance: 0\.\d\d · in your library; words: .*; 1 paper by Haoyuan Deng in your library$/m,
    );
    has(stdout, /^- Relevance: 0\.\d\d · you rated this up; /m);
    has(stdout, /^1\. QwenLong-L1\.5: /m);
    has(stdout, /200 papers \(200 new, 0 updated, 0 unchanged\) from 200 lines; no problem/);
    has(stdout, /^harvest cs:cs:LG from 2026-11-30: 3 records in 2 pages \(3 new, .*; complete$/m);
    has(stdout, /^papers +279$/m);
    has(stdout, /^2007-04 +[█▏▎▍▌▋▊▉]+ +28 +[█▏▎▍▌▋▊▉]+ +16$/m);
    has(stderr, /^wrote 50 papers matching "reinforcement learning" to .*rl\.xml$/m);
    has(stderr, /^wrote the site to .*site: \d+ pages, \d+ feeds, \d+ data files$/m);
    assert.ok(!/problem:|unusable/.test(stderr), 'a tour step reported a problem');
    const home = /removed now: (.+)$/m.exec(stdout)?.[1] ?? assert.fail('no home named');
    assert.equal(existsSync(home), false);
  });
});

describe('paperwire digest', () => {
  it('fetches, translates, stores, and on a rerun sends no request at all', async () => {
    const home = freshHome();
    const first = await runMain(RL_DIGEST, { cwd: home, env: envFor(home) });
    assert.equal(first.code, 0, first.stderr);
    const lines = first.stdout.split('\n');
    assert.equal(lines[1], '今天共有 33 篇相关文章');
    // The paper whose title translation failed shows the English and is listed at the end of the run.
    const failed = paperBlock(lines, FAILING_TITLE);
    assert.equal(failed[1], FAILING_TITLE);
    assert.match(
      first.stderr,
      /1 translations failed and show the English:\n {2}paper 2601\.20071: title translation failed/,
    );
    // The rest of the digest is whole: its abstract is translated.
    assert.equal(failed[9], `${TRANSLATIONS[failed[7] ?? ''] ?? ''} ⚠`);

    const rssRequests = arxiv.requests.length;
    const chatRequests = chat.requests.length;
    const second = await runMain([...RL_DIGEST, '--date', '2026-01-30'], { cwd: home, env: envFor(home) });
    assert.equal(second.code, 0, second.stderr);
    assert.equal(arxiv.requests.length, rssRequests, 'the listing comes from the store');
    assert.match(second.stderr, /listing 2026-01-30 \(cs\) from the store: 60 papers/);
    // Only the failed title is asked for again; everything else comes from the cache.
    assert.equal(chat.requests.length - chatRequests, 2, 'one failed title, tried twice');
    assert.match(second.stderr, /65 from cache/);
    assert.equal(second.stdout.split('\n').slice(1).join('\n'), first.stdout.split('\n').slice(1).join('\n'));
  });

  it('stores nothing twice when the same day is fetched again', async () => {
    const home = freshHome();
    const env = envFor(home);
    assert.equal((await runMain(['fetch'], { cwd: home, env })).code, 0);
    const again = await runMain(['fetch'], { cwd: home, env });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /60 papers \(0 new, 0 updated, 60 unchanged\)/);
    const search = await runMain(['search', 'mechanistic understanding', '--json'], { cwd: home, env });
    const hits = JSON.parse(search.stdout) as { arxivId: string }[];
    assert.deepEqual(
      hits.map((hit) => hit.arxivId),
      ['2601.19928'],
    );
  });

  it('reads a past listing date from the API, by submission window', async () => {
    const home = freshHome();
    const args = [
      'digest',
      '--date',
      '2026-01-30',
      '--category',
      'cs.LG',
      '--keyword',
      'reinforcement learning',
    ];
    const result = await runMain([...args, '--lang', 'en'], { cwd: home, env: envFor(home) });
    assert.equal(result.code, 0, result.stderr);
    const apiRequest = arxiv.requests.filter((request) => request.url.startsWith('/api/query')).at(-1);
    const query = new URL(`http://x${apiRequest?.url ?? ''}`).searchParams.get('search_query') ?? '';
    assert.match(query, /cat:cs\.LG/);
    assert.match(query, /submittedDate:\[202601281900 TO 202601291859\]/);
    assert.match(
      result.stdout,
      /^Generated: .*; arXiv announcement: 2026-01-29 20:00 EST \(2026-01-30 09:00 UTC\+8\)$/m,
    );
    assert.equal(result.stdout.split('\n')[1], '3 relevant papers today');
    assert.match(result.stdout, /^Distributional value gradients for stochastic environments$/m);
    assert.doesNotMatch(result.stdout, /中文摘要/);
    // E2HiL is a cs.RO paper cross-listed in cs.LG: only --include-cross shows it.
    assert.doesNotMatch(result.stdout, /^E2HiL/m);
    const withCross = await runMain([...args, '--lang', 'en', '--include-cross'], {
      cwd: home,
      env: envFor(home),
    });
    assert.match(withCross.stdout, /^E2HiL: Entropy-Guided/m);
    assert.match(withCross.stderr, /from the store/);
  });

  it('writes --style json to --out, with the problems it met', async () => {
    const home = freshHome();
    const out = join(home, 'out', 'digest.json');
    const result = await runMain([...RL_DIGEST, '--style', 'json', '--out', out], {
      cwd: home,
      env: envFor(home),
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    const document = JSON.parse(readFileSync(out, 'utf8')) as {
      schema: string;
      paperCount: number;
      problems: { where: string; rule: string }[];
    };
    assert.equal(document.schema, 'paperwire.digest');
    assert.equal(document.paperCount, 33);
    assert.deepEqual(
      document.problems.map((problem) => [problem.where, problem.rule]),
      [['paper 2601.20071', 'translation-failed']],
    );
  });

  it('shows the English and one notice when no translation endpoint is configured', async () => {
    const home = freshHome();
    const env = envFor(home, { PAPERWIRE_LLM_BASE_URL: '', PAPERWIRE_LLM_API_KEY: '' });
    const before = chat.requests.length;
    const result = await runMain(RL_DIGEST, { cwd: home, env });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(chat.requests.length, before);
    const lines = result.stdout.split('\n');
    assert.equal(lines[4], lines[3], 'the translated title line shows the English title');
    assert.equal(result.stderr.match(/notice: no translation endpoint configured/g)?.length, 1);
  });
});

describe('bad input', () => {
  it('refuses a home under /proc in one line, where a recursive mkdir spun at 100 % CPU for ever', () => {
    // Spawned with a deadline: the fault was a loop in node's own mkdirSync, which no test timeout can interrupt.
    const result = spawnSync(process.execPath, [BIN, 'search', 'x', '--home', '/proc/paperwire-nope'], {
      env: { PATH: process.env['PATH'] ?? '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(result.signal, null, 'it ended on its own');
    assert.equal(result.status, 1);
    assert.equal(
      result.stderr,
      'paperwire: /proc/paperwire-nope/paperwire.sqlite: cannot create the folder /proc/paperwire-nope ' +
        '(check that the path is writable, or set PAPERWIRE_HOME to a folder you own)\n',
    );
  });

  it('names a home that is a symbolic link to nowhere (a disk not mounted, a loop of links)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperwire-broken-link-'));
    const dangling = join(dir, 'home');
    symlinkSync(join(dir, 'unmounted', 'paperwire'), dangling);
    const loop = join(dir, 'loop');
    symlinkSync(join(dir, 'loop-back'), loop);
    symlinkSync(loop, join(dir, 'loop-back'));
    for (const home of [dangling, loop, join(dangling, 'sub')]) {
      const result = await runMain(['stats', '--home', home], { cwd: dir, env: {} });
      assert.equal(result.code, 1);
      // It said "Cannot open database because the directory does not exist", naming no link.
      assert.match(
        result.stderr,
        /^paperwire: \S+paperwire\.sqlite: cannot create the folder \S+: \S+ is a symbolic link to \S+ that leads to no folder .*\(mount the disk the link leads to/,
      );
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
    assert.equal(existsSync(join(dir, 'unmounted')), false, 'nothing made where the link leads');
  });

  const cases: { name: string; args: string[]; code: number; message: RegExp }[] = [
    {
      name: 'an unknown flag',
      args: ['digest', '--keywrd', 'x'],
      code: 2,
      message: /unknown option '--keywrd'/,
    },
    { name: 'an unknown command', args: ['digets'], code: 2, message: /unknown command "digets"/ },
    {
      name: 'an invalid date',
      args: ['digest', '--date', '2026-02-30'],
      code: 2,
      message: /--date "2026-02-30" is not a real date.*YYYY-MM-DD/,
    },
    {
      name: 'a weekend date',
      args: ['digest', '--date', '2026-01-31'],
      code: 0,
      message: /2026-01-31 is a Saturday/,
    },
    {
      name: 'an unknown category',
      args: ['digest', '--category', 'cs.LGG'],
      code: 2,
      message: /--category: unknown arXiv category "cs\.LGG" \(did you mean cs\.LG/,
    },
    {
      name: 'an unknown style',
      args: ['digest', '--style', 'fancy'],
      code: 2,
      message: /--style: "style" must be one of classic, markdown, bilingual, json/,
    },
    {
      name: 'a bad query',
      args: ['digest', '--keyword', 'a AND (b'],
      code: 2,
      message: /missing "\)" at column/,
    },
  ];
  for (const { name, args, code, message } of cases) {
    it(`rejects ${name} with one line and exit ${code}`, async () => {
      const home = freshHome();
      const result = await runMain(args, { cwd: home, env: envFor(home) });
      assert.equal(result.code, code, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.equal(result.stdout, '');
    });
  }

  it('names the config file and line of a config error', async () => {
    const home = freshHome();
    writeFileSync(join(home, 'paperwire.toml'), '[profiles.rl]\nkeywords = ["rl"]\nlang = "klingon"\n');
    const result = await runMain(['digest', '--profile', 'rl'], { cwd: home, env: envFor(home) });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /paperwire\.toml:3: "lang" must be one of en, zh, ja, ko, fr, de, es/);
  });

  it('keeps what is stored when a later feed is malformed', async () => {
    const home = freshHome();
    const env = envFor(home);
    assert.equal((await runMain(['fetch'], { cwd: home, env })).code, 0);
    feedBody = '<rss><channel><item><title>broken';
    try {
      const result = await runMain(['fetch', '--refresh'], { cwd: home, env });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /\/rss\/cs/);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    } finally {
      feedBody = DEMO_FEED;
    }
    const search = await runMain(['search', 'mechanistic understanding', '--json'], { cwd: home, env });
    assert.equal((JSON.parse(search.stdout) as unknown[]).length, 1);
  });

  it('builds the latest digest from the API when the feed cannot be read, saying so', async () => {
    const home = freshHome();
    feedBody = '<rss><channel><item><title>broken';
    try {
      const result = await runMain(['digest', '--lang', 'en', '--category', 'cs'], {
        cwd: home,
        env: envFor(home),
      });
      assert.equal(result.code, 0, result.stderr);
      assert.match(
        result.stderr,
        /notice: the arXiv RSS feed could not be read \(the arXiv RSS feed is not XML: /,
      );
      assert.match(result.stderr, /listing from arxiv-api/);
      assert.match(result.stdout, /Distributional value gradients for stochastic environments/);
    } finally {
      feedBody = DEMO_FEED;
    }
  });

  it('says which server cannot be reached', async () => {
    const home = freshHome();
    // A port nothing listens on (port 9 itself is one fetch refuses outright, which is not retried).
    const port = await closedPort();
    const env = envFor(home, { PAPERWIRE_ARXIV_RSS_URL: `http://127.0.0.1:${port}/rss` });
    const result = await runMain(['fetch'], { cwd: home, env });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port}/rss/cs after 2 attempts`),
    );
  });

  it('never prints the API key, even when the endpoint rejects it', async () => {
    const rejecting = await startChatServer((request) => ({
      status: 401,
      body: JSON.stringify({ error: { message: `bad key ${String(request.headers['authorization'])}` } }),
    }));
    try {
      const home = freshHome();
      const env = envFor(home, { PAPERWIRE_LLM_BASE_URL: `${rejecting.url}/v1` });
      // A real process: the key registered by earlier runs in this one cannot hide a leak.
      const result = await runCli(RL_DIGEST, { cwd: home, env });
      assert.equal(result.code, 0);
      assert.ok(rejecting.requests.length >= 1);
      assert.doesNotMatch(result.stdout + result.stderr, new RegExp(SECRET_KEY));
      assert.match(result.stderr, /401/);
    } finally {
      await rejecting.close();
    }
  });
});

describe('a store an older paperwire made', () => {
  it('says once, before the command, that it upgrades the store, and not with --quiet', async () => {
    const home = mkdtempSync(join(tmpdir(), 'paperwire-upgrade-'));
    const path = join(home, 'paperwire.sqlite');
    const raw = new Database(path);
    migrate(raw, path, MIGRATIONS.slice(0, -1));
    raw.close();
    const quietHome = mkdtempSync(join(tmpdir(), 'paperwire-upgrade-quiet-'));
    const quietRaw = new Database(join(quietHome, 'paperwire.sqlite'));
    migrate(quietRaw, join(quietHome, 'paperwire.sqlite'), MIGRATIONS.slice(0, -1));
    quietRaw.close();

    const first = await runMain(['stats'], { cwd: home, env: { PAPERWIRE_HOME: home } });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(
      first.stderr,
      `upgrading ${path} to schema ${MIGRATIONS.length} (a large store may take minutes)\n`,
    );
    const again = await runMain(['stats'], { cwd: home, env: { PAPERWIRE_HOME: home } });
    assert.equal(again.stderr, '', 'upgraded once');
    const quiet = await runMain(['stats', '--quiet'], { cwd: quietHome, env: { PAPERWIRE_HOME: quietHome } });
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(quiet.stderr, '');
  });
});
