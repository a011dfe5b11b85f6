// Tests chat delivery against each service's loopback fake (test/helpers/chat-fakes.ts): the documented payload,
// the signature the fake verifies with the same secret, splitting between papers, pacing, retries, resuming.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  readChatFixture,
  startChatFake,
  type ChatFake,
  type ChatFakeOptions,
} from '../../../test/helpers/chat-fakes.js';
import { DeliveryError, formatError } from '../../errors.js';
import { DEFAULT_POLICIES, HttpClient } from '../../http.js';
import {
  CHAT_SERVICES,
  type ChatDigest,
  type ChatEntry,
  type ChatServiceName,
  type ChatTarget,
} from '../../model.js';
import { sendChatDigest, type ChatSendDeps } from './index.js';

const NOW = new Date('2026-01-30T02:00:00Z');
const TOKEN = 'tok-9f8e7d6c5b4a39281706';
const SECRET = 'SEC-signing-secret-0123456789';

function entryOf(rank: number, title = `Offline reinforcement learning at scale, part ${rank}`): ChatEntry {
  const arxivId = `2601.${String(19900 + rank).padStart(5, '0')}`;
  return {
    rank,
    arxivId,
    title,
    translatedTitle: `大规模离线强化学习 第${rank}部分`,
    isMarked: rank === 2,
    absUrl: `https://arxiv.org/abs/${arxivId}`,
    pdfUrl: `https://arxiv.org/pdf/${arxivId}`,
  };
}

function chatOf(entries: ChatEntry[]): ChatDigest {
  return {
    profile: 'rl',
    listingDate: '2026-01-30',
    paperCount: entries.length,
    entries,
    header: `rl · 2026-01-30 · ${entries.length} papers`,
  };
}

function targetOf(service: ChatServiceName, fake: ChatFake, overrides: Partial<ChatTarget> = {}): ChatTarget {
  const isTelegram = service === 'telegram';
  return {
    name: `team-${service}`,
    service,
    url: fake.url,
    secret: ['feishu', 'dingtalk', 'webhook'].includes(service) ? SECRET : null,
    token: isTelegram ? TOKEN : null,
    chatId: isTelegram ? '-1001234567890' : null,
    top: 10,
    ...overrides,
  };
}

/** An HTTP client whose sleeps are recorded and advance its clock instead of waiting; policy fields overridden. */
function recordingClient(override: { retries?: number; backoffMs?: number } = {}): {
  client: HttpClient;
  sleeps: number[];
} {
  const sleeps: number[] = [];
  let clockMs = NOW.getTime();
  const policies = Object.fromEntries(Object.keys(DEFAULT_POLICIES).map((name) => [name, override]));
  const client = new HttpClient({
    policies,
    now: () => clockMs,
    sleep: (ms) => {
      sleeps.push(ms);
      clockMs += ms;
      return Promise.resolve();
    },
  });
  return { client, sleeps };
}

function depsOf(client: HttpClient, sent = new Set<string>()): ChatSendDeps {
  return {
    client,
    now: () => NOW,
    isMessageSent: (key) => sent.has(key),
    recordMessage: (key) => sent.add(key),
  };
}

/** The fields a payload has and, for objects, theirs, as `a.b` paths (arrays by their first item). */
function shapeOf(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [prefix] : shapeOf(value[0], `${prefix}[]`);
  if (typeof value !== 'object' || value === null) return [`${prefix}:${typeof value}`];
  return Object.entries(value).flatMap(([key, item]) => shapeOf(item, prefix ? `${prefix}.${key}` : key));
}

/** The text of a message as the reader sees it, whatever the service's payload. */
function textOf(body: Record<string, unknown>): string {
  return JSON.stringify(body);
}

const fakes: ChatFake[] = [];
async function fakeOf(service: ChatServiceName, options: Partial<ChatFakeOptions> = {}): Promise<ChatFake> {
  const fake = await startChatFake(service, {
    token: TOKEN,
    nowMs: () => NOW.getTime(),
    ...(['feishu', 'dingtalk', 'webhook'].includes(service) ? { secret: SECRET } : {}),
    ...options,
  });
  fakes.push(fake);
  return fake;
}
after(() => Promise.all(fakes.map((fake) => fake.close())));

describe('sendChatDigest', () => {
  for (const service of CHAT_SERVICES) {
    it(`sends ${service} the documented payload, signed where the service signs, and the fake takes it`, async () => {
      const fake = await fakeOf(service);
      const { client } = recordingClient();
      const result = await sendChatDigest(
        chatOf([entryOf(1), entryOf(2)]),
        targetOf(service, fake),
        depsOf(client),
      );
      assert.deepEqual(result, { sent: 1, skipped: 0 });
      assert.equal(fake.accepted.length, 1);
      const body = fake.accepted[0] ?? {};
      // Every field of the documented example is there, with the same type (Feishu's post rows may differ).
      const documented = shapeOf(readChatFixture(service).request).filter(
        (path) => !path.includes('content.post.zh_cn.content'),
      );
      const sent = new Set(shapeOf(body));
      for (const path of documented)
        assert.ok(sent.has(path), `${service}: ${path} is in the documented payload`);
      const text = textOf(body);
      const mark = service === 'webhook' ? '"isMarked":true' : '⚠';
      for (const wanted of [
        'rl · 2026-01-30 · 2 papers',
        'part 1',
        '第2部分',
        'https://arxiv.org/abs/2601.19901',
        mark,
      ]) {
        assert.ok(text.includes(wanted), `${service}: the message has ${wanted}`);
      }
    });
  }

  for (const service of ['dingtalk', 'wecom'] as const) {
    it(`never lets a translated title make a link of its own in ${service}'s markdown`, async () => {
      const fake = await fakeOf(service);
      const { client } = recordingClient();
      const injected = {
        ...entryOf(1),
        translatedTitle: '离线强化学习 [紧急: 重置密码](https://evil.example/reset)',
      };
      await sendChatDigest(chatOf([injected]), targetOf(service, fake), depsOf(client));
      const text = textOf(fake.accepted[0] ?? {});
      assert.ok(text.includes('离线强化学习 ［紧急: 重置密码］(https://evil.example/reset)'), text);
      assert.ok(!text.includes('[紧急'), text);
    });
  }

  for (const service of ['feishu', 'dingtalk', 'webhook'] as const) {
    it(`is refused by ${service} when signed with another secret, naming the target and never the token`, async () => {
      const fake = await fakeOf(service);
      const { client } = recordingClient();
      const error = await sendChatDigest(
        chatOf([entryOf(1)]),
        targetOf(service, fake, { secret: 'SEC-another-secret-000000' }),
        depsOf(client),
      ).then(
        () => assert.fail('a wrong signature is refused'),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof DeliveryError);
      assert.equal(fake.requests.length, 1, 'a refusal is not retried');
      assert.equal(fake.accepted.length, 0);
      const line = formatError(error);
      assert.match(line, new RegExp(`chat:team-${service}: the message was not sent \\(${service}\\)`));
      assert.equal(line.includes(TOKEN), false, line);
    });
  }

  it('is refused by Telegram with another bot token (401), and the token is never shown', async () => {
    const fake = await fakeOf('telegram');
    const { client } = recordingClient();
    const otherToken = '1234567:AAAA-another-bot-token-zz';
    const error = await sendChatDigest(
      chatOf([entryOf(1)]),
      targetOf('telegram', fake, { token: otherToken }),
      depsOf(client),
    ).then(
      () => assert.fail('an unknown bot is refused'),
      (caught: unknown) => caught,
    );
    const line = formatError(error);
    assert.match(line, /HTTP 401/);
    assert.equal(line.includes(otherToken), false, line);
  });

  const LIMITED = ['slack', 'discord', 'telegram', 'feishu', 'dingtalk', 'wecom'] as const;
  const LIMITS: Record<(typeof LIMITED)[number], (body: Record<string, unknown>) => boolean> = {
    slack: (body) => (body['text'] as string).length <= 4000,
    discord: (body) => (body['content'] as string).length <= 2000,
    telegram: (body) => (body['text'] as string).length <= 4096,
    feishu: (body) => Buffer.byteLength(JSON.stringify(body)) <= 20 * 1024,
    dingtalk: (body) => Buffer.byteLength((body['markdown'] as { text: string }).text) <= 20_000,
    wecom: (body) => Buffer.byteLength((body['markdown'] as { content: string }).content) <= 4096,
  };
  for (const service of LIMITED) {
    it(`splits a big digest for ${service} between papers, each message within its limit, no paper cut`, async () => {
      const fake = await fakeOf(service);
      const { client } = recordingClient();
      const long = 'a policy that learns from logged data without interaction '.repeat(
        service === 'feishu' || service === 'dingtalk' ? 6 : 2,
      );
      const entries = Array.from(
        { length: service === 'feishu' || service === 'dingtalk' ? 60 : 30 },
        (_, index) => entryOf(index + 1, `Paper ${index + 1}: ${long}end${index + 1}x`),
      );
      const result = await sendChatDigest(
        { ...chatOf(entries), entries },
        targetOf(service, fake, { top: entries.length }),
        depsOf(client),
      );
      assert.ok(result.sent > 1, `${service}: several messages (${result.sent})`);
      assert.equal(fake.accepted.length, result.sent);
      for (const body of fake.accepted)
        assert.ok(LIMITS[service](body), `${service}: a message within the limit`);
      const all = fake.accepted.map(textOf).join('\n');
      for (const entry of entries) {
        assert.equal(
          all.split(`end${entry.rank}x`).length - 1,
          1,
          `${service}: paper ${entry.rank} once, whole`,
        );
      }
      assert.ok(textOf(fake.accepted[0] ?? {}).includes(`(1/${result.sent})`), 'each message says its part');
    });
  }

  it('shortens only a paper too long for a message alone, at a word boundary with "…"', async () => {
    const fake = await fakeOf('discord');
    const { client } = recordingClient();
    const huge = entryOf(2, `${'word '.repeat(600)}tail`);
    await sendChatDigest(chatOf([entryOf(1), huge, entryOf(3)]), targetOf('discord', fake), depsOf(client));
    const contents = fake.accepted.map((body) => body['content'] as string);
    assert.ok(contents.every((content) => content.length <= 2000));
    const all = contents.join('\n');
    assert.match(all, /word word…\]/, 'cut after a whole word, marked');
    assert.ok(all.includes('part 1') && all.includes('part 3'), 'the others are whole');
  });

  it('never cuts a title inside a surrogate pair when it shortens it', async () => {
    const fake = await fakeOf('discord');
    const { client } = recordingClient();
    // Math letters (𝒪) are two UTF-16 units each: a cut at an odd unit left half of one, a lone surrogate. Titles
    // of several lengths, so that some cut falls on an odd unit.
    for (let count = 1100; count <= 1500; count += 50) {
      const huge = entryOf(2, '𝒪'.repeat(count));
      await sendChatDigest(chatOf([entryOf(1), huge]), targetOf('discord', fake), depsOf(client));
    }
    const contents = fake.accepted.map((body) => body['content'] as string);
    assert.ok(contents.join('').includes('𝒪…'), 'the titles were shortened');
    const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    for (const content of contents) assert.doesNotMatch(content, loneSurrogate);
  });

  it('paces the messages of one send by the service’s documented limit', async () => {
    const fake = await fakeOf('slack');
    const { client, sleeps } = recordingClient();
    const entries = Array.from({ length: 30 }, (_, index) =>
      entryOf(index + 1, `${'long title '.repeat(20)}${index}`),
    );
    const result = await sendChatDigest(
      chatOf(entries),
      targetOf('slack', fake, { top: 30 }),
      depsOf(client),
    );
    assert.ok(result.sent >= 3);
    assert.deepEqual(
      sleeps,
      Array.from({ length: result.sent - 1 }, () => 1_000),
      'Slack: one message a second',
    );
  });

  it('waits as Discord’s 429 asks (retry_after in seconds), then sends', async () => {
    const fake = await fakeOf('discord', {
      fault: (index) => (index === 0 ? { reply: 'rateLimited' } : null),
    });
    const { client, sleeps } = recordingClient({ backoffMs: 10 });
    await sendChatDigest(chatOf([entryOf(1)]), targetOf('discord', fake), depsOf(client));
    assert.equal(fake.requests.length, 2);
    assert.equal(fake.accepted.length, 1);
    assert.deepEqual(sleeps, [640], 'the body’s retry_after, finer than the header’s whole seconds');
  });

  it('waits as Telegram’s 429 asks (parameters.retry_after), then sends', async () => {
    const fake = await fakeOf('telegram', {
      fault: (index) => (index === 0 ? { reply: 'tooManyRequests' } : null),
    });
    const { client, sleeps } = recordingClient();
    await sendChatDigest(chatOf([entryOf(1)]), targetOf('telegram', fake), depsOf(client));
    assert.equal(fake.accepted.length, 1);
    assert.ok(sleeps.includes(3_000), `waited 3 s (${sleeps.join(', ')})`);
  });

  it('retries a 503 with Retry-After and a DingTalk "send too fast" under HTTP 200 by the shared policy', async () => {
    const slackFake = await fakeOf('slack', {
      fault: (index) =>
        index === 0 ? { status: 503, body: 'unavailable', headers: { 'retry-after': '1' } } : null,
    });
    const dingFake = await fakeOf('dingtalk', {
      fault: (index) => (index === 0 ? { reply: 'tooFast' } : null),
    });
    const { client } = recordingClient();
    await sendChatDigest(chatOf([entryOf(1)]), targetOf('slack', slackFake), depsOf(client));
    await sendChatDigest(chatOf([entryOf(1)]), targetOf('dingtalk', dingFake), depsOf(client));
    assert.deepEqual([slackFake.requests.length, slackFake.accepted.length], [2, 1]);
    assert.deepEqual([dingFake.requests.length, dingFake.accepted.length], [2, 1]);
  });

  it('never posts a message again after a 500: the delivery fails and the rerun sends it', async () => {
    let failing = true;
    const fake = await fakeOf('slack', {
      fault: () => (failing ? { status: 500, body: 'posted, then failed' } : null),
    });
    const { client } = recordingClient();
    const sent = new Set<string>();
    await assert.rejects(
      sendChatDigest(chatOf([entryOf(1)]), targetOf('slack', fake), depsOf(client, sent)),
      (error: unknown) => {
        assert.match(formatError(error), /the message was not sent .*HTTP 500 after 1 attempt/);
        return true;
      },
    );
    assert.equal(fake.requests.length, 1, 'posted once, not 4 times');
    failing = false;
    await sendChatDigest(chatOf([entryOf(1)]), targetOf('slack', fake), depsOf(client, sent));
    assert.equal(fake.accepted.length, 1);
  });

  it('after a send cut at the second message, sends only the papers not sent; after success, nothing', async () => {
    let dropping = true;
    const fake = await fakeOf('wecom', { fault: (index) => (dropping && index === 1 ? 'drop' : null) });
    const { client } = recordingClient({ retries: 0 });
    const entries = Array.from({ length: 20 }, (_, index) =>
      entryOf(index + 1, `${'wide title '.repeat(25)}${index}`),
    );
    const chat = chatOf(entries);
    const target = targetOf('wecom', fake, { top: 20 });
    const sent = new Set<string>();
    await assert.rejects(
      sendChatDigest(chat, target, depsOf(client, sent)),
      /chat:team-wecom: message 2 of \d+ was not sent/,
    );
    const firstPapers = sent.size;
    assert.ok(firstPapers >= 1 && firstPapers < 20, 'the papers of the first message are recorded');
    dropping = false;
    const resumed = await sendChatDigest(chat, target, depsOf(client, sent));
    assert.equal(resumed.skipped, firstPapers);
    assert.equal(fake.accepted.length, resumed.sent + 1, 'the first message is not sent again');
    const again = await sendChatDigest(chat, target, depsOf(client, sent));
    assert.deepEqual(again, { sent: 0, skipped: 20 });
  });

  it('never sends a paper twice when the rerun’s message reads otherwise (a translation cached since)', async () => {
    let dropping = true;
    const fake = await fakeOf('wecom', { fault: (index) => (dropping && index === 1 ? 'drop' : null) });
    const { client } = recordingClient({ retries: 0 });
    const wide = (translated: string | null) =>
      Array.from({ length: 20 }, (_, index) => ({
        ...entryOf(index + 1, `${'wide title '.repeat(25)}${index}`),
        translatedTitle: translated,
      }));
    const target = targetOf('wecom', fake, { top: 20 });
    const sent = new Set<string>();
    await assert.rejects(sendChatDigest(chatOf(wide(null)), target, depsOf(client, sent)));
    dropping = false;
    await sendChatDigest(chatOf(wide('标题已翻译')), target, depsOf(client, sent));
    const ids = fake.accepted.flatMap((body) =>
      [...JSON.stringify(body).matchAll(/abs\/(2601\.\d{5})/g)].map((match) => match[1]),
    );
    assert.equal(ids.length, 20, 'every paper reached the group');
    assert.equal(new Set(ids).size, 20, 'none twice');
  });
});
