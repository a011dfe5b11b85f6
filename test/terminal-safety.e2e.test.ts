// End to end: a hostile arXiv feed and translation endpoint (escape sequences that clear the screen, retitle the
// window, hide a link; bidi overrides that show text reversed) reach the built CLI, and nothing but text, newlines
// and tabs reaches the terminal or the web pages.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listed, samplePaper } from '../src/store/contract.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import { startChatServer, type ChatServer } from './helpers/chat-server.js';
import { startLoopbackServer, type LoopbackServer } from './helpers/loopback-server.js';
import { runCli, runMain, withServe } from './helpers/run-cli.js';

const ROOT = join(import.meta.dirname, '..');
const TITLE = 'Towards a Mechanistic Understanding of Large Reasoning Models';

/**
 * The demo day with the first paper's title, abstract and authors carrying escape sequences and bidi controls (a
 * right-to-left override that shows the rest of the title reversed, isolates, marks), as a feed writes them.
 */
const HOSTILE_FEED = readFileSync(join(ROOT, 'demo', 'arxiv-rss-cs.xml'), 'utf8')
  .replace(
    `<title>${TITLE}:`,
    '<title>Towards&#x1b;]0;pwned&#x7; a Mechanistic&#x1b;[2J Understanding&#27;c of&#x202e; Large&#x2066; ' +
      'Reasoning&#x2069; Models&#x200f;:',
  )
  .replace(
    'Abstract: Reinforcement learning (RL)',
    'Abstract: Reinforcement\u001b]8;;https://evil.example\u001b\\ learning\u202e (RL)\u202c',
  )
  .replace('<dc:creator>Yi Hu,', '<dc:creator>Yi&amp;#x1b;[2J Hu&amp;#x202e;,');

/**
 * A character a terminal acts on (C0 but tab and newline, DEL, C1), or one that reorders what a terminal or a page
 * shows (the bidi embeddings, overrides, isolates and marks).
 */
function controlsIn(text: string): string[] {
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- control characters are single code points
  return [...text]
    .filter((char) => {
      const code = char.codePointAt(0) ?? 0;
      const isTerminalControl =
        (code < 0x20 && code !== 0x09 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
      return isTerminalControl || /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(char);
    })
    .map((char) => `U+${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}

describe('terminal safety', () => {
  let arxiv: LoopbackServer;
  let chat: ChatServer;
  let home: string;

  before(async () => {
    arxiv = await startLoopbackServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      response.end(HOSTILE_FEED);
    });
    // A translator that echoes escape sequences: translations are text from outside too.
    chat = await startChatServer((request) => ({
      content: `译文\u001b]0;pwned\u0007\u202e${request.user.slice(0, 12)}\u2066\u001b[2J\u2069\u200e`,
    }));
    home = mkdtempSync(join(tmpdir(), 'paperwire-terminal-'));
  });

  after(async () => {
    await arxiv.close();
    await chat.close();
    rmSync(home, { recursive: true, force: true });
  });

  const env = (): NodeJS.ProcessEnv => envFor(home);
  const envFor = (at: string): NodeJS.ProcessEnv => ({
    PAPERWIRE_HOME: at,
    PAPERWIRE_ARXIV_RSS_URL: `${arxiv.url}/rss`,
    PAPERWIRE_ARXIV_API_URL: `${arxiv.url}/api/query`,
    PAPERWIRE_LLM_BASE_URL: `${chat.url}/v1`,
    PAPERWIRE_LLM_API_KEY: 'sk-terminal-0123456789',
    PAPERWIRE_LLM_MODEL: 'test-model',
    PAPERWIRE_HTTP_BACKOFF_MS: '20',
    PAPERWIRE_HTTP_RETRIES: '1',
  });

  it('prints a title an older version stored with escape sequences as text in search results', async () => {
    const older = mkdtempSync(join(tmpdir(), 'paperwire-terminal-'));
    try {
      const store = openSqliteStore(join(older, 'paperwire.sqlite'));
      const title = 'Stored \u001b]0;pwned\u0007Entropy\u001b[2J Collapse';
      store.savePapers([listed(samplePaper('2601.00001', { title }))]);
      store.close();
      // Only stdout is checked: in this process, as main writes it (stderr's own stripping needs the binary).
      const result = await runMain(['search', 'entropy'], { cwd: older, env: { PAPERWIRE_HOME: older } });
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(controlsIn(result.stdout), [], 'stdout');
      assert.match(result.stdout, /^2601\.00001 {2}Stored Entropy Collapse$/m);
    } finally {
      rmSync(older, { recursive: true, force: true });
    }
  });

  it('quotes an id or a value holding control characters with them shown as escapes, not stripped', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'paperwire-terminal-'));
    try {
      const rated = await runCli(['rate', '0704.\u001b[2J9001\u202e', '--up'], {
        cwd: fresh,
        env: envFor(fresh),
      });
      assert.equal(rated.code, 2, rated.stderr);
      assert.deepEqual(controlsIn(rated.stderr), [], rated.stderr);
      assert.match(rated.stderr, /^paperwire: "0704\.\\x1b\[2J9001\\u202e" is not an arXiv id/m);
      const similar = await runCli(['similar', '2601.\u0007x'], { cwd: fresh, env: envFor(fresh) });
      assert.match(similar.stderr, /^paperwire: "2601\.\\x07x" is not an arXiv id/m);
      const dated = await runCli(['digest', '--date', '2026-01-3\u001b0'], {
        cwd: fresh,
        env: envFor(fresh),
      });
      assert.match(dated.stderr, /--date "2026-01-3\\x1b0" is not/);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('prints an error quoting a hostile error body with no control character', async () => {
    const refusing = await startLoopbackServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('\u001b]0;pwned\u0007Not found\u001b[2J');
    });
    const fresh = mkdtempSync(join(tmpdir(), 'paperwire-terminal-'));
    try {
      const env = { ...envFor(fresh), PAPERWIRE_ARXIV_RSS_URL: `${refusing.url}/rss` };
      const result = await runCli(['fetch'], { cwd: fresh, env });
      assert.equal(result.code, 1, result.stderr);
      assert.deepEqual(controlsIn(result.stderr), [], result.stderr);
      assert.match(result.stderr, /\/rss\/cs/);
    } finally {
      await refusing.close();
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('reports a translator error quoting a hostile body with no control character', async () => {
    const refusing = await startChatServer(() => ({
      status: 400,
      body: '\u001b]0;pwned\u0007bad request\u001b[2J',
    }));
    const fresh = mkdtempSync(join(tmpdir(), 'paperwire-terminal-'));
    try {
      const env = { ...envFor(fresh), PAPERWIRE_LLM_BASE_URL: `${refusing.url}/v1` };
      const result = await runCli(['digest', '--keyword', 'mechanistic', '--lang', 'zh'], {
        cwd: fresh,
        env,
      });
      assert.deepEqual(controlsIn(result.stdout), [], result.stdout);
      assert.deepEqual(controlsIn(result.stderr), [], result.stderr);
      assert.ok(refusing.requests.length > 0, 'the translator was asked');
    } finally {
      await refusing.close();
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  // What each style shows of the hostile paper, whole: the title, or (bilingual) the abstract.
  const shown: [string, string][] = [
    ['classic', `${TITLE}:`],
    ['markdown', `${TITLE}:`],
    ['bilingual', 'Reinforcement learning (RL) has catalyzed'],
  ];
  for (const [style, text] of shown) {
    it(`prints a ${style} digest of hostile text with no control character on stdout or stderr`, async () => {
      const args = ['digest', '--keyword', 'mechanistic', '--lang', 'zh', '--style', style];
      const result = await runCli(args, { cwd: home, env: env() });
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(controlsIn(result.stdout), [], 'stdout');
      assert.deepEqual(controlsIn(result.stderr), [], 'stderr');
      // The whole sequence is gone, not only its ESC: no `]0;pwned` left in the text.
      assert.ok(result.stdout.includes(text), result.stdout);
      assert.ok(!result.stdout.includes('pwned'), result.stdout);
    });
  }

  it('serves the pages of a hostile digest with no control character in the HTML', async () => {
    const args = ['digest', '--keyword', 'mechanistic', '--lang', 'zh'];
    const digest = await runMain(args, { cwd: home, env: env() });
    assert.equal(digest.code, 0, digest.stderr);
    const pages: string[] = [];
    const served = await withServe([], { cwd: home, env: env() }, async (url) => {
      const list = (await (await fetch(`${url}/api/digests`)).json()) as { digests: { page: string }[] };
      const shown = list.digests[0]?.page;
      assert.ok(shown, 'the digest is saved');
      pages.push(await (await fetch(`${url}${shown}`)).text());
    });
    assert.equal(served.code, 0, served.stderr);
    const page = pages[0] ?? '';
    assert.deepEqual(controlsIn(page), [], 'the digest page');
    assert.ok(page.includes('Reasoning Models'), 'the hostile paper is on the page');
    assert.ok(!page.includes('pwned'), 'no escape sequence is left as text');
  });
});
