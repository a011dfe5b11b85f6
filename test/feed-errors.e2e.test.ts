// End to end, through `main` in this process: a feed that is not XML ends `paperwire fetch` with one line naming
// the URL, what was wrong and where, never fast-xml-parser's raw "Start tag expected.:1:undefined".

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startLoopbackServer, type LoopbackServer } from './helpers/loopback-server.js';
import { runMain } from './helpers/run-cli.js';

describe('feeds that are not XML', () => {
  let body = '';
  let arxiv: LoopbackServer;

  before(async () => {
    arxiv = await startLoopbackServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      response.end(body);
    });
  });

  after(async () => {
    await arxiv.close();
  });

  const cases: [string, string, string][] = [
    ['an empty body', '', 'the body is empty'],
    [
      'an HTML page',
      '<!DOCTYPE html><html><body><p>Maintenance<br></body></html>',
      "expected closing tag 'br' (opened in line 1, col 42) instead of closing tag 'body' at line 1, column 46; " +
        'the server sent an HTML page: "<!DOCTYPE html><html><body><p>Maintenance<br></body></html>"',
    ],
  ];
  for (const [what, served, reason] of cases) {
    it(`says in one line that ${what} is not XML, naming the URL`, async () => {
      body = served;
      const home = mkdtempSync(join(tmpdir(), 'paperwire-feed-'));
      try {
        const env = { PAPERWIRE_HOME: home, PAPERWIRE_ARXIV_RSS_URL: `${arxiv.url}/rss` };
        const result = await runMain(['fetch'], { cwd: home, env });
        assert.equal(result.code, 1, result.stderr);
        assert.equal(
          result.stderr,
          `paperwire: the arXiv RSS feed is not XML: ${reason} (${arxiv.url}/rss/cs) ` +
            '(check PAPERWIRE_ARXIV_RSS_URL points at rss.arxiv.org/rss or a mirror of it)\n',
        );
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    });
  }
});
