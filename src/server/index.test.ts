import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { ConfigError } from '../errors.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { startServer } from './index.js';
import { isLoopbackHost } from './security.js';

const base = { profiles: [], port: 0 };

/** GET with a chosen Host header (fetch does not let a test set it). */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Host: host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startServer', () => {
  it('refuses to listen beyond loopback without a token, and says how to fix it', async () => {
    const store = openSqliteStore(':memory:');
    await assert.rejects(startServer({ ...base, store, host: '0.0.0.0', token: null }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /0\.0\.0\.0 is reachable from other machines/);
      assert.match(error.hint ?? '', /PAPERWIRE_SERVE_TOKEN/);
      return true;
    });
    await assert.rejects(startServer({ ...base, store, host: '127.0.0.1', token: 'short' }), /at least 16/);
    store.close();
  });

  it('serves on a free loopback port and closes with keep-alive connections open', async () => {
    const store = openSqliteStore(':memory:');
    const server = await startServer({ ...base, store, host: '127.0.0.1', token: null });
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.url}/api/digests`);
    assert.deepEqual(await response.json(), { digests: [] });
    assert.equal(await getWithHost(`${server.url}/`, 'evil.example'), 421);
    assert.equal(await getWithHost(`${server.url}/`, 'localhost'), 200);
    await server.close();
    store.close();
  });

  it('answers HEAD with the headers of its GET, the security headers included', async () => {
    const store = openSqliteStore(':memory:');
    const server = await startServer({ ...base, store, host: '127.0.0.1', token: null });
    try {
      for (const path of ['/', '/api/digests', '/nowhere']) {
        const get = await fetch(`${server.url}${path}`);
        await get.text();
        const head = await fetch(`${server.url}${path}`, { method: 'HEAD' });
        assert.equal(head.status, get.status, path);
        assert.equal(await head.text(), '', path);
        for (const name of [
          'content-security-policy',
          'x-frame-options',
          'x-content-type-options',
          'cache-control',
        ]) {
          assert.ok(get.headers.has(name), `${path}: GET ${name}`);
          assert.equal(head.headers.get(name), get.headers.get(name), `${path}: HEAD ${name}`);
        }
        assert.equal(head.headers.get('content-type'), get.headers.get('content-type'), path);
      }
    } finally {
      await server.close();
      store.close();
    }
  });

  it('names the address when the port is taken', async () => {
    const store = openSqliteStore(':memory:');
    const first = await startServer({ ...base, store, host: '127.0.0.1', token: null });
    const port = Number(new URL(first.url).port);
    await assert.rejects(
      startServer({ ...base, store, host: '127.0.0.1', port, token: null }),
      /cannot listen on 127\.0\.0\.1/,
    );
    await first.close();
    store.close();
  });

  it('blames --host, not the port, for an address that is not this machine’s', async () => {
    const store = openSqliteStore(':memory:');
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
    await assert.rejects(
      startServer({ ...base, store, host: '192.0.2.1', port: 0, token: 'a-token-of-16-characters-or-more' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.where === '--host' &&
        /^give an address of this machine: 127\.0\.0\.1/.test(error.hint ?? ''),
    );
    store.close();
  });
});

describe('isLoopbackHost', () => {
  const cases: [string, boolean][] = [
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.5', false],
    ['example.org', false],
  ];
  for (const [host, expected] of cases) {
    it(`${host} is ${expected ? '' : 'not '}loopback`, () => assert.equal(isLoopbackHost(host), expected));
  }
});
