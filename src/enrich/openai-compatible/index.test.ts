// Tests for the OpenAI-compatible translator against a real chat-completions server on 127.0.0.1:
// the shared translator contract, then its own wire format, key handling, retries and timeouts.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startChatServer, type ChatReplyFn, type ChatServer } from '../../../test/helpers/chat-server.js';
import { HttpError, QuotaSpentError, TimeoutError, TranslateError, formatError } from '../../errors.js';
import { HttpClient } from '../../http.js';
import { runTranslatorContract } from '../contract.js';
import { buildInstructions } from '../prompt.js';
import { OpenAiCompatibleTranslator } from './index.js';

const servers: ChatServer[] = [];
after(async () => Promise.all(servers.map((server) => server.close())));

async function serve(reply: ChatReplyFn): Promise<ChatServer> {
  const server = await startChatServer(reply);
  servers.push(server);
  return server;
}

/** A client whose llm retries wait 10 ms, so retry tests take as long as Retry-After asks and no more. */
function fastClient(): HttpClient {
  return new HttpClient({ policies: { llm: { backoffMs: 10, maxBackoffMs: 50 } } });
}

function translatorFor(baseUrl: string, apiKey: string | null = null, client = fastClient()) {
  return new OpenAiCompatibleTranslator({ client, baseUrl, apiKey, model: 'test-model' });
}

describe('OpenAiCompatibleTranslator', () => {
  runTranslatorContract(
    (url) => translatorFor(`${url}/v1`),
    async (reply) => {
      const server = await startChatServer(() =>
        reply.usage ? { content: reply.content, usage: reply.usage } : { content: reply.content },
      );
      return {
        url: server.url,
        requests: () =>
          server.requests.map((request) => ({ instructions: request.system, source: request.user })),
        close: () => server.close(),
      };
    },
  );

  it('posts model, system instructions, the text and temperature 0 to <base>/chat/completions', async () => {
    const server = await serve(() => ({ content: '策略梯度' }));
    const translator = translatorFor(`${server.url}/v1`, 'sk-test-0123456789');
    const result = await translator.translate({ text: 'Policy gradient', kind: 'title', lang: 'zh' });
    assert.equal(result.text, '策略梯度');
    assert.equal(translator.model, 'openai-compatible:test-model');
    const [request] = server.requests;
    assert.equal(request?.path, '/v1/chat/completions');
    assert.equal(request.headers['authorization'], 'Bearer sk-test-0123456789');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.deepEqual(request.body, {
      model: 'test-model',
      messages: [
        { role: 'system', content: buildInstructions('zh', 'title') },
        { role: 'user', content: 'Policy gradient' },
      ],
      temperature: 0,
    });
  });

  it('appends a text’s notes to the one system message, after the unchanged instructions', async () => {
    const server = await serve(() => ({ content: '策略梯度' }));
    const notes = ['Use these renderings for field terms:', '- policy gradient → 策略梯度'];
    await translatorFor(server.url).translate({ text: 'Policy gradient', kind: 'title', lang: 'zh', notes });
    assert.deepEqual((server.requests[0]?.body as { messages: unknown }).messages, [
      {
        role: 'system',
        content: `${buildInstructions('zh', 'title')}\n\nUse these renderings for field terms:\n- policy gradient → 策略梯度`,
      },
      { role: 'user', content: 'Policy gradient' },
    ]);
  });

  it('sends no Authorization header when no key is set', async () => {
    const server = await serve(() => ({ content: '译文' }));
    await translatorFor(server.url).translate({ text: 'x', kind: 'title', lang: 'zh' });
    assert.equal(server.requests[0]?.headers['authorization'], undefined);
  });

  for (const [given, path] of [
    ['', '/chat/completions'],
    ['/', '/chat/completions'],
    ['/v1', '/v1/chat/completions'],
    ['/v1/', '/v1/chat/completions'],
    ['/api/openai/v1//', '/api/openai/v1/chat/completions'],
    ['/v1/chat/completions', '/v1/chat/completions'],
  ] as const) {
    it(`appends /chat/completions to a base URL ending in "${given}"`, async () => {
      const server = await serve(() => ({ content: '译文' }));
      await translatorFor(`${server.url}${given}`).translate({ text: 'x', kind: 'title', lang: 'zh' });
      assert.equal(server.requests[0]?.path, path);
    });
  }

  it('names the missing field and the URL when the reply has another shape', async () => {
    const server = await serve(() => ({
      status: 200,
      body: { choices: [{ index: 0, finish_reason: 'stop' }] },
    }));
    await assert.rejects(
      translatorFor(`${server.url}/v1`).translate({ text: 'x', kind: 'title', lang: 'zh' }),
      (error: unknown) => {
        assert.ok(error instanceof TranslateError);
        assert.match(error.message, /choices\[0\]\.message/);
        assert.ok(error.message.includes(`${server.url}/v1/chat/completions`));
        return true;
      },
    );
  });

  it('keeps the API key out of every error, even when the server echoes it back', async () => {
    const key = 'sk-secret-abcdef0123456789';
    const server = await serve((request) => ({
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${String(request.headers['authorization'])}` } },
    }));
    await assert.rejects(
      translatorFor(server.url, key).translate({ text: 'x', kind: 'title', lang: 'zh' }),
      (error: unknown) => {
        assert.ok(error instanceof HttpError);
        assert.equal(error.status, 401);
        const shown = [
          error.message,
          error.body,
          error.hint ?? '',
          formatError(error),
          JSON.stringify(error),
        ].join('\n');
        assert.ok(!shown.includes(key), `the key leaked: ${shown}`);
        assert.ok(!shown.includes('abcdef0123456789'));
        return true;
      },
    );
    assert.equal(server.requests.length, 1, 'a 401 is not retried');
    assert.equal(server.requests[0]?.headers['authorization'], `Bearer ${key}`);
  });

  it('waits as long as Retry-After asks after a 429, then returns the translation', async () => {
    const server = await serve((request) =>
      request.index === 0
        ? { status: 429, headers: { 'retry-after': '1' }, body: { error: { message: 'slow down' } } }
        : { content: '译文' },
    );
    // The wait is asserted as the client scheduled it (its injected sleep), not timed on a loaded machine.
    const waits: number[] = [];
    const client = new HttpClient({
      policies: { llm: { backoffMs: 10, maxBackoffMs: 50 } },
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    const result = await translatorFor(server.url, null, client).translate({
      text: 'x',
      kind: 'title',
      lang: 'zh',
    });
    assert.equal(result.text, '译文');
    assert.equal(server.requests.length, 2);
    assert.deepEqual(waits, [1000], 'the retry waits the 1 s Retry-After asks, not the 10 ms backoff');
  });

  it('stops at once when a 429 says the quota is spent: one request, no wait', async () => {
    const server = await serve(() => ({
      status: 429,
      body: {
        error: {
          message: 'You exceeded your current quota, please check your plan and billing details.',
          type: 'insufficient_quota',
          code: 'insufficient_quota',
        },
      },
    }));
    const waits: number[] = [];
    const client = new HttpClient({
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    await assert.rejects(
      translatorFor(server.url, null, client).translate({ text: 'x', kind: 'title', lang: 'zh' }),
      QuotaSpentError,
    );
    assert.equal(server.requests.length, 1, 'the llm policy would retry an ordinary 429 three times');
    assert.deepEqual(waits, []);
  });

  it('retries a 503 twice and returns the third answer', async () => {
    const server = await serve((request) =>
      request.index < 2 ? { status: 503, body: 'overloaded' } : { content: '译文' },
    );
    const result = await translatorFor(server.url).translate({ text: 'x', kind: 'title', lang: 'zh' });
    assert.equal(result.text, '译文');
    assert.equal(server.requests.length, 3);
  });

  it('gives up with TimeoutError after the attempts the llm policy allows when the server never answers', async () => {
    const server = await serve(() => 'hang');
    const client = new HttpClient({ policies: { llm: { timeoutMs: 300, retries: 1, backoffMs: 10 } } });
    await assert.rejects(
      translatorFor(server.url, null, client).translate({ text: 'x', kind: 'title', lang: 'zh' }),
      TimeoutError,
    );
    assert.equal(server.requests.length, 2);
  });

  it('rejects a base URL that is not a URL with TranslateError', () => {
    assert.throws(() => translatorFor('not a url'), TranslateError);
  });
});
