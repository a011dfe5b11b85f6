// End to end: secrets given to paperwire (a password in the feed URL and in the LLM URL, an API key, a token in
// a query, the SMTP password) never reach any channel: stdout, stderr (--debug stacks too), the database file and
// its WAL, the served pages, API and feeds.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startChatServer, type ChatServer } from './helpers/chat-server.js';
import { startLoopbackServer, type LoopbackServer } from './helpers/loopback-server.js';
import { runCli, withServe, type CliResult } from './helpers/run-cli.js';
import { startSmtpServer } from './helpers/smtp-server.js';

const ROOT = join(import.meta.dirname, '..');
const FEED = readFileSync(join(ROOT, 'demo', 'arxiv-rss-cs.xml'), 'utf8');
const DATE = '2026-01-30';

const FEED_PASSWORD = 'feed-Pa55word-7731';
const LLM_PASSWORD = 'llm-Pa55word-4409';
const QUERY_TOKEN = 'query-T0ken-9182';
const API_KEY = 'sk-apikey-5521-secret';
const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');
const SECRETS = [
  FEED_PASSWORD,
  LLM_PASSWORD,
  QUERY_TOKEN,
  API_KEY,
  basic('feeds', FEED_PASSWORD),
  basic('proxy', LLM_PASSWORD),
];

let arxiv: LoopbackServer;
let chat: ChatServer;
let home: string;
const outputs: { channel: string; text: string }[] = [];

/** The server echoes what it was sent (Authorization, path and query) in an error for every abstract. */
function startEchoingChat(): Promise<ChatServer> {
  return startChatServer((request) => {
    if (request.user.length > 300) {
      const echo = `rejected ${String(request.headers['authorization'])} at ${request.path}`;
      return { status: 400, body: { error: { message: echo } } };
    }
    return { content: `${request.user}（${'译'.repeat(40)}）` };
  });
}

function record(channel: string, result: CliResult): CliResult {
  outputs.push({ channel: `${channel} stdout`, text: result.stdout });
  outputs.push({ channel: `${channel} stderr`, text: result.stderr });
  return result;
}

before(async () => {
  arxiv = await startLoopbackServer((request, response) => {
    const authorization = request.headers['authorization'];
    if (authorization !== undefined && authorization !== `Basic ${basic('feeds', FEED_PASSWORD)}`) {
      response.writeHead(401, { 'content-type': 'text/plain' });
      response.end(`who are you? you sent ${String(request.headers['authorization'])}`);
      return;
    }
    response.writeHead(200, { 'content-type': 'application/rss+xml' });
    response.end(FEED);
  });
  chat = await startEchoingChat();
  home = mkdtempSync(join(tmpdir(), 'paperwire-secrets-'));
  writeFileSync(
    join(home, 'paperwire.toml'),
    [
      '[profiles.default]',
      'keywords = ["reinforcement learning"]',
      '',
      '[profiles.keyed]',
      'keywords = ["reinforcement learning"]',
      '',
    ].join('\n'),
  );
});

after(async () => {
  await arxiv.close();
  await chat.close();
});

/** The feed's URL, with its password when `withPassword`; the feed server answers 401 without it. */
function feedEnv(withPassword: boolean): NodeJS.ProcessEnv {
  const host = arxiv.url.slice('http://'.length);
  const base = withPassword ? `http://feeds:${FEED_PASSWORD}@${host}` : arxiv.url;
  return { PAPERWIRE_ARXIV_RSS_URL: `${base}/rss`, PAPERWIRE_ARXIV_API_URL: `${base}/api/query` };
}

function baseEnv(): NodeJS.ProcessEnv {
  return {
    PAPERWIRE_HOME: join(home, 'data'),
    PAPERWIRE_LLM_MODEL: 'test-model',
    PAPERWIRE_HTTP_RETRIES: '1',
    PAPERWIRE_HTTP_BACKOFF_MS: '10',
  };
}

/** Starts `paperwire serve`, fetches `paths`, stops it; returns each body and the server's stderr. */
async function fetchFromServe(paths: string[]): Promise<{ bodies: Map<string, string>; stderr: string }> {
  const bodies = new Map<string, string>();
  const { stderr } = await withServe([], { cwd: home, env: baseEnv() }, async (url) => {
    for (const path of paths) {
      const response: Response = await fetch(`${url}${path}`);
      bodies.set(path, `HTTP ${response.status}\n${await response.text()}`);
    }
  });
  return { bodies, stderr };
}

describe('secrets across every channel', () => {
  it('sends URL passwords as Basic auth, and no secret reaches stdout, stderr, the database or a page', async () => {
    const llmHost = chat.url.slice('http://'.length);
    // The case: a password in PAPERWIRE_LLM_BASE_URL (and a token in its query).
    const withPassword = record(
      'digest with the LLM password in its URL',
      await runCli(['digest', '--style', 'json', '--debug'], {
        cwd: home,
        env: {
          ...baseEnv(),
          ...feedEnv(false),
          PAPERWIRE_LLM_BASE_URL: `http://proxy:${LLM_PASSWORD}@${llmHost}/v1?access_token=${QUERY_TOKEN}`,
        },
      }),
    );
    const byPassword = [...chat.requests];
    const feedRequestsBefore = arxiv.requests.length;
    // A password in the feed's URL, and an API key that the LLM echoes back.
    const keyed = record(
      'digest with an API key and the feed password in its URL',
      await runCli(['digest', '--profile', 'keyed', '--refresh', '--debug'], {
        cwd: home,
        env: {
          ...baseEnv(),
          ...feedEnv(true),
          PAPERWIRE_LLM_BASE_URL: `${chat.url}/v1?key=${QUERY_TOKEN}`,
          PAPERWIRE_LLM_API_KEY: API_KEY,
        },
      }),
    );
    const refused = record(
      'digest with both a URL password and an API key',
      await runCli(['digest', '--debug'], {
        cwd: home,
        env: {
          ...baseEnv(),
          ...feedEnv(false),
          PAPERWIRE_LLM_BASE_URL: `http://proxy:${LLM_PASSWORD}@${llmHost}/v1`,
          PAPERWIRE_LLM_API_KEY: API_KEY,
        },
      }),
    );
    const served = await fetchFromServe([
      `/digests/default/${DATE}`,
      `/api/digests/default/${DATE}`,
      `/digests/keyed/${DATE}`,
      `/api/digests/keyed/${DATE}`,
      '/feeds/default.xml',
      '/feeds/keyed.xml',
    ]);
    for (const [path, body] of served.bodies) outputs.push({ channel: `served ${path}`, text: body });
    outputs.push({ channel: 'serve stderr', text: served.stderr });
    for (const file of ['paperwire.sqlite', 'paperwire.sqlite-wal']) {
      const path = join(home, 'data', file);
      if (existsSync(path)) outputs.push({ channel: file, text: readFileSync(path).toString('latin1') });
    }

    for (const { channel, text } of outputs) {
      for (const secret of SECRETS) assert.ok(!text.includes(secret), `${channel} shows ${secret}`);
      assert.doesNotMatch(text, /:\/\/(?:feeds|proxy):/, `${channel} shows a URL's userinfo`);
    }

    for (const [path, body] of served.bodies) assert.match(body, /^HTTP 200\n/, path);
    assert.equal(withPassword.code, 0, withPassword.stderr);
    assert.ok(byPassword.length > 0, 'the LLM was reached');
    assert.ok(
      byPassword.every(
        (request) => request.headers['authorization'] === `Basic ${basic('proxy', LLM_PASSWORD)}`,
      ),
      'the URL password became Basic authentication',
    );
    // Titles are translated; every abstract is refused with a 400 that echoes the Authorization and the query.
    const document = JSON.parse(withPassword.stdout) as { problems: { what: string }[] };
    assert.ok(document.problems.some((problem) => /HTTP 400: .*rejected Basic \*\*\*/.test(problem.what)));
    assert.ok(served.bodies.get(`/api/digests/default/${DATE}`)?.includes('rejected Basic ***'));

    assert.equal(keyed.code, 0, keyed.stderr);
    assert.ok(
      arxiv.requests
        .slice(feedRequestsBefore)
        .every((request) => request.headers['authorization'] === `Basic ${basic('feeds', FEED_PASSWORD)}`),
    );
    assert.ok(
      chat.requests
        .slice(byPassword.length)
        .every((request) => request.headers['authorization'] === `Bearer ${API_KEY}`),
    );
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^paperwire: \$PAPERWIRE_LLM_BASE_URL: the URL carries user:password/);
  });

  it('keeps the SMTP password out of --debug stacks when the server echoes it in its 535', async () => {
    const password = 'smtp-Pa55word-6620';
    const smtp = await startSmtpServer({ users: { digest: 'another' }, isEchoingPassword: true });
    try {
      const result = await runCli(['digest', '--lang', 'en', '--email', 'reader@example.org', '--debug'], {
        cwd: home,
        env: {
          ...baseEnv(),
          ...feedEnv(false),
          PAPERWIRE_SMTP_HOST: smtp.host,
          PAPERWIRE_SMTP_PORT: String(smtp.port),
          PAPERWIRE_SMTP_STARTTLS: 'never',
          PAPERWIRE_SMTP_USER: 'digest',
          PAPERWIRE_SMTP_PASSWORD: password,
          PAPERWIRE_SMTP_FROM: 'wire@example.org',
        },
      });
      assert.equal(result.code, 1);
      assert.ok(!result.stderr.includes(password), result.stderr);
      assert.deepEqual(
        smtp.logins.map((login) => login.isAccepted),
        [false],
      );
      assert.match(result.stderr, /^paperwire: SMTP server 127\.0\.0\.1:\d+ refused the login of "digest"/m);
      assert.match(result.stderr, /\n {4}at /, 'the stack is shown');
      assert.match(result.stderr, /caused by: .*535/, 'with its cause');
      assert.match(result.stderr, /password \*\*\*/);
      assert.ok(!result.stdout.includes(password));
    } finally {
      await smtp.close();
    }
  });
});
