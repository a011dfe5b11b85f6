// Tests the `[notify.<name>]` tables and PAPERWIRE_NOTIFY_* variables: targets, defaults, errors at file and line,
// and webhook URLs, secrets and bot tokens registered so that no message can show them.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../config.js';
import { ConfigError, formatError, redact } from '../errors.js';

function load(toml: string, env: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'paperwire-notify-'));
  writeFileSync(join(dir, 'paperwire.toml'), toml);
  return loadConfig({ cwd: dir, env: { PAPERWIRE_HOME: join(dir, 'home'), ...env }, flags: {} });
}

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ConfigError');
}

const SLACK_URL = 'https://hooks.slack.com/services/T0AAAA111/B0BBBB222/xoxb1234SlackToken5678';

describe('loadNotify', () => {
  it('reads named targets with their service, and a profile’s notify list', () => {
    const config = load(
      `[profiles.rl]
notify = ["slack", "lab"]

[notify.slack]
url = "${SLACK_URL}"
top = 5

[notify.lab]
service = "feishu"
url = "https://open.feishu.cn/open-apis/bot/v2/hook/8a1b2c3d-feed-4bee-a11c-0123456789ab"
`,
      { PAPERWIRE_NOTIFY_LAB_SECRET: 'feishu-signing-secret-42' },
    );
    assert.deepEqual(config.profiles.get('rl')?.notify, ['slack', 'lab']);
    const lab = config.notify.get('lab');
    assert.deepEqual(
      { service: lab?.service, secret: lab?.secret, top: lab?.top },
      { service: 'feishu', secret: 'feishu-signing-secret-42', top: 10 },
    );
    assert.equal(config.notify.get('slack')?.top, 5);
  });

  it('makes a target of a service set only by its variables', () => {
    const config = load('[profiles.rl]\nnotify = ["discord", "telegram"]\n', {
      PAPERWIRE_NOTIFY_DISCORD_URL: 'https://discord.com/api/webhooks/123456789012345678/discordToken-abcdef',
      PAPERWIRE_TELEGRAM_BOT_TOKEN: '123456:telegram-bot-token-xyz',
      PAPERWIRE_NOTIFY_TELEGRAM_CHAT_ID: '-1001234567890',
    });
    assert.equal(config.notify.get('discord')?.service, 'discord');
    const telegram = config.notify.get('telegram');
    assert.deepEqual(
      [telegram?.url, telegram?.token, telegram?.chatId],
      ['https://api.telegram.org', '123456:telegram-bot-token-xyz', '-1001234567890'],
    );
  });

  it('registers webhook URLs, secrets and bot tokens, so no message shows them', () => {
    load(
      `[notify.slack]\nurl = "${SLACK_URL}"\n\n[notify.dd]\nservice = "dingtalk"\nurl = "https://oapi.dingtalk.com/robot/send?access_token=dd0123456789abcdef"\nsecret = "SECdingtalk0123456789"\n`,
      {
        PAPERWIRE_TELEGRAM_BOT_TOKEN: '987654:another-telegram-token',
        PAPERWIRE_NOTIFY_TELEGRAM_CHAT_ID: '42',
      },
    );
    const shown = redact(
      `posting to ${SLACK_URL} with SECdingtalk0123456789; bot987654:another-telegram-token; token xoxb1234SlackToken5678`,
    );
    for (const secret of [
      'xoxb1234SlackToken5678',
      'T0AAAA111',
      'SECdingtalk0123456789',
      '987654:another-telegram-token',
    ]) {
      assert.equal(shown.includes(secret), false, shown);
    }
    assert.match(shown, /https:\/\/hooks\.slack\.com\*\*\*/);
  });

  it('refuses a [notify] top past 100 at its line, which flooded the chat with every paper', () => {
    const error = configError(() =>
      load(`[profiles.rl]\nnotify = ["slack"]\n\n[notify.slack]\nurl = "${SLACK_URL}"\ntop = 1e300\n`),
    );
    assert.match(error.message, /paperwire\.toml:6: "notify\.slack\.top" must be at most 100$/);
    const config = load(
      `[profiles.rl]\nnotify = ["slack"]\n\n[notify.slack]\nurl = "${SLACK_URL}"\ntop = 100\n`,
    );
    assert.equal(config.notify.get('slack')?.top, 100);
  });

  it('names the file and line of a target without a URL, never quoting a secret', () => {
    const error = configError(() => load('[profiles.rl]\nnotify = ["wecom"]\n\n[notify.wecom]\ntop = 3\n'));
    assert.match(error.message, /paperwire\.toml:4: chat target "wecom" \(wecom\) has no webhook URL/);
    assert.match(formatError(error), /PAPERWIRE_NOTIFY_WECOM_URL/);
  });

  it('refuses a profile naming an unknown target, at its notify line', () => {
    const error = configError(() => load('[profiles.rl]\nkeywords = ["rl"]\nnotify = ["slak"]\n'));
    assert.match(error.message, /paperwire\.toml:3: "notify" names "slak", which is not a chat target/);
  });

  it('refuses an unknown key, a table without a service, and a URL that is not http(s)', () => {
    assert.match(
      configError(() => load(`[notify.slack]\nurl = "${SLACK_URL}"\nchannel = "x"\n`)).message,
      /:3: unknown key "notify\.slack\.channel"/,
    );
    assert.match(
      configError(() => load('[notify.team]\nurl = "https://example.org/hook"\n')).message,
      /:1: chat target "team" does not say its service/,
    );
    const error = configError(() =>
      load('[notify.slack]\nurl = "hooks.slack.com/services/T0/B0/secretpart99"\n'),
    );
    assert.match(error.message, /:2: chat target "slack": the webhook URL is not an http\(s\) URL/);
    assert.equal(formatError(error).includes('secretpart99'), false);
  });

  it('asks Telegram for a bot token and a chat_id', () => {
    const error = configError(() => load('[notify.telegram]\nchat_id = "42"\n'));
    assert.match(error.message, /chat target "telegram" \(telegram\) needs a bot token and a chat_id/);
  });
});
