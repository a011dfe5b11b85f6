// Loopback fakes of the chat services (Slack, Discord, Telegram, Feishu, DingTalk, WeCom, the JSON webhook): each
// checks a message as its documentation says the service does (path token, payload shape, size, signature over
// its own clock) and answers with the replies recorded in src/deliver/chat/fixtures/.

import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import type { ChatServiceName } from '../../src/model.js';
import { startLoopbackServer, type RecordedRequest } from './loopback-server.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'src', 'deliver', 'chat', 'fixtures');

/** One recorded answer: status, body (JSON unless a string), headers. */
interface FixtureReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A service's fixture: its documentation, an example request and its documented answers by name. */
export interface ChatFixture {
  doc: string;
  request: Record<string, unknown>;
  replies: Record<string, FixtureReply>;
}

export function readChatFixture(service: ChatServiceName): ChatFixture {
  return JSON.parse(readFileSync(join(FIXTURES, `${service}.json`), 'utf8')) as ChatFixture;
}

/** What the fake does with the request of one index (0-based) before checking it: answer so, or drop the connection. */
type ChatFault = 'drop' | FixtureReply | { reply: string };

export interface ChatFakeOptions {
  /** The token in the webhook's path or query (Telegram: the bot token). */
  token: string;
  /** The signing secret the service was set up with (Feishu, DingTalk, the webhook); absent: no signature asked. */
  secret?: string;
  /** The service's clock, in ms since the epoch, for the signature's one-hour window. */
  nowMs?: () => number;
  fault?: (index: number) => ChatFault | null;
}

export interface ChatFake {
  /** The URL to configure: the webhook URL with its token (Telegram: the Bot API base). */
  url: string;
  requests: RecordedRequest[];
  /** The JSON bodies the fake took, in order. */
  accepted: Record<string, unknown>[];
  close(): Promise<void>;
}

/** A check's answer: `'ok'` (taken), or the name of a fixture reply, or a reply of the fake's own. */
type Verdict = string | FixtureReply;

const TELEGRAM_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'a',
  'code',
  'pre',
]);
const TELEGRAM_TAGS_MORE = new Set(['tg-spoiler', 'span', 'blockquote', 'tg-emoji']);
const HOUR_MS = 3_600_000;

/** Starts the fake of `service` on 127.0.0.1. */
export async function startChatFake(service: ChatServiceName, options: ChatFakeOptions): Promise<ChatFake> {
  const fixture = readChatFixture(service);
  const accepted: Record<string, unknown>[] = [];
  const nowMs = options.nowMs ?? Date.now;
  let index = 0;
  const server = await startLoopbackServer((request, response) => {
    const fault = options.fault?.(index++) ?? null;
    if (fault === 'drop') {
      response.socket?.destroy();
      return;
    }
    if (fault !== null) {
      answer(response, 'reply' in fault ? replyOf(fixture, fault.reply) : fault);
      return;
    }
    const url = new URL(request.url, 'http://127.0.0.1');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      answer(response, { status: 400, body: 'the body is not JSON' });
      return;
    }
    const verdict = CHECKS[service](request, url, body, options, nowMs());
    if (verdict === 'ok') {
      accepted.push(body);
      answer(response, replyOf(fixture, 'ok'));
      return;
    }
    answer(response, typeof verdict === 'string' ? replyOf(fixture, verdict) : verdict);
  });
  const paths: Record<ChatServiceName, string> = {
    slack: `/services/T0001/B0001/${options.token}`,
    discord: `/api/webhooks/123456789012345678/${options.token}`,
    telegram: '',
    feishu: `/open-apis/bot/v2/hook/${options.token}`,
    dingtalk: `/robot/send?access_token=${options.token}`,
    wecom: `/cgi-bin/webhook/send?key=${options.token}`,
    webhook: `/hooks/paperwire/${options.token}`,
  };
  return {
    url: `${server.url}${paths[service]}`,
    requests: server.requests,
    accepted,
    close: () => server.close(),
  };
}

type Check = (
  request: RecordedRequest,
  url: URL,
  body: Record<string, unknown>,
  options: ChatFakeOptions,
  nowMs: number,
) => Verdict;

const CHECKS: Record<ChatServiceName, Check> = {
  slack: (_request, url, body, options) => {
    if (url.pathname !== `/services/T0001/B0001/${options.token}`) return 'noService';
    const keys = Object.keys(body);
    if (
      typeof body['text'] !== 'string' ||
      body['text'] === '' ||
      keys.some((key) => key !== 'text' && key !== 'blocks')
    )
      return 'invalidPayload';
    return 'ok';
  },
  discord: (_request, url, body, options) => {
    if (url.pathname !== `/api/webhooks/123456789012345678/${options.token}`) return 'unknownWebhook';
    const content = body['content'];
    if (typeof content !== 'string' || content === '')
      return { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
    if (content.length > 2000) return 'tooLong';
    return 'ok';
  },
  telegram: (_request, url, body, options) => {
    if (url.pathname !== `/bot${options.token}/sendMessage`) return 'unauthorized';
    if (body['chat_id'] === undefined || body['parse_mode'] !== 'HTML') return 'badEntities';
    const text = typeof body['text'] === 'string' ? body['text'] : '';
    for (const [, name] of text.matchAll(/<\/?([a-z-]+)/g)) {
      if (!TELEGRAM_TAGS.has(name ?? '') && !TELEGRAM_TAGS_MORE.has(name ?? '')) return 'badEntities';
    }
    if (/&(?!amp;|lt;|gt;|quot;)/.test(text)) return 'badEntities';
    // The limit counts the text after entities parsing: tags gone, entities one character each.
    const parsed = text.replace(/<[^>]*>/g, '').replace(/&(amp|lt|gt|quot);/g, '_');
    if (parsed.length === 0 || parsed.length > 4096) return 'tooLong';
    return 'ok';
  },
  feishu: (request, url, body, options, nowMs) => {
    if (url.pathname !== `/open-apis/bot/v2/hook/${options.token}`)
      return {
        status: 404,
        body: { code: 19001, msg: 'param invalid: incoming webhook access token invalid' },
      };
    if (options.secret !== undefined) {
      const timestamp = Number(body['timestamp']);
      const expected = createHmac('sha256', `${body['timestamp'] as string}\n${options.secret}`)
        .update('')
        .digest('base64');
      if (
        !Number.isInteger(timestamp) ||
        Math.abs(nowMs - timestamp * 1000) > HOUR_MS ||
        body['sign'] !== expected
      )
        return 'badSign';
    }
    if (Buffer.byteLength(request.body) > 20 * 1024)
      return { status: 413, body: { code: 413, msg: 'request body too large (fake)' } };
    const post = (
      body['content'] as { post?: { zh_cn?: { title?: unknown; content?: unknown } } } | undefined
    )?.post?.zh_cn;
    if (body['msg_type'] !== 'post' || typeof post?.title !== 'string' || !Array.isArray(post.content))
      return { status: 400, body: { code: 19002, msg: 'params error (fake: not a post message)' } };
    return 'ok';
  },
  dingtalk: (_request, url, body, options, nowMs) => {
    if (url.searchParams.get('access_token') !== options.token) return 'badToken';
    if (options.secret !== undefined) {
      const timestamp = url.searchParams.get('timestamp') ?? '';
      const expected = createHmac('sha256', options.secret)
        .update(`${timestamp}\n${options.secret}`)
        .digest('base64');
      if (Math.abs(nowMs - Number(timestamp)) > HOUR_MS || url.searchParams.get('sign') !== expected)
        return 'badSign';
    }
    const markdown = body['markdown'] as { title?: unknown; text?: unknown } | undefined;
    if (
      body['msgtype'] !== 'markdown' ||
      typeof markdown?.title !== 'string' ||
      typeof markdown.text !== 'string'
    )
      return {
        status: 200,
        body: { errcode: 40035, errmsg: 'missing parameter (fake: not a markdown message)' },
      };
    if (Buffer.byteLength(markdown.text) > 20_000)
      return { status: 200, body: { errcode: 460101, errmsg: 'message too long (fake)' } };
    return 'ok';
  },
  wecom: (_request, url, body, options) => {
    if (url.searchParams.get('key') !== options.token) return 'badKey';
    const markdown = body['markdown'] as { content?: unknown } | undefined;
    if (body['msgtype'] !== 'markdown' || typeof markdown?.content !== 'string')
      return { status: 200, body: { errcode: 40008, errmsg: 'invalid message type (fake)' } };
    if (Buffer.byteLength(markdown.content) > 4096) return 'tooLong';
    return 'ok';
  },
  webhook: (request, url, _body, options) => {
    if (url.pathname !== `/hooks/paperwire/${options.token}`) return { status: 404, body: 'no such hook' };
    if (options.secret !== undefined) {
      const expected = `sha256=${createHmac('sha256', options.secret).update(request.body).digest('hex')}`;
      if (request.headers['x-paperwire-signature'] !== expected) return 'badSignature';
    }
    return 'ok';
  },
};

function replyOf(fixture: ChatFixture, name: string): FixtureReply {
  const reply = fixture.replies[name];
  if (reply === undefined) throw new Error(`the fixture has no reply "${name}"`);
  return reply;
}

function answer(response: ServerResponse, reply: FixtureReply): void {
  const isText = typeof reply.body === 'string';
  response.writeHead(reply.status, {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    ...reply.headers,
  });
  response.end(
    reply.status === 204 ? undefined : isText ? (reply.body as string) : JSON.stringify(reply.body),
  );
}
