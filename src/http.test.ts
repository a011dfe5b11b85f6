// Tests for the one HTTP client against real servers on 127.0.0.1: retries, Retry-After, timeouts, pacing,
// credentials in URLs, the response-size cap, and what the node:http transport does that fetch did (redirects, decoding).

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { startLoopbackServer, type LoopbackServer } from '../test/helpers/loopback-server.js';
import {
  HttpError,
  QuotaSpentError,
  ResponseTooLargeError,
  TimeoutError,
  formatError,
  registerSecret,
} from './errors.js';
import { HttpClient, MEGABYTE, USER_AGENT, parseRetryAfter, type PolicyName } from './http.js';

const servers: LoopbackServer[] = [];
after(async () => Promise.all(servers.map((server) => server.close())));

async function serve(...statuses: (number | 'hang')[]): Promise<LoopbackServer> {
  let index = 0;
  const server = await startLoopbackServer((request, response) => {
    const status = statuses[Math.min(index++, statuses.length - 1)] ?? 200;
    if (status === 'hang') return;
    const headers: Record<string, string> = { 'content-type': 'text/plain' };
    if (status === 429 && request.url.includes('retry-after')) headers['retry-after'] = '2';
    response.writeHead(status, headers);
    response.end(status === 200 ? 'ok' : `status ${status}`);
  });
  servers.push(server);
  return server;
}

/**
 * A client whose waits are recorded instead of slept, so tests assert the schedule without sleeping; `policy` is laid
 * over backoff 100 ms and 2 retries for the policy `name`.
 */
function recordingClient(policy: Record<string, number> = {}, name: PolicyName = 'default') {
  const delays: number[] = [];
  const client = new HttpClient({
    policies: { [name]: { backoffMs: 100, retries: 2, ...policy } },
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
  });
  return { client, delays };
}

describe('HttpClient', () => {
  it('retries a 503 with doubling backoff and returns the 200', async () => {
    const server = await serve(503, 503, 200);
    const { client, delays } = recordingClient();
    const response = await client.getText(`${server.url}/x`);
    assert.equal(response.text, 'ok');
    assert.equal(server.requests.length, 3);
    assert.deepEqual(delays, [100, 200]);
  });

  it('waits as long as Retry-After asks on a 429', async () => {
    const server = await serve(429, 200);
    const { client, delays } = recordingClient();
    await client.getText(`${server.url}/retry-after`);
    assert.equal(server.requests.length, 2);
    assert.deepEqual(delays, [2000]);
  });

  it('fails at once when Retry-After is longer than the policy allows', async () => {
    const server = await serve(429, 200);
    const { client } = recordingClient({ maxRetryAfterMs: 1000 });
    await assert.rejects(client.getText(`${server.url}/retry-after`), (error: unknown) => {
      assert.ok(error instanceof HttpError);
      assert.equal(error.status, 429);
      assert.match(error.message, /asks to wait 2 s/);
      return true;
    });
    assert.equal(server.requests.length, 1);
  });

  describe('a spent quota', () => {
    // OpenAI's answer when the account has no credit left (its error codes page: 429 "insufficient_quota").
    const INSUFFICIENT_QUOTA = JSON.stringify({
      error: {
        message: 'You exceeded your current quota, please check your plan and billing details.',
        type: 'insufficient_quota',
        code: 'insufficient_quota',
      },
    });

    /** Answers `status` with `body` (and `headers`) first, then 200. */
    async function serveOnce(status: number, body: string, headers: Record<string, string> = {}) {
      const server = await startLoopbackServer((_request, response) => {
        const isFirst = server.requests.length === 1;
        response.writeHead(isFirst ? status : 200, isFirst ? headers : {});
        response.end(isFirst ? body : 'ok');
      });
      servers.push(server);
      return server;
    }

    for (const [what, status, body] of [
      ['a 429 saying insufficient_quota', 429, INSUFFICIENT_QUOTA],
      ["DeepL's 456", 456, '{"message":"Quota Exceeded"}'],
      ['a 402', 402, '{"error":{"message":"Insufficient credits"}}'],
    ] as const) {
      it(`stops at once on ${what}: one request, no wait, QuotaSpentError`, async () => {
        const server = await serveOnce(status, body);
        const { client, delays } = recordingClient();
        await assert.rejects(client.getText(`${server.url}/v1/chat`), (error: unknown) => {
          assert.ok(error instanceof QuotaSpentError);
          assert.equal(error.status, status);
          assert.match(formatError(error), /no quota or credit left/);
          return true;
        });
        assert.equal(server.requests.length, 1);
        assert.deepEqual(delays, []);
      });
    }

    it('still retries a 429 that speaks of a quota but asks to wait, as long as it asks', async () => {
      for (const [headers, body, delay] of [
        [{ 'retry-after': '3' }, INSUFFICIENT_QUOTA, 3000],
        [
          {},
          JSON.stringify({
            // Gemini's per-minute quota: it lifts, and the body says when.
            error: {
              code: 429,
              message: 'You exceeded your current quota. Please retry in 7.5s.',
              status: 'RESOURCE_EXHAUSTED',
              details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }],
            },
          }),
          100,
        ],
        [{}, '{"error":{"message":"Rate limit reached for requests"}}', 100],
      ] as const) {
        const server = await serveOnce(429, body, headers);
        const { client, delays } = recordingClient();
        assert.equal((await client.getText(`${server.url}/v1/chat`)).text, 'ok');
        assert.equal(server.requests.length, 2, body);
        assert.deepEqual(delays, [delay], body);
      }
    });
  });

  it('retries what readReply calls a rate limit under HTTP 200, waiting as it asks', async () => {
    const server = await serve(200, 200);
    const { client, delays } = recordingClient();
    let calls = 0;
    const response = await client.request({
      url: `${server.url}/robot`,
      readReply: () =>
        calls++ === 0 ? { kind: 'retry', retryAfterMs: 700, reason: 'errcode 130101' } : null,
    });
    assert.equal(response.status, 200);
    assert.equal(server.requests.length, 2);
    assert.deepEqual(delays, [700]);
  });

  it('fails at once on what readReply calls a refusal, with its reason', async () => {
    const server = await serve(200);
    const { client } = recordingClient();
    await assert.rejects(
      client.request({
        url: `${server.url}/robot`,
        readReply: () => ({ kind: 'refused', reason: 'code 19021: sign match fail' }),
      }),
      (error: unknown) =>
        error instanceof HttpError &&
        error.status === 200 &&
        /HTTP 200: code 19021: sign match fail/.test(error.message),
    );
    assert.equal(server.requests.length, 1);
  });

  it('does not retry a 404 and names the URL and status', async () => {
    const server = await serve(404);
    const { client } = recordingClient();
    await assert.rejects(client.getText(`${server.url}/missing`), (error: unknown) => {
      assert.ok(error instanceof HttpError);
      assert.equal(error.status, 404);
      assert.match(error.message, /\/missing answered HTTP 404/);
      return true;
    });
    assert.equal(server.requests.length, 1);
  });

  it('gives up on 5xx after the policy retries with the last status', async () => {
    const server = await serve(502);
    const { client } = recordingClient();
    await assert.rejects(client.getText(`${server.url}/down`), /answered HTTP 502 after 3 attempts/);
    assert.equal(server.requests.length, 3);
  });

  it('times out a hung request, retries it, then throws TimeoutError', async () => {
    const server = await serve('hang');
    const { client, delays } = recordingClient({ timeoutMs: 150, retries: 1 });
    await assert.rejects(client.getText(`${server.url}/slow`), (error: unknown) => {
      assert.ok(error instanceof TimeoutError);
      assert.equal(error.timeoutMs, 150);
      return true;
    });
    // The client's one backoff proves the retry: under load the second attempt can time out before the server has
    // read it, so the server's count is not asserted.
    assert.deepEqual(delays, [100]);
    assert.ok(server.requests.length >= 1);
  });

  it('spaces requests to one host by minIntervalMs, even when sent at once', async () => {
    const server = await serve(200);
    // A virtual clock that only the client's waits move (at once, when a wait begins): the spacing asserted is the
    // client's own, whatever the machine's load.
    const startMs = 1_000_000;
    let nowMs = startMs;
    const waits: number[] = [];
    const client = new HttpClient({
      policies: { arxivApi: { minIntervalMs: 150 } },
      now: () => nowMs,
      sleep: (ms) => {
        waits.push(ms);
        nowMs += ms;
        return Promise.resolve();
      },
    });
    await Promise.all([1, 2, 3].map((n) => client.getText(`${server.url}/${n}`, { policy: 'arxivApi' })));
    assert.equal(server.requests.length, 3);
    assert.deepEqual(waits, [150, 150], 'the first goes at once, the other two wait their turn');
    assert.equal(nowMs - startMs, 300, 'the third starts 2 × 150 ms after the first');
  });

  it('sends the descriptive User-Agent', async () => {
    const server = await serve(200);
    await new HttpClient().getText(`${server.url}/ua`);
    assert.equal(server.requests[0]?.headers['user-agent'], USER_AGENT);
  });

  it('reports an unreachable host as HttpError with no status', async () => {
    const server = await serve(200);
    const url = `${server.url}/gone`;
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    const { client } = recordingClient({ retries: 1 });
    await assert.rejects(client.getText(url), (error: unknown) => {
      assert.ok(error instanceof HttpError);
      assert.equal(error.status, null);
      assert.match(error.message, /cannot reach .*\/gone after 2 attempts/);
      return true;
    });
  });

  it('never shows a registered secret or a key parameter in its errors', async () => {
    const server = await serve(403);
    registerSecret('sk-test-very-secret-value');
    const { client } = recordingClient();
    await assert.rejects(
      client.getText(`${server.url}/x?api_key=sk-test-very-secret-value&other=1`),
      (error: unknown) => {
        const line = formatError(error);
        assert.doesNotMatch(line, /sk-test-very-secret-value/);
        assert.match(line, /api_key=\*\*\*/);
        return true;
      },
    );
  });
});

describe('HttpClient with a policy that is not repeatable (a chat message)', () => {
  /** A server answering each request in turn with `answers` (the last repeated); a status, 'hang' or 'cut'. */
  async function answering(...answers: (number | 'hang' | 'cut' | [number, Record<string, string>])[]) {
    let index = 0;
    const server = await startLoopbackServer((_request, response) => {
      const answer = answers[Math.min(index++, answers.length - 1)] ?? 200;
      if (answer === 'hang') return;
      if (answer === 'cut') {
        response.writeHead(200, { 'content-length': '1000' });
        response.write('{"ok"', () => response.socket?.destroy());
        return;
      }
      const [status, headers] = Array.isArray(answer) ? answer : [answer, {}];
      response.writeHead(status, { 'content-type': 'application/json', ...headers }).end('{"ok":true}');
    });
    servers.push(server);
    return server;
  }

  const chatClient = (policy: Record<string, number> = {}) =>
    recordingClient({ retries: 3, ...policy }, 'chatWebhook');

  for (const answer of [500, 502, 504, 503, 'cut'] as const) {
    it(`posts once on ${answer === 'cut' ? 'a body cut' : `a ${answer}`}: the service may have taken it`, async () => {
      const server = await answering(answer, 200);
      const { client, delays } = chatClient();
      await assert.rejects(
        client.postJson(`${server.url}/hook`, { text: 'hi' }, { policy: 'chatWebhook' }),
        (error) => {
          assert.ok(error instanceof HttpError);
          assert.match(
            formatError(error),
            /^paperwire: .*\/hook [^\n]+ \(the service may have taken it, so it is not sent again now\)$/,
          );
          return true;
        },
      );
      assert.equal(server.requests.length, 1);
      assert.deepEqual(delays, []);
    });
  }

  it('posts once on a timeout', async () => {
    const server = await answering('hang', 200);
    const { client, delays } = chatClient({ timeoutMs: 150 });
    await assert.rejects(
      client.postJson(`${server.url}/hook`, {}, { policy: 'chatWebhook' }),
      (error) => error instanceof TimeoutError,
    );
    assert.deepEqual(delays, []);
  });

  it('posts again after a 429 and a 503 with Retry-After: the service did not take it', async () => {
    const server = await answering(429, [503, { 'retry-after': '1' }], 200);
    const { client, delays } = chatClient();
    assert.deepEqual(await client.postJson(`${server.url}/hook`, {}, { policy: 'chatWebhook' }), {
      ok: true,
    });
    assert.equal(server.requests.length, 3);
    assert.deepEqual(delays, [100, 1_000]);
  });

  it('tries again after a refused connection: nothing was sent', async () => {
    const server = await answering(200);
    const url = `${server.url}/hook`;
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    const { client } = chatClient({ retries: 1 });
    await assert.rejects(
      client.postJson(url, {}, { policy: 'chatWebhook' }),
      /cannot reach .*\/hook after 2 attempts/,
    );
  });

  it('leaves the translator’s POSTs repeatable: a 500 is asked again', async () => {
    const server = await answering(500, 200);
    const delays: number[] = [];
    const client = new HttpClient({
      policies: { llm: { backoffMs: 100 } },
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
    });
    assert.deepEqual(await client.postJson(`${server.url}/v1`, {}, { policy: 'llm' }), { ok: true });
    assert.equal(server.requests.length, 2);
  });
});

describe('HttpClient with credentials in the URL', () => {
  it('sends user:password as Basic authentication to a URL without them, and never shows the password', async () => {
    const server = await serve(401);
    const { client, delays } = recordingClient();
    await assert.rejects(client.getText(`http://reader:s3cr%40t-pass@${server.url.slice(7)}/x`), (error) => {
      assert.ok(error instanceof HttpError);
      assert.doesNotMatch(`${formatError(error)} ${error.url}`, /s3cr|reader:/);
      return true;
    });
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0]?.url, '/x');
    const expected = Buffer.from('reader:s3cr@t-pass').toString('base64');
    assert.equal(server.requests[0].headers['authorization'], `Basic ${expected}`);
    assert.deepEqual(delays, []);
  });

  it('does not retry a URL fetch refuses (unknown scheme), and says so in one line', async () => {
    const { client, delays } = recordingClient();
    await assert.rejects(client.getText('ftp://127.0.0.1:1/x'), (error: unknown) => {
      assert.ok(error instanceof HttpError);
      assert.match(formatError(error), /cannot reach ftp:\/\/127\.0\.0\.1:1\/x: .*unknown scheme/);
      return true;
    });
    assert.deepEqual(delays, [], 'no retry was scheduled');
  });

  it('does not retry a URL that does not parse', async () => {
    const { client, delays } = recordingClient();
    await assert.rejects(client.getText('http://[::1/x'), HttpError);
    assert.deepEqual(delays, []);
  });
});

describe('HttpClient response-size cap', () => {
  /** A server that streams 64 kB chunks without end (until the client goes away). */
  async function endless(): Promise<LoopbackServer> {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const server = await startLoopbackServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      const pump = (): void => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', pump);
      };
      response.on('error', () => response.destroy());
      pump();
    });
    servers.push(server);
    return server;
  }

  it('stops reading an endless body at the cap, names URL, cap and setting, and does not retry', async () => {
    const server = await endless();
    const { client, delays } = recordingClient({ maxResponseBytes: 1 * MEGABYTE });
    await assert.rejects(client.getText(`${server.url}/huge`), (error: unknown) => {
      assert.ok(error instanceof ResponseTooLargeError);
      assert.equal(
        formatError(error),
        `paperwire: ${server.url}/huge sent more than 1 MB; stopped reading (if so large an answer is expected, ` +
          'raise [http] max_response_mb or PAPERWIRE_HTTP_MAX_RESPONSE_MB)',
      );
      return true;
    });
    assert.equal(server.requests.length, 1);
    assert.deepEqual(delays, []);
  });

  it('refuses a declared Content-Length over the cap before reading the body', async () => {
    const server = await startLoopbackServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(3 * MEGABYTE) });
      response.on('error', () => response.destroy());
      response.write('only the start');
    });
    servers.push(server);
    const { client } = recordingClient({ maxResponseBytes: 2 * MEGABYTE });
    await assert.rejects(client.getText(`${server.url}/declared`), ResponseTooLargeError);
    assert.equal(server.requests.length, 1);
  });

  it('reads a body under the cap whole, in UTF-8', async () => {
    const server = await startLoopbackServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('策略梯度 '.repeat(10_000));
    });
    servers.push(server);
    const { client } = recordingClient({ maxResponseBytes: 1 * MEGABYTE });
    const response = await client.getText(`${server.url}/ok`);
    assert.equal(response.text, '策略梯度 '.repeat(10_000));
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-30T00:00:00Z');
  const cases: [string | null, number | null][] = [
    ['5', 5000],
    ['0', 0],
    ['Fri, 30 Jan 2026 00:00:10 GMT', 10_000],
    ['Thu, 29 Jan 2026 00:00:00 GMT', 0],
    ['soon', null],
    [null, null],
  ];
  for (const [header, expected] of cases) {
    it(`reads ${JSON.stringify(header)} as ${expected} ms`, () => {
      assert.equal(parseRetryAfter(header, now), expected);
    });
  }
});

describe('HttpClient transport (what fetch did for free)', () => {
  async function handled(handler: Parameters<typeof startLoopbackServer>[0]): Promise<LoopbackServer> {
    const server = await startLoopbackServer(handler);
    servers.push(server);
    return server;
  }

  it('follows a redirect chain (relative and absolute Location) to the answer', async () => {
    const server = await handled((request, response) => {
      if (request.url === '/a') response.writeHead(301, { location: '/b' }).end();
      else if (request.url === '/b') response.writeHead(302, { location: `${server.url}/c?x=1` }).end();
      else response.writeHead(200, { 'content-type': 'text/plain' }).end(`end ${request.url}`);
    });
    const { client, delays } = recordingClient();
    const response = await client.getText(`${server.url}/a`);
    assert.equal(response.text, 'end /c?x=1');
    assert.deepEqual(
      server.requests.map((request) => request.url),
      ['/a', '/b', '/c?x=1'],
    );
    assert.deepEqual(delays, []);
  });

  it('turns a POST into a GET without body on 303, and keeps the POST on 307', async () => {
    const server = await handled((request, response) => {
      if (request.url === '/post-303') response.writeHead(303, { location: '/got' }).end();
      else if (request.url === '/post-307') response.writeHead(307, { location: '/got' }).end();
      else response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const { client } = recordingClient();
    await client.postJson(`${server.url}/post-303`, { a: 1 });
    await client.postJson(`${server.url}/post-307`, { a: 1 });
    const [, after303, , after307] = server.requests;
    assert.equal(after303?.method, 'GET');
    assert.equal(after303.body, '');
    assert.equal(after303.headers['content-type'], undefined);
    assert.equal(after307?.method, 'POST');
    assert.equal(after307.body, '{"a":1}');
  });

  it('sends no credentials to another origin on a redirect', async () => {
    const other = await handled((_request, response) => {
      response.writeHead(200).end('there');
    });
    const server = await handled((_request, response) => {
      response.writeHead(302, { location: `${other.url}/x` }).end();
    });
    const { client } = recordingClient();
    // A password no other test's text holds: a URL's password is registered as a secret for the whole process, and
    // "pass" redacted "password" in the config and error tests that ran after this file in the same process.
    const response = await client.getText(`http://reader:redirect-only-secret@${server.url.slice(7)}/start`);
    assert.equal(response.text, 'there');
    assert.match(String(server.requests[0]?.headers['authorization']), /^Basic /);
    assert.equal(other.requests[0]?.headers['authorization'], undefined);
  });

  it('stops a redirect loop after 20 redirects with a one-line error, and does not retry', async () => {
    const server = await handled((_request, response) => {
      response.writeHead(302, { location: '/loop' }).end();
    });
    const { client, delays } = recordingClient();
    await assert.rejects(client.getText(`${server.url}/loop`), (error: unknown) => {
      assert.ok(error instanceof HttpError);
      assert.equal(
        formatError(error),
        `paperwire: ${server.url}/loop redirected more than 20 times (the server redirects in a loop; check the URL)`,
      );
      return true;
    });
    assert.equal(server.requests.length, 21);
    assert.deepEqual(delays, []);
  });

  for (const [coding, encode] of [
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const) {
    it(`decodes a ${coding} body`, async () => {
      const text = '策略梯度 reinforcement learning\n'.repeat(5_000);
      const server = await handled((request, response) => {
        assert.match(String(request.headers['accept-encoding']), new RegExp(coding));
        response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-encoding': coding });
        response.end(encode(Buffer.from(text, 'utf8')));
      });
      const response = await recordingClient().client.getText(`${server.url}/z`);
      assert.equal(response.text, text);
    });
  }

  it('fails on a corrupt gzip body with a one-line error instead of hanging', async () => {
    const server = await handled((_request, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip' });
      response.end('this is not gzip');
    });
    const { client } = recordingClient({ retries: 0 });
    await assert.rejects(client.getText(`${server.url}/corrupt`), (error: unknown) => {
      assert.ok(error instanceof HttpError);
      assert.match(formatError(error), /^paperwire: cannot reach .*\/corrupt after 1 attempt: [^\n]*header/);
      return true;
    });
  });

  it('applies the cap to the decoded size of a compressed body', async () => {
    const bomb = gzipSync(Buffer.alloc(3 * MEGABYTE, 'a'));
    const server = await handled((_request, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bomb.byteLength) });
      response.end(bomb);
    });
    const { client, delays } = recordingClient({ maxResponseBytes: 1 * MEGABYTE });
    assert.ok(bomb.byteLength < MEGABYTE);
    await assert.rejects(client.getText(`${server.url}/bomb`), ResponseTooLargeError);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(delays, []);
  });

  it('retries a body cut mid-stream (the server destroys the socket) as a network error', async () => {
    let answered = 0;
    const server = await handled((_request, response) => {
      if (answered++ === 0) {
        response.writeHead(200, { 'content-length': '1000' });
        response.write('only the start', () => response.socket?.destroy());
        return;
      }
      response.writeHead(200).end('whole');
    });
    const { client, delays } = recordingClient();
    const response = await client.getText(`${server.url}/cut`);
    assert.equal(response.text, 'whole');
    assert.equal(server.requests.length, 2);
    assert.deepEqual(delays, [100]);
  });

  it('gives up on a body cut every time with a one-line network error', async () => {
    const server = await handled((_request, response) => {
      response.writeHead(200, { 'content-length': '1000' });
      response.write('only the start', () => response.socket?.destroy());
    });
    const { client } = recordingClient({ retries: 1 });
    await assert.rejects(client.getText(`${server.url}/cut`), (error: unknown) => {
      assert.ok(error instanceof HttpError);
      assert.equal(error.status, null);
      assert.match(formatError(error), /^paperwire: cannot reach .*\/cut after 2 attempts: [^\n]+$/);
      return true;
    });
  });

  it('rejects with the caller’s abort at once, not as a timeout, and does not retry', async () => {
    const server = await serve('hang');
    const { client, delays } = recordingClient();
    const controller = new AbortController();
    const pending = client.getText(`${server.url}/hang`, { signal: controller.signal });
    setImmediate(() => controller.abort());
    await assert.rejects(pending, (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.equal(error.name, 'AbortError');
      return true;
    });
    assert.deepEqual(delays, []);
  });
});
