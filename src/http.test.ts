// Tests for the one HTTP client against real servers on 127.0.0.1: retries, Retry-After, timeouts, pacing.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startLoopbackServer, type LoopbackServer } from '../test/helpers/loopback-server.js';
import { HttpError, TimeoutError, formatError, registerSecret } from './errors.js';
import { HttpClient, USER_AGENT, parseRetryAfter } from './http.js';

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

/** A client whose waits are recorded instead of slept, so tests assert the schedule without sleeping. */
function recordingClient(policy: Record<string, number> = {}) {
  const delays: number[] = [];
  const client = new HttpClient({
    policies: { default: { backoffMs: 100, retries: 2, ...policy } },
    sleep: async (ms) => {
      delays.push(ms);
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
    const { client } = recordingClient({ timeoutMs: 150, retries: 1 });
    await assert.rejects(client.getText(`${server.url}/slow`), (error: unknown) => {
      assert.ok(error instanceof TimeoutError);
      assert.equal(error.timeoutMs, 150);
      return true;
    });
    assert.equal(server.requests.length, 2);
  });

  it('spaces requests to one host by minIntervalMs, even when sent at once', async () => {
    const server = await serve(200);
    const client = new HttpClient({ policies: { arxivApi: { minIntervalMs: 150 } } });
    await Promise.all([1, 2, 3].map((n) => client.getText(`${server.url}/${n}`, { policy: 'arxivApi' })));
    const times = server.requests.map((request) => request.receivedAtMs).sort((a, b) => a - b);
    assert.equal(times.length, 3);
    for (let index = 1; index < times.length; index++) {
      assert.ok(
        (times[index] ?? 0) - (times[index - 1] ?? 0) >= 110,
        `gap ${index} was too short: ${times.join(', ')}`,
      );
    }
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
