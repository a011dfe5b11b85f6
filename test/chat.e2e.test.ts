// End to end: `digest --notify` sends the compact digest to chat fakes on loopback (test/helpers/chat-fakes.ts),
// once per date unless --resend, and a failing send names the target but never its webhook token or secret;
// `run` sends each profile's notify targets once, and nothing again after a restart.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startChatFake, type ChatFake } from './helpers/chat-fakes.js';
import { serveFiles, startLoopbackServer, type LoopbackServer } from './helpers/loopback-server.js';
import { runMain } from './helpers/run-cli.js';
import { RUN_NOW_SCHEDULE, dueDemoFeed, runUntilPlanned } from './helpers/run-until-planned.js';

const ROOT = join(import.meta.dirname, '..');
const API_DAY = readFileSync(
  join(ROOT, 'src', 'sources', 'arxiv-api', 'fixtures', 'cs-LG-2026-01-30.xml'),
  'utf8',
);
const FEISHU_TOKEN = '5e3d587e-d78e-4a07-bd07-265f269f86fd';
const FEISHU_SECRET = 'nIMtb7r3N9pkXyXdtAbx6e-test';
const SLACK_TOKEN = 'slackWebhookSecretPart0123456789';
const DIGEST = ['digest', '--date', '2026-01-30', '--category', 'cs.LG', '--lang', 'en'];

describe('digest --notify', () => {
  let arxiv: LoopbackServer;
  let feishu: ChatFake;
  let slack: ChatFake;
  before(async () => {
    arxiv = await startLoopbackServer(
      serveFiles({ '/api/query': { body: API_DAY }, '/rss/cs.LG': { body: dueDemoFeed } }),
    );
    feishu = await startChatFake('feishu', { token: FEISHU_TOKEN, secret: FEISHU_SECRET });
    // A Slack that is down: every message fails.
    slack = await startChatFake('slack', {
      token: SLACK_TOKEN,
      fault: () => ({ status: 500, body: 'internal_error' }),
    });
  });
  after(async () => {
    await arxiv.close();
    await feishu.close();
    await slack.close();
  });

  function envFor(home: string): NodeJS.ProcessEnv {
    return {
      PAPERWIRE_HOME: join(home, 'data'),
      PAPERWIRE_ARXIV_API_URL: `${arxiv.url}/api/query`,
      PAPERWIRE_ARXIV_RSS_URL: `${arxiv.url}/rss`,
      PAPERWIRE_HTTP_RETRIES: '0',
      PAPERWIRE_NOTIFY_FEISHU_URL: feishu.url,
      PAPERWIRE_NOTIFY_FEISHU_SECRET: FEISHU_SECRET,
      PAPERWIRE_NOTIFY_SLACK_URL: slack.url,
    };
  }

  it('sends once per date, says "already sent" after, and sends again with --resend', async () => {
    const home = mkdtempSync(join(tmpdir(), 'paperwire-chat-'));
    const options = { cwd: home, env: envFor(home) };
    const first = await runMain([...DIGEST, '--notify', 'feishu'], options);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /sent to chat:feishu \(1 message\)/);
    assert.equal(feishu.accepted.length, 1, 'the signed message was taken');
    const message = JSON.stringify(feishu.accepted[0]);
    assert.match(message, /Distributional value gradients for stochastic environments/);
    assert.match(message, /https:\/\/arxiv\.org\/abs\//);

    const second = await runMain([...DIGEST, '--notify', 'feishu'], options);
    assert.equal(second.code, 0, second.stderr);
    assert.match(
      second.stderr,
      /chat:feishu: already sent default~[0-9a-f]{8} 2026-01-30 at .* \(--resend sends it again\)/,
    );
    assert.equal(feishu.requests.length, 1, 'nothing is sent twice');

    const resent = await runMain([...DIGEST, '--notify', 'feishu', '--resend'], options);
    assert.equal(resent.code, 0, resent.stderr);
    assert.equal(feishu.accepted.length, 2);
  });

  it('fails in one line naming the target, never printing the webhook token or the secret', async () => {
    const home = mkdtempSync(join(tmpdir(), 'paperwire-chat-'));
    const result = await runMain([...DIGEST, '--notify', 'slack,feishu', '--debug'], {
      cwd: home,
      env: envFor(home),
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /chat:slack: the message was not sent \(slack\): .*HTTP 500/);
    for (const secret of [SLACK_TOKEN, FEISHU_TOKEN, FEISHU_SECRET, slack.url, feishu.url]) {
      assert.equal(result.stderr.includes(secret), false, `stderr shows ${secret}`);
      assert.equal(result.stdout.includes(secret), false, `stdout shows ${secret}`);
    }
  });

  it('refuses an unknown target before any work, listing the known ones', async () => {
    const home = mkdtempSync(join(tmpdir(), 'paperwire-chat-'));
    const before = arxiv.requests.length;
    const result = await runMain([...DIGEST, '--notify', 'teams'], { cwd: home, env: envFor(home) });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--notify: "teams" is not a chat target \(targets: .*feishu.*\)/);
    assert.equal(arxiv.requests.length, before, 'nothing was fetched');
  });

  it('run sends each profile’s notify targets once, and nothing again after a restart', async () => {
    const home = mkdtempSync(join(tmpdir(), 'paperwire-chat-run-'));
    writeFileSync(
      join(home, 'paperwire.toml'),
      '[profiles.rl]\nkeywords = ["reinforcement learning"]\ncategories = ["cs.LG"]\nlang = "en"\nnotify = ["feishu"]\n' +
        RUN_NOW_SCHEDULE,
    );
    const before = feishu.accepted.length;
    const first = await runUntilPlanned(home, envFor(home));
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /^rl \d{4}-\d{2}-\d{2}: sent to chat:feishu \(1 message\)$/m);
    assert.match(first.stderr, /^rl \d{4}-\d{2}-\d{2}: delivered$/m);
    assert.equal(feishu.accepted.length, before + 1);
    assert.equal(first.stderr.includes(FEISHU_TOKEN), false);

    const second = await runUntilPlanned(home, envFor(home));
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stderr, /: delivered$/m);
    assert.equal(feishu.accepted.length, before + 1, 'nothing is sent twice');
  });
});
