// End to end, through `main` in this process (cron's quiet weekend and the serve token as the built binary): the
// CLI keeps a profile's archive from ad-hoc digests, checks --email and --out before any request, exits with the
// documented codes, and e-mails an address once per profile and listing date.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import { startChatServer, type ChatServer } from './helpers/chat-server.js';
import { serveFiles, startLoopbackServer, type LoopbackServer } from './helpers/loopback-server.js';
import { runCli, runMain, type CliResult } from './helpers/run-cli.js';
import { closedPort, startSmtpServer, type SmtpTestServer } from './helpers/smtp-server.js';

const ROOT = join(import.meta.dirname, '..');
const DEMO_FEED = readFileSync(join(ROOT, 'demo', 'arxiv-rss-cs.xml'), 'utf8');
const HF_DAY = readFileSync(join(ROOT, 'test', 'fixtures', 'hf', 'daily-papers-2026-03-20-p0.json'), 'utf8');
const LISTING_DATE = '2026-01-30';

let arxiv: LoopbackServer;
let chat: ChatServer;
let smtp: SmtpTestServer;

before(async () => {
  arxiv = await startLoopbackServer((request, response) => {
    const url = new URL(`http://x${request.url}`);
    if (url.pathname === '/hf/daily_papers') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(url.searchParams.get('p') === '0' ? HF_DAY : '[]');
      return;
    }
    return serveFiles({ '/rss/cs': { body: DEMO_FEED }, '/rss/cs.LG': { body: DEMO_FEED } })(
      request,
      response,
    );
  });
  chat = await startChatServer((request) => ({ content: `译文:${request.user.slice(0, 20)}` }));
  smtp = await startSmtpServer();
});

after(async () => {
  await arxiv.close();
  await chat.close();
  await smtp.close();
});

function freshHome(toml?: string): string {
  const home = mkdtempSync(join(tmpdir(), 'paperwire-guards-'));
  if (toml !== undefined) writeFileSync(join(home, 'paperwire.toml'), toml);
  return home;
}

function envFor(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PAPERWIRE_HOME: join(home, 'data'),
    PAPERWIRE_ARXIV_RSS_URL: `${arxiv.url}/rss`,
    PAPERWIRE_ARXIV_API_URL: `${arxiv.url}/api/query`,
    PAPERWIRE_HF_API_URL: `${arxiv.url}/hf`,
    PAPERWIRE_LLM_BASE_URL: `${chat.url}/v1`,
    PAPERWIRE_LLM_MODEL: 'test-model',
    PAPERWIRE_SMTP_HOST: smtp.host,
    PAPERWIRE_SMTP_PORT: String(smtp.port),
    PAPERWIRE_SMTP_STARTTLS: 'never',
    PAPERWIRE_SMTP_FROM: 'paperwire <wire@example.org>',
    PAPERWIRE_HTTP_BACKOFF_MS: '20',
    PAPERWIRE_HTTP_RETRIES: '1',
    ...extra,
  };
}

function run(args: string[], home: string, extra: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runMain(args, { cwd: home, env: envFor(home, extra) });
}

/** The stored digest documents, by profile, of the listing date. */
function storedDigests(home: string): Map<string, string> {
  const store = openSqliteStore(join(home, 'data', 'paperwire.sqlite'));
  try {
    return new Map(
      store
        .listDigests()
        .filter((ref) => ref.listingDate === LISTING_DATE)
        .map((ref) => [ref.profile, store.loadDigest(ref.profile, ref.listingDate)?.json ?? '']),
    );
  } finally {
    store.close();
  }
}

const RL_PROFILE = '[profiles.rl]\nkeywords = ["reinforcement learning"]\nlang = "en"\n';

describe('ad-hoc digests and the archive', () => {
  it("never replaces a profile's stored digest with one whose flags change its content", async () => {
    const home = freshHome(RL_PROFILE);
    const own = await run(['digest'], home);
    assert.equal(own.code, 0, own.stderr);
    const before = storedDigests(home).get('rl');
    assert.ok(before !== undefined && before.includes('"paperCount": 33'), 'the profile has its 33 papers');

    for (const flags of [
      ['--keyword', 'Sobolev', '--lang', 'en'],
      ['--lang', 'zh'],
      ['--include-cross'],
      ['--category', 'cs.LG'],
      ['--sort', 'title'],
    ]) {
      const adHoc = await run(['digest', ...flags], home);
      assert.equal(adHoc.code, 0, adHoc.stderr);
      assert.match(adHoc.stderr, /ad-hoc digest \(--.*differ from profile rl\): archived as rl~[0-9a-f]{8}/);
      assert.equal(
        storedDigests(home).get('rl'),
        before,
        `${flags.join(' ')} left rl's digest byte for byte`,
      );
    }
    const names = [...storedDigests(home).keys()];
    assert.equal(names.filter((name) => name.startsWith('rl~')).length, 5, names.join(', '));
    const sobolev = [...storedDigests(home)].find(([, json]) => json.includes('"keyword": "Sobolev"'));
    assert.ok(sobolev, 'the ad-hoc digest is archived under its own name');

    // Style and output flags do not change what the digest holds: it is the profile's own.
    const styled = await run(['digest', '--style', 'markdown', '--quiet'], home);
    assert.equal(styled.code, 0, styled.stderr);
    assert.equal(styled.stderr, '');
    assert.equal(storedDigests(home).size, 6);
  });

  it("never writes an ad-hoc digest over the profile's out file, and prints it instead", async () => {
    const home = freshHome(`${RL_PROFILE}out = "archive/{date}.md"\n`);
    const own = await run(['digest'], home);
    assert.equal(own.code, 0, own.stderr);
    const file = join(home, 'archive', `${LISTING_DATE}.md`);
    const before = readFileSync(file, 'utf8');
    assert.match(before, /reinforcement learning/);

    const adHoc = await run(['digest', '--keyword', 'Sobolev'], home);
    assert.equal(adHoc.code, 0, adHoc.stderr);
    assert.equal(readFileSync(file, 'utf8'), before, "the profile's file is left byte for byte");
    assert.match(adHoc.stdout, /Sobolev/);
    assert.match(adHoc.stderr, /printed, not written over rl's out file \(--out FILE writes a file\)/);

    const written = await run(['digest', '--keyword', 'Sobolev', '--out', 'sobolev.md'], home);
    assert.equal(written.code, 0, written.stderr);
    assert.match(readFileSync(join(home, 'sobolev.md'), 'utf8'), /Sobolev/);
    assert.doesNotMatch(written.stderr, /printed, not written/);
  });
});

describe('checks before any work', () => {
  const cases: {
    name: string;
    args: (home: string) => string[];
    code: number;
    message: RegExp;
    env?: NodeJS.ProcessEnv;
    toml?: string;
  }[] = [
    {
      name: 'an --email that is not an address',
      args: () => ['digest', '--email', 'me-at-example.org'],
      code: 2,
      message: /--email: "me-at-example\.org" is not an e-mail address/,
    },
    {
      name: '--email with no SMTP server',
      args: () => ['digest', '--email', 'me@example.org'],
      code: 1,
      message: /--email: no SMTP server is configured/,
      env: { PAPERWIRE_SMTP_HOST: '' },
    },
    {
      name: 'an --out that is a folder',
      args: (home) => ['digest', '--out', home],
      code: 2,
      message: /--out: .* is a folder; name a file in it/,
    },
    {
      name: 'an --out under a file',
      args: (home) => ['digest', '--out', join(home, 'paperwire.toml', '{date}.md')],
      code: 2,
      message: /--out: .*paperwire\.toml is a file/,
    },
    {
      name: 'an --out under /proc, which used to spin forever',
      args: () => ['digest', '--out', '/proc/paperwire/{date}.md'],
      code: 2,
      message: /--out: \/proc is on proc, a special file system/,
    },
    {
      name: 'an --out with a placeholder other than {date}, which would name one file for every day',
      args: () => ['digest', '--out', 'archive/{Date}.md'],
      code: 2,
      message: /--out: \{Date\} is not a placeholder: only \{date\} is filled in/,
    },
    {
      name: 'an --out with a line break in it, shown as an escape',
      args: () => ['digest', '--out', 'archive/{date}\n.md'],
      code: 2,
      message: /--out: "archive\/\{date\}\\x0a\.md" holds a control character/,
    },
    {
      name: "a profile's out with a NUL, which failed after the digest was built naming the path without it",
      args: () => ['digest'],
      code: 1,
      message: /paperwire\.toml:\d+: "\/tmp\/x\\x00y-\{date\}\.md" holds a control character/,
      toml: `${RL_PROFILE}out = "/tmp/x\\u0000y-{date}.md"\n`,
    },
    {
      name: "a profile's out under /proc, as a config error",
      args: () => ['digest'],
      code: 1,
      message: /\[profiles\.rl\] out: \/proc is on proc/,
      toml: `${RL_PROFILE}out = "/proc/paperwire/{date}.md"\n`,
    },
  ];
  for (const { name, args, code, message, env, toml } of cases) {
    it(`refuses ${name} with one line before any request`, async () => {
      const home = freshHome(toml ?? RL_PROFILE);
      const requests = arxiv.requests.length + chat.requests.length + smtp.messages.length;
      const result = await run(args(home), home, env);
      assert.equal(result.code, code, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.equal(arxiv.requests.length + chat.requests.length + smtp.messages.length, requests);
    });
  }
});

describe('the store and the config are never an output', () => {
  it('refuses an --out naming the store, its log or the config, and the store keeps its digest', async () => {
    const home = freshHome(RL_PROFILE);
    const first = await run(['digest'], home);
    assert.equal(first.code, 0, first.stderr);
    const before = storedDigests(home).get('rl');
    assert.ok(before !== undefined && before.includes('"paperCount": 33'), 'the profile has its 33 papers');
    const store = join(home, 'data', 'paperwire.sqlite');
    // A copy of the store under a digest's name is refused for what it holds: before any work when the name is
    // fixed, when the digest is written once {date} is known (the listing's date is not today's).
    writeFileSync(join(home, 'backup.md'), readFileSync(store));
    writeFileSync(join(home, `backup-${LISTING_DATE}.md`), readFileSync(store));
    for (const [out, code, message] of [
      [store, 2, /--out: paperwire\.sqlite is named as a store, lock or config file/],
      [`${store}-wal`, 2, /--out: paperwire\.sqlite-wal is named as a store/],
      [join(home, 'paperwire.toml'), 2, /--out: paperwire\.toml is named as a store, lock or config file/],
      [join(home, 'data', 'run.lock'), 2, /--out: run\.lock is named as a store, lock or config file/],
      [join(home, 'backup.md'), 2, /--out: .*backup\.md holds binary data/],
      [
        join(home, 'backup-{date}.md'),
        1,
        /cannot write the digest to .*backup-2026-01-30\.md: .* holds binary data/,
      ],
    ] as const) {
      const result = await run(['digest', '--out', out, '--quiet'], home);
      assert.equal(result.code, code, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
    assert.deepEqual(
      readFileSync(join(home, `backup-${LISTING_DATE}.md`)),
      readFileSync(join(home, 'backup.md')),
    );
    assert.equal(readFileSync(join(home, 'paperwire.toml'), 'utf8'), RL_PROFILE);
    assert.match(
      storedDigests(home).get('rl') ?? '',
      /"paperCount": 33/,
      'the store opens and keeps its digest',
    );
  });
});

describe('exit codes', () => {
  const usage: string[][] = [
    ['digest', '--lang', 'cn'],
    ['digest', '--style', 'x'],
    ['digest', '--sort', 'x'],
    ['digest', '--category', 'foo'],
    ['digest', '--max-tokens', 'abc'],
    ['digest', '--max-papers', '0'],
    ['digest', '--config', 'missing.toml'],
    ['fetch', '--source', 'x'],
    ['search', 'x', '--limit', 'x'],
    // Number() read these as counts: 16, 1000 and 7.
    ['digest', '--top', '0x10'],
    ['search', 'x', '--limit', '1e3'],
    ['search', 'x', '--limit', ' 7'],
    ['trending', '--lang', 'cn'],
  ];
  for (const args of usage) {
    it(`exits 2 for ${args.join(' ')}, naming the flag`, async () => {
      const home = freshHome();
      const requests = arxiv.requests.length;
      const result = await run(args, home);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, new RegExp(`^paperwire: ${args.at(-2) ?? ''}`));
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.equal(arxiv.requests.length, requests);
    });
  }

  it('exits 0 for a weekend with one line, and says nothing with --quiet', async () => {
    const home = freshHome();
    const said = await run(['digest', '--date', '2026-01-31'], home);
    // What cron sees: the exit status of a real process, and nothing at all on its stderr with --quiet.
    assert.equal(said.code, 0, said.stderr);
    assert.match(said.stderr, /^paperwire: 2026-01-31 is a Saturday/);
    assert.equal(said.stderr.trim().split('\n').length, 1, said.stderr);
    assert.equal(said.stdout, '');
    const quiet = await runCli(['digest', '--date', '2026-01-31', '--quiet'], {
      cwd: home,
      env: envFor(home),
    });
    assert.deepEqual([quiet.code, quiet.stdout, quiet.stderr], [0, '', '']);
  });

  it('names $PAPERWIRE_… for a bad environment value, not a paperwire.toml that does not exist', async () => {
    const home = freshHome();
    const result = await run(['search', 'x'], home, { PAPERWIRE_LLM_BASE_URL: 'localhost:11434/v1' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^paperwire: \$PAPERWIRE_LLM_BASE_URL: "localhost:11434\/v1" is not an http/);
    assert.doesNotMatch(result.stderr, /paperwire\.toml/);
  });

  it('blames a short serve token on --token (exit 2) or on $PAPERWIRE_SERVE_TOKEN (exit 1)', async () => {
    const home = freshHome();
    // Real processes: a token is registered as a secret for the life of the process that read it.
    const flag = await runCli(['serve', '--port', '0', '--token', 'short'], { cwd: home, env: envFor(home) });
    assert.equal(flag.code, 2, flag.stderr);
    assert.match(flag.stderr, /^paperwire: --token: the token must be at least 16 characters/);
    const variable = await runCli(['serve', '--port', '0'], {
      cwd: home,
      env: envFor(home, { PAPERWIRE_SERVE_TOKEN: 'short' }),
    });
    assert.equal(variable.code, 1, variable.stderr);
    assert.match(variable.stderr, /^paperwire: \$PAPERWIRE_SERVE_TOKEN: the token must be at least 16/);
    assert.doesNotMatch(flag.stderr + variable.stderr, /short/);
  });

  it('exits 1 when trending --refresh cannot reach Hugging Face, even with a stored copy', async () => {
    const home = freshHome();
    const stored = await run(['trending', '--date', '2026-03-20'], home);
    assert.equal(stored.code, 0, stored.stderr);
    const down = { PAPERWIRE_HF_API_URL: `http://127.0.0.1:${await closedPort()}/api` };
    const refreshed = await run(['trending', '--date', '2026-03-20', '--refresh'], home, down);
    assert.equal(refreshed.code, 1, refreshed.stderr);
    assert.equal(refreshed.stdout, '');
    assert.match(refreshed.stderr, /^paperwire: cannot reach http:\/\/127\.0\.0\.1:\d+\/api\/daily_papers/m);
    // Without --refresh the stored copy of a finished day is the answer.
    const fromStore = await run(['trending', '--date', '2026-03-20'], home, down);
    assert.equal(fromStore.code, 0, fromStore.stderr);
  });
});

describe('digest --email', () => {
  it('e-mails an address once per profile and listing date; --resend sends again', async () => {
    const home = freshHome(RL_PROFILE);
    const before = smtp.messages.length;
    // cron, daily, without --date: on a weekend the latest listing is the one already sent.
    const first = await run(['digest', '--email', 'reader@example.org'], home);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(smtp.messages.length, before + 1);
    const again = await run(['digest', '--email', 'reader@example.org', '--email', 'new@example.org'], home);
    assert.equal(again.code, 0, again.stderr);
    assert.match(
      again.stderr,
      /not sent to reader@example\.org: it got rl 2026-01-30 at \S+ \(--resend sends it again\)/,
    );
    assert.deepEqual(
      smtp.messages.slice(before).map((message) => message.envelopeTo),
      [['reader@example.org'], ['new@example.org']],
    );
    const resent = await run(['digest', '--email', 'reader@example.org', '--resend'], home);
    assert.equal(resent.code, 0, resent.stderr);
    assert.equal(smtp.messages.length, before + 3);
  });

  it('e-mails an address once when three digest processes deliver it at the same moment', async () => {
    const home = freshHome(RL_PROFILE);
    const address = 'together@example.org';
    const env = envFor(home);
    // Real processes: the guard is a lock between them (the home's deliver.lock), not anything inside one.
    const results = await Promise.all(
      [1, 2, 3].map(() => runCli(['digest', '--email', address], { cwd: home, env })),
    );
    for (const result of results) assert.equal(result.code, 0, result.stderr);
    const received = smtp.messages.filter((message) => message.envelopeTo.includes(address));
    assert.equal(received.length, 1, 'sent once');
    const skips = results.filter((result) =>
      /not sent to together@example\.org: it got rl 2026-01-30/.test(result.stderr),
    );
    assert.equal(skips.length, 2, results.map((result) => result.stderr).join('\n'));
  });
});
