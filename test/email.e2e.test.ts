// End to end: a digest with Chinese text is rendered for e-mail, sent through src/deliver/smtp.ts to a real SMTP
// server on 127.0.0.1, and the raw message it received is parsed with mailparser and checked header by header;
// the demo day sent by the CLI and a 500-paper digest stay under Gmail's clipping size, read in Chromium.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { SmtpError, sendEmail } from '../src/deliver/smtp.js';
import { formatError } from '../src/errors.js';
import type { Digest, RatingKind, SmtpSettings } from '../src/model.js';
import { isValidRatingSignature, loadRatingKey, RATING_KEY_FILE } from '../src/rating-links.js';
import { EMAIL_HTML_MAX_BYTES, renderEmail } from '../src/render/html/email.js';
import { browserSkipReason, launchBrowser } from './helpers/browser.js';
import { startChatServer, type ChatServer } from './helpers/chat-server.js';
import { serveFiles, startLoopbackServer, type LoopbackServer } from './helpers/loopback-server.js';
import { runCli } from './helpers/run-cli.js';
import { UNDATED, sampleDigest, sampleEntry, samplePaper } from './helpers/samples.js';
import { closedPort, startSmtpServer, type SmtpTestServer } from './helpers/smtp-server.js';

const ROOT = join(import.meta.dirname, '..');
const DEMO_FEED = readFileSync(join(ROOT, 'demo', 'arxiv-rss-cs.xml'), 'utf8');
const DEMO_ZH = (
  JSON.parse(readFileSync(join(ROOT, 'demo', 'translations.json'), 'utf8')) as { zh: Record<string, string> }
).zh;
/** Gmail shows an HTML part above about 102 KB clipped. */
const GMAIL_CLIP_BYTES = 102_000;
const CHROMIUM_SKIP = browserSkipReason();

const PASSWORD = 'hunter2-correct-horse';
const TITLE_ZH = '面向推理的群体相对策略优化';
const ABSTRACT_ZH = '我们提出一种强化学习方法，在数学推理基准上提升了 12.5% 的准确率。';

function chineseDigest(): Digest {
  const paper = samplePaper('2601.19928', {
    ...UNDATED,
    title: 'Group Relative Policy Optimization for Reasoning',
    abstract: 'We propose a reinforcement learning method that improves accuracy by 12.5%.',
    authors: ['Ada Lovelace', '王小明'],
  });
  return sampleDigest(
    [
      {
        keyword: 'reinforcement learning',
        entries: [sampleEntry(paper, { translation: { title: TITLE_ZH, abstract: ABSTRACT_ZH } })],
      },
    ],
    { profile: 'rl', generatedAt: new Date('2026-01-30T01:31:00Z') },
  );
}

function settingsFor(
  server: { host: string; port: number },
  overrides: Partial<SmtpSettings> = {},
): SmtpSettings {
  return {
    host: server.host,
    port: server.port,
    secure: false,
    startTls: 'never',
    user: 'digest',
    password: PASSWORD,
    timeoutMs: 5_000,
    ...overrides,
  };
}

/** The parts of a multipart body, each with its headers (lower-cased names) and raw body. */
function mimeParts(raw: string): { headers: string; body: string }[] {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1] ?? assert.fail('no boundary');
  const sections = raw.split(`--${boundary}`);
  // Preamble first, the closing `--` last.
  return sections.slice(1, -1).map((section) => {
    const split = section.indexOf('\r\n\r\n');
    return { headers: section.slice(0, split).toLowerCase(), body: section.slice(split + 4) };
  });
}

/** A one-line e-mail, for the tests about how a server answers rather than what is sent. */
const SMALL_MESSAGE = {
  from: 'wire@example.org',
  to: ['reader@example.org'],
  subject: 's',
  html: 'h',
  text: 't',
};

/** What sending SMALL_MESSAGE with `settings` fails with: an SmtpError, for the tests about how a server answers. */
async function smtpErrorOf(settings: Parameters<typeof sendEmail>[1]): Promise<SmtpError> {
  try {
    await sendEmail(SMALL_MESSAGE, settings);
  } catch (error) {
    assert.ok(error instanceof SmtpError);
    return error;
  }
  assert.fail('the e-mail was sent');
}

describe('e-mail delivery over SMTP', () => {
  let server: SmtpTestServer;
  before(async () => {
    server = await startSmtpServer({ users: { digest: PASSWORD } });
  });
  after(() => server.close());

  it('delivers a Chinese digest as multipart/alternative that decodes to the same text', async () => {
    const rendered = renderEmail(chineseDigest(), { lang: 'zh', webUrl: null });
    // The Date header has whole seconds: the send happened between these two instants, however slow the machine.
    const sendStartMs = Math.floor(Date.now() / 1000) * 1000;
    const sent = await sendEmail(
      {
        from: 'paperwire 日报 <wire@example.org>',
        to: ['reader@example.org', '读者@example.org'],
        ...rendered,
      },
      settingsFor(server),
    );

    const sendEndMs = Date.now();
    assert.equal(server.messages.length, 1);
    const received = server.messages[0] ?? assert.fail('no message');
    assert.equal(received.user, 'digest');
    assert.deepEqual(server.logins, [{ method: 'PLAIN', user: 'digest', isAccepted: true }]);
    assert.equal(received.envelopeFrom, 'wire@example.org');
    assert.deepEqual(received.envelopeTo, ['reader@example.org', '读者@example.org']);

    const raw = received.raw.toString('utf8');
    const headerBlock = raw.slice(0, raw.indexOf('\r\n\r\n'));
    // RFC 2047: non-ASCII header text goes as encoded words, never raw bytes.
    assert.match(headerBlock, /^Subject: .*=\?UTF-8\?[BQ]\?/im);
    assert.match(headerBlock, /^Content-Type: multipart\/alternative;/im);
    assert.match(headerBlock, /^Date: /m);
    assert.match(headerBlock, /^Message-ID: <[^>]+>/m);

    // RFC 2046 5.1.4: alternatives go from plainest to richest, so the HTML part comes last.
    const parts = mimeParts(raw);
    assert.deepEqual(
      parts.map((part) => /content-type: ([^;\r\n]+)/.exec(part.headers)?.[1]),
      ['text/plain', 'text/html'],
    );
    for (const part of parts) {
      assert.match(part.headers, /charset=utf-8/);
      assert.match(part.headers, /content-transfer-encoding: (quoted-printable|base64)/);
    }

    const parsed = await simpleParser(received.raw);
    assert.equal(parsed.subject, 'paperwire · 2026-01-30 · 1 篇论文 (rl)');
    assert.equal(parsed.from?.value[0]?.address, 'wire@example.org');
    assert.equal(parsed.from.value[0].name, 'paperwire 日报');
    const to = Array.isArray(parsed.to) ? parsed.to : [parsed.to];
    assert.deepEqual(
      to.flatMap((list) => list?.value.map((address) => address.address) ?? []),
      ['reader@example.org', '读者@example.org'],
    );
    assert.ok(parsed.date instanceof Date, 'the message has a Date header');
    const dateMs = parsed.date.getTime();
    assert.ok(
      dateMs >= sendStartMs && dateMs <= sendEndMs,
      `Date ${parsed.date.toISOString()} is the send time`,
    );
    assert.equal(parsed.messageId, sent.messageId);
    assert.deepEqual(sent.rejected, []);

    assert.equal(parsed.text, rendered.text);
    assert.ok(parsed.text.includes(TITLE_ZH) && parsed.text.includes(ABSTRACT_ZH));
    const html = typeof parsed.html === 'string' ? parsed.html : assert.fail('no HTML part');
    assert.ok(html.includes(`>${TITLE_ZH}<`));
    assert.ok(html.includes(`>${ABSTRACT_ZH}<`));
  });

  it('names host:port and never the password when the login is refused', async () => {
    const wrong = 'wrong-secret-password';
    const settings = settingsFor(server, { password: wrong });
    const rendered = renderEmail(chineseDigest(), { lang: 'zh', webUrl: null });
    const before = server.messages.length;
    await assert.rejects(
      sendEmail({ from: 'wire@example.org', to: ['reader@example.org'], ...rendered }, settings),
      (error: unknown) => {
        assert.ok(error instanceof SmtpError);
        assert.equal(error.code, 'E_DELIVER');
        assert.equal(error.smtpCode, 'EAUTH');
        assert.match(
          error.message,
          new RegExp(`SMTP server 127\\.0\\.0\\.1:${server.port} refused the login of "digest"`),
        );
        for (const text of [error.message, error.hint ?? '', formatError(error)]) {
          assert.ok(!text.includes(wrong), `password leaked in: ${text}`);
          assert.ok(
            !text.includes(Buffer.from(wrong).toString('base64')),
            `encoded password leaked in: ${text}`,
          );
        }
        return true;
      },
    );
    assert.equal(server.messages.length, before);
  });

  it('says a login is needed when the server asks for one and none is configured', async () => {
    await assert.rejects(
      sendEmail(
        { from: 'wire@example.org', to: ['reader@example.org'], subject: 's', html: '<p>h</p>', text: 't' },
        settingsFor(server, { user: null, password: null }),
      ),
      (error: unknown) => {
        assert.ok(error instanceof SmtpError);
        assert.equal(
          error.message,
          `SMTP server 127.0.0.1:${server.port} asks for a login and none is configured`,
        );
        return true;
      },
    );
  });

  it('says the server is down, naming host:port', async () => {
    const port = await closedPort();
    const rendered = renderEmail(chineseDigest(), { lang: 'zh', webUrl: null });
    await assert.rejects(
      sendEmail(
        { from: 'wire@example.org', to: ['reader@example.org'], ...rendered },
        settingsFor({ host: '127.0.0.1', port }),
      ),
      (error: unknown) => {
        assert.ok(error instanceof SmtpError);
        assert.equal(error.message, `cannot connect to SMTP server 127.0.0.1:${port}: connection refused`);
        assert.ok(!formatError(error).includes(PASSWORD));
        return true;
      },
    );
  });

  it('says a 4xx reply is a refusal for now, to try again later, not a setting to check', async () => {
    const deferring = await startSmtpServer({ defersData: 1 });
    try {
      const error = await smtpErrorOf(settingsFor(deferring, { user: null, password: null }));
      assert.equal(error.responseCode, 451);
      assert.equal(
        formatError(error),
        `paperwire: SMTP server 127.0.0.1:${deferring.port} put the e-mail off for now: 451 4.7.1 try again later ` +
          '(a temporary refusal (4xx): try again later; `run` retries on its own)',
      );
      assert.equal(deferring.messages.length, 0);
    } finally {
      await deferring.close();
    }
  });

  it('says a connection dropped after the whole message may have delivered it, not to check host and port', async () => {
    const dropping = await startSmtpServer({ dropsAfterData: 1 });
    try {
      const error = await smtpErrorOf(settingsFor(dropping, { user: null, password: null }));
      assert.equal(
        formatError(error),
        `paperwire: SMTP server 127.0.0.1:${dropping.port} closed the connection after the whole message was ` +
          'sent, before accepting it: it may have arrived (look for it before sending again: a new send repeats ' +
          "its Message-ID, so most mailboxes keep one copy; the server's log says why it did not answer, " +
          'often a message size limit or a content filter)',
      );
      assert.equal(dropping.messages.length, 1, 'the server had the whole message');
    } finally {
      await dropping.close();
    }
  });

  it('says a server silent after the whole message may have taken it, not to check host and port', async () => {
    // Answers every command, then nothing after the message's final dot.
    const silent = createServer((socket) => {
      socket.write('220 silent.example ESMTP\r\n');
      let isInData = false;
      socket.on('data', (chunk: Buffer) => {
        const line = chunk.toString('latin1');
        if (isInData) return;
        if (/^DATA/i.test(line)) {
          isInData = true;
          socket.write('354 go ahead\r\n');
        } else socket.write('250 ok\r\n');
      });
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const error = await smtpErrorOf(
        settingsFor({ host: '127.0.0.1', port }, { user: null, password: null, timeoutMs: 500 }),
      );
      assert.equal(error.code, 'E_TIMEOUT');
      assert.equal(
        error.message,
        `SMTP server 127.0.0.1:${port} did not answer within 500 ms after the whole message was sent: it may ` +
          'have arrived',
      );
      assert.match(error.hint ?? '', /^look for it before sending again/);
    } finally {
      silent.close();
    }
  });

  it('gives up on a server that never greets after timeoutMs', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      await assert.rejects(
        sendEmail(
          { from: 'wire@example.org', to: ['reader@example.org'], subject: 's', html: '<p>h</p>', text: 't' },
          settingsFor({ host: '127.0.0.1', port }, { timeoutMs: 300 }),
        ),
        (error: unknown) => {
          assert.ok(error instanceof SmtpError);
          assert.equal(error.code, 'E_TIMEOUT');
          assert.equal(error.message, `no answer from SMTP server 127.0.0.1:${port} within 300 ms`);
          return true;
        },
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('refuses to go on in clear text when STARTTLS is required and not offered', async () => {
    await assert.rejects(
      sendEmail(
        { from: 'wire@example.org', to: ['reader@example.org'], subject: 's', html: '<p>h</p>', text: 't' },
        settingsFor(server, { startTls: 'required' }),
      ),
      (error: unknown) => {
        assert.ok(error instanceof SmtpError);
        assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${server.port}`));
        return true;
      },
    );
  });

  it('sends without logging in to a server that does not ask for it', async () => {
    const open = await startSmtpServer();
    try {
      await sendEmail(
        {
          from: 'wire@example.org',
          to: ['reader@example.org'],
          subject: 'hello',
          html: '<p>h</p>',
          text: 't',
        },
        settingsFor(open, { user: null, password: null }),
      );
      assert.equal(open.messages.length, 1);
      assert.equal(open.messages[0]?.user, null);
      assert.deepEqual(open.logins, []);
    } finally {
      await open.close();
    }
  });
});

/** The HTML part of a received message, as the reader's client gets it. */
async function receivedHtml(raw: Buffer): Promise<{ html: string; text: string }> {
  const parsed = await simpleParser(raw);
  const html = typeof parsed.html === 'string' ? parsed.html : assert.fail('no HTML part');
  return { html, text: parsed.text ?? assert.fail('no text part') };
}

/** The wrapper's font and a paper title's top rule (null without an h3) as Chromium computes them from `html`. */
async function computedStyles(html: string): Promise<{ fontFamily: string; titleBorder: string | null }> {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.setContent(html);
    return await page.evaluate(() => {
      const wrapper = document.body.firstElementChild ?? document.body;
      const title = document.querySelector('h3');
      return {
        fontFamily: getComputedStyle(wrapper).fontFamily,
        titleBorder: title === null ? null : getComputedStyle(title).borderTopStyle,
      };
    });
  } finally {
    await browser.close();
  }
}

describe('the demo day by e-mail', () => {
  let arxiv: LoopbackServer;
  let chat: ChatServer;
  let smtp: SmtpTestServer;
  let demo: { html: string; text: string };
  let home: string;
  before(async () => {
    arxiv = await startLoopbackServer(serveFiles({ '/rss/cs': { body: DEMO_FEED } }));
    chat = await startChatServer((request) => ({
      content: DEMO_ZH[request.user] ?? assert.fail(`no recorded translation for ${request.user}`),
      usage: { promptTokens: 100, completionTokens: 20 },
    }));
    smtp = await startSmtpServer({ users: { digest: PASSWORD } });
    home = mkdtempSync(join(tmpdir(), 'paperwire-email-'));
    const config = join(home, 'paperwire.toml');
    writeFileSync(
      config,
      '[profiles.demo]\nkeywords = ["reinforcement learning", "diffusion policy"]\ncategories = ["cs"]\nlang = "zh"\n',
    );
    const result = await runCli(
      ['digest', '--config', config, '--profile', 'demo', '--email', 'reader@example.org'],
      {
        cwd: home,
        env: {
          PAPERWIRE_HOME: home,
          PAPERWIRE_ARXIV_RSS_URL: `${arxiv.url}/rss`,
          PAPERWIRE_ARXIV_API_URL: `${arxiv.url}/api/query`,
          PAPERWIRE_LLM_BASE_URL: `${chat.url}/v1`,
          PAPERWIRE_LLM_MODEL: 'recorded',
          PAPERWIRE_HTTP_RETRIES: '0',
          PAPERWIRE_SMTP_HOST: smtp.host,
          PAPERWIRE_SMTP_PORT: String(smtp.port),
          PAPERWIRE_SMTP_STARTTLS: 'never',
          PAPERWIRE_SMTP_USER: 'digest',
          PAPERWIRE_SMTP_PASSWORD: PASSWORD,
          PAPERWIRE_SMTP_FROM: 'paperwire <wire@example.org>',
          PAPERWIRE_PUBLIC_URL: 'https://wire.example.org/',
        },
      },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(smtp.messages.length, 1);
    demo = await receivedHtml(smtp.messages[0]?.raw ?? assert.fail('no message'));
  });
  after(async () => {
    await arxiv.close();
    await chat.close();
    await smtp.close();
  });

  it('keeps the HTML part of the 33 papers in Chinese under Gmail’s clipping size, the text whole', () => {
    const bytes = Buffer.byteLength(demo.html);
    assert.ok(bytes < GMAIL_CLIP_BYTES && bytes <= EMAIL_HTML_MAX_BYTES, `${bytes} bytes`);
    // With [web] public_url set, each paper also carries its three signed rating links (about 300 bytes), so fewer
    // papers fit: 29 of the 33; the line under them links the rest on the web page.
    const shown = demo.html.split('<h3>').length - 1;
    assert.ok(shown >= 29, `${shown} papers shown`);
    if (shown < 33) {
      assert.match(
        demo.html,
        new RegExp(
          `还有 ${33 - shown} 篇论文: <a href="https://wire\\.example\\.org/digests/demo/2026-01-30">`,
        ),
      );
    }
    assert.equal(demo.text.split('Arxiv link:').length - 1, 33);
  });

  it('carries signed rating links on the public URL for every paper shown, under a key made in the home', () => {
    assert.equal(statSync(join(home, RATING_KEY_FILE)).mode & 0o777, 0o600);
    const key = loadRatingKey(home);
    const linksOf = (text: string): { arxivId: string; kind: string; isValid: boolean }[] =>
      [
        ...text.matchAll(
          /https:\/\/wire\.example\.org\/rate\/([^"?\s]+)\/(up|down|save)\?t=(\d+)&(?:amp;)?sig=([\w-]+)/g,
        ),
      ].map(([, arxivId = '', kind = '', t = '', sig = '']) => ({
        arxivId,
        kind,
        isValid: isValidRatingSignature(key, arxivId, kind as RatingKind, Number(t), sig),
      }));
    const shown = demo.html.split('<h3>').length - 1;
    const inHtml = linksOf(demo.html);
    assert.equal(inHtml.length, shown * 3);
    assert.ok(inHtml.every((link) => link.isValid));
    const inText = linksOf(demo.text);
    assert.equal(inText.length, 33 * 3);
    assert.ok(inText.every((link) => link.isValid));
  });

  it(
    'keeps the wrapper’s font in Chromium, and the <style> block applies',
    { skip: CHROMIUM_SKIP ?? false },
    async () => {
      const styles = await computedStyles(demo.html);
      assert.match(
        styles.fontFamily,
        /^-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, .*sans-serif$/,
      );
      assert.equal(styles.titleBorder, 'solid');
    },
  );
});

describe('a 500-paper digest by e-mail', () => {
  let server: SmtpTestServer;
  before(async () => {
    server = await startSmtpServer({ users: { digest: PASSWORD } });
  });
  after(() => server.close());

  function longDigest(): Digest {
    const entries = Array.from({ length: 500 }, (_, index) =>
      sampleEntry(
        samplePaper(`2601.${String(10_000 + index)}`, {
          ...UNDATED,
          title: `Paper ${index + 1}: reinforcement learning at scale`,
          abstract: `We propose method ${index + 1}. ${'It improves accuracy on reasoning benchmarks. '.repeat(25)}`,
          authors: ['Ada Lovelace', '王小明'],
        }),
        {
          translation: {
            title: `第 ${index + 1} 篇：大规模强化学习`,
            abstract: `我们提出方法 ${index + 1}。${'它在推理基准上提升了准确率。'.repeat(20)}`,
          },
        },
      ),
    );
    return sampleDigest([{ keyword: 'reinforcement learning', entries }], { profile: 'rl' });
  }

  it('sends HTML under Gmail’s clipping size with a line linking the rest, and the whole text', async () => {
    const webUrl = 'https://wire.example.org/digests/rl/2026-01-30';
    const rendered = renderEmail(longDigest(), { lang: 'zh', webUrl });
    await sendEmail(
      { from: 'wire@example.org', to: ['reader@example.org'], ...rendered },
      settingsFor(server),
    );
    const { html, text } = await receivedHtml(server.messages.at(-1)?.raw ?? assert.fail('no message'));
    assert.equal(html, rendered.html);
    assert.equal(text, rendered.text);
    const bytes = Buffer.byteLength(html);
    assert.ok(bytes < GMAIL_CLIP_BYTES, `${bytes} bytes`);
    const shown = html.split('<h3>').length - 1;
    assert.match(html, new RegExp(`还有 ${500 - shown} 篇论文: <a href="${webUrl}">请看网页版</a>`));
    assert.ok(text.includes('Paper 500: reinforcement learning at scale'));
  });
});
