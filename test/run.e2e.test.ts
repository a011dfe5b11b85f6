// End to end: `digest --email` through a real SMTP server on loopback, and the long-running `run` scheduler
// delivering every profile once, catching up after a restart without sending twice, and stopping on SIGTERM.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { serveFiles, startLoopbackServer, type LoopbackServer } from './helpers/loopback-server.js';
import { runCli, runMain } from './helpers/run-cli.js';
import { RUN_NOW_SCHEDULE, dueDemoFeed, runUntilPlanned } from './helpers/run-until-planned.js';
import { startSmtpServer, type SmtpTestServer } from './helpers/smtp-server.js';

const ROOT = join(import.meta.dirname, '..');
const API_DAY = readFileSync(
  join(ROOT, 'src', 'sources', 'arxiv-api', 'fixtures', 'cs-LG-2026-01-30.xml'),
  'utf8',
);
const SMTP_PASSWORD = 'smtp-pass-0123456789';

let arxiv: LoopbackServer;
let smtp: SmtpTestServer;

before(async () => {
  arxiv = await startLoopbackServer(
    serveFiles({
      '/rss/cs.LG': { body: dueDemoFeed },
      '/rss/cs': { body: dueDemoFeed },
      '/api/query': { body: API_DAY },
    }),
  );
  smtp = await startSmtpServer({ users: { wire: SMTP_PASSWORD } });
});

after(async () => {
  await arxiv.close();
  await smtp.close();
});

function envFor(home: string): NodeJS.ProcessEnv {
  return {
    PAPERWIRE_HOME: join(home, 'data'),
    PAPERWIRE_ARXIV_RSS_URL: `${arxiv.url}/rss`,
    PAPERWIRE_ARXIV_API_URL: `${arxiv.url}/api/query`,
    PAPERWIRE_SMTP_HOST: smtp.host,
    PAPERWIRE_SMTP_PORT: String(smtp.port),
    PAPERWIRE_SMTP_STARTTLS: 'never',
    PAPERWIRE_SMTP_USER: 'wire',
    PAPERWIRE_SMTP_PASSWORD: SMTP_PASSWORD,
    PAPERWIRE_SMTP_FROM: 'paperwire <wire@example.org>',
    PAPERWIRE_HTTP_RETRIES: '0',
  };
}

function writeRunConfig(home: string): void {
  writeFileSync(
    join(home, 'paperwire.toml'),
    [
      '[profiles.rl]',
      'keywords = ["reinforcement learning"]',
      'categories = ["cs.LG"]',
      'lang = "en"',
      'style = "markdown"',
      'out = "archive/{date}.md"',
      'email = ["reader@example.org"]',
      '',
      '[web]',
      'public_url = "http://127.0.0.1:8787"',
      '',
      RUN_NOW_SCHEDULE,
    ].join('\n'),
  );
}

describe('digest --email', () => {
  it('sends the digest as HTML with a text alternative, and never prints the password', async () => {
    const home = mkdtempSync(join(tmpdir(), 'paperwire-mail-'));
    const before = smtp.messages.length;
    const result = await runCli(
      [
        'digest',
        '--date',
        '2026-01-30',
        '--category',
        'cs.LG',
        '--lang',
        'en',
        '--email',
        'reader@example.org',
      ],
      { cwd: home, env: { ...envFor(home), PAPERWIRE_PUBLIC_URL: 'https://papers.example.org/wire/' } },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(smtp.messages.length, before + 1);
    const received = smtp.messages.at(-1);
    assert.deepEqual(received?.envelopeTo, ['reader@example.org']);
    const mail = await simpleParser(received.raw);
    assert.match(mail.subject ?? '', /2026-01-30/);
    assert.match(mail.text ?? '', /Distributional value gradients for stochastic environments/);
    assert.match(String(mail.html), /Distributional value gradients for stochastic environments/);
    // The public URL links the e-mail to the digest's page in the web UI.
    assert.match(
      String(mail.html),
      /<a href="https:\/\/papers\.example\.org\/wire\/digests\/[^/"]+\/2026-01-30"/,
    );
    assert.match(result.stderr, /sent to reader@example\.org/);
    // The same Message-ID as run would give this delivery, so a copy sent by both is one message to the reader.
    assert.match(mail.messageId ?? '', /^<paperwire\.[^@]+\.2026-01-30\.[0-9a-f]{16}@example\.org>$/);
    assert.doesNotMatch(result.stdout + result.stderr, new RegExp(SMTP_PASSWORD));
  });

  it('says how to configure SMTP when none is set', async () => {
    const home = mkdtempSync(join(tmpdir(), 'paperwire-mail-'));
    const env = { ...envFor(home), PAPERWIRE_SMTP_HOST: '' };
    const result = await runMain(
      ['digest', '--date', '2026-01-30', '--lang', 'en', '--email', 'reader@example.org'],
      {
        cwd: home,
        env,
      },
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /--email: no SMTP server is configured \(set \[smtp\] host and from/);
  });

  it('rejects an address that could forge headers', async () => {
    const home = mkdtempSync(join(tmpdir(), 'paperwire-mail-'));
    const result = await runMain(['digest', '--email', 'a@b.c\nBcc: x@y.z'], {
      cwd: home,
      env: envFor(home),
    });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--email: ".*" is not an e-mail address/);
  });
});

describe('paperwire run', () => {
  it('delivers every profile once, sends nothing twice after a restart, and stops on SIGTERM', async () => {
    const home = mkdtempSync(join(tmpdir(), 'paperwire-run-'));
    writeRunConfig(home);
    const before = smtp.messages.length;
    const first = await runUntilPlanned(home, envFor(home));
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /scheduler stopped/);
    const delivered = /^rl (\d{4}-\d{2}-\d{2}): delivered$/m.exec(first.stderr);
    assert.ok(delivered, first.stderr);
    assert.ok(existsSync(join(home, 'archive', `${delivered[1]}.md`)));
    assert.equal(smtp.messages.length, before + 1);
    const mail = await simpleParser(smtp.messages.at(-1)?.raw ?? Buffer.from(''));
    assert.match(
      String(mail.html),
      new RegExp(`<a href="http://127\\.0\\.0\\.1:8787/digests/rl/${delivered[1]}"`),
    );

    const second = await runUntilPlanned(home, envFor(home));
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stderr, /: delivered$/m);
    assert.equal(smtp.messages.length, before + 1, 'nothing is sent twice');
  });

  it('sends a renamed profile nothing its old name sent; another digest, or --resend, is sent', async () => {
    const home = mkdtempSync(join(tmpdir(), 'paperwire-rename-'));
    const address = 'renamed@example.org';
    const sentTo = (to: string): number =>
      smtp.messages.filter((message) => message.envelopeTo.includes(to)).length;
    const profile = (name: string, keywords: string, email: string): string[] => [
      `[profiles.${name}]`,
      `keywords = ["${keywords}"]`,
      'categories = ["cs.LG"]',
      'lang = "en"',
      `out = "${keywords.replaceAll(' ', '-')}/{date}.md"`,
      `email = ["${email}"]`,
      '',
    ];
    const writeConfig = (...profiles: string[][]): void =>
      writeFileSync(join(home, 'paperwire.toml'), [...profiles.flat(), RUN_NOW_SCHEDULE].join('\n'));
    writeConfig(profile('rl', 'reinforcement learning', address));
    const first = await runUntilPlanned(home, envFor(home));
    assert.equal(first.code, 0, first.stderr);
    const date = /^rl (\d{4}-\d{2}-\d{2}): delivered$/m.exec(first.stderr)?.[1];
    assert.ok(date !== undefined, first.stderr);
    assert.equal(sentTo(address), 1);

    // rl renamed robots, its settings kept; a new profile of other papers mails the same address.
    writeConfig(profile('robots', 'reinforcement learning', address), profile('vision', 'image', address));
    const second = await runUntilPlanned(home, envFor(home));
    assert.equal(second.code, 0, second.stderr);
    assert.match(
      second.stderr,
      new RegExp(
        `^robots ${date}: not sent to email:${address}: it got the same papers from profile rl at \\S+, ` +
          'a profile no longer in the config \\(renamed\\?\\)$',
        'm',
      ),
    );
    assert.match(second.stderr, /^vision \S+: delivered$/m);
    assert.equal(sentTo(address), 2, 'the other digest only, not the renamed one');

    // By hand, under a third name: skipped with the same line, until --resend.
    writeConfig(profile('agents', 'reinforcement learning', address));
    const digest = ['digest', '--profile', 'agents', '--date', date, '--email', address];
    const byHand = await runCli(digest, { cwd: home, env: envFor(home) });
    assert.equal(byHand.code, 0, byHand.stderr);
    assert.match(
      byHand.stderr,
      /not sent to email:renamed@example\.org: it got the same papers from profile r/,
    );
    assert.equal(sentTo(address), 2);
    const resent = await runCli([...digest, '--resend'], { cwd: home, env: envFor(home) });
    assert.equal(resent.code, 0, resent.stderr);
    assert.equal(sentTo(address), 3, '--resend sends it again');
  });

  it('refuses a second run on the same home in one line naming the holder, and sends nothing twice', async () => {
    const home = mkdtempSync(join(tmpdir(), 'paperwire-run-'));
    writeRunConfig(home);
    const before = smtp.messages.length;
    let second: { code: number | null; stderr: string } | null = null;
    let holder = 0;
    const first = await runUntilPlanned(home, envFor(home), {
      whilePlanned: async (pid) => {
        holder = pid;
        // Today's code would plan too (and be stopped): the refusal is the exit code and the line.
        second = await runUntilPlanned(home, envFor(home));
      },
    });
    assert.equal(first.code, 0, first.stderr);
    const refused = second as { code: number | null; stderr: string } | null;
    assert.ok(refused);
    assert.equal(refused.code, 1, refused.stderr);
    const lockPath = join(home, 'data', 'run.lock');
    assert.equal(
      refused.stderr.trim().split('\n')[0],
      `paperwire: ${lockPath}: another paperwire run (pid ${holder}) is already delivering from this home ` +
        '(stop that process first, or let it do the deliveries; only one run per home)',
    );
    assert.doesNotMatch(refused.stderr, /delivered|sent to/);
    assert.equal(smtp.messages.length, before + 1, 'only the lock holder sends');
  });

  it('refuses to start, in one line, a profile with e-mail recipients and no SMTP server', async () => {
    const home = mkdtempSync(join(tmpdir(), 'paperwire-run-'));
    writeRunConfig(home);
    const requests = arxiv.requests.length;
    const result = await runUntilPlanned(home, { ...envFor(home), PAPERWIRE_SMTP_HOST: '' });
    assert.equal(result.code, 1, result.stderr);
    assert.equal(
      result.stderr.trim(),
      'paperwire: [smtp]: profile rl has e-mail recipients but no SMTP server is set ' +
        '(set [smtp] host and from (or PAPERWIRE_SMTP_HOST and PAPERWIRE_SMTP_FROM))',
    );
    assert.equal(arxiv.requests.length, requests, 'nothing is fetched');
  });

  it('takes over the lock of a run that was killed', async () => {
    const home = mkdtempSync(join(tmpdir(), 'paperwire-run-'));
    writeRunConfig(home);
    const killed = await runUntilPlanned(home, envFor(home), { signal: 'SIGKILL' });
    assert.equal(killed.signal, 'SIGKILL');
    const next = await runUntilPlanned(home, envFor(home));
    assert.equal(next.code, 0, next.stderr);
    assert.match(next.stderr, /scheduler stopped/);
  });
});
