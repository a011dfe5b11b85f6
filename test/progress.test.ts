// In process: `main(argv, io)` with a fake terminal draws one progress line on stderr (pages fetched, texts
// translated n/N with an ETA, retries per host) and says nothing of it when piped or with --quiet.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main, type CliIo } from '../src/cli.js';
import { startChatServer, type ChatServer } from './helpers/chat-server.js';
import { serveFiles, startLoopbackServer, type LoopbackServer } from './helpers/loopback-server.js';

const ROOT = join(import.meta.dirname, '..');
const DEMO_FEED = readFileSync(join(ROOT, 'demo', 'arxiv-rss-cs.xml'), 'utf8');
const FAILING_TITLE = 'Distributional value gradients for stochastic environments';
const CLEAR_LINE = '\r\x1b[K';

let arxiv: LoopbackServer;
let chat: ChatServer;

before(async () => {
  arxiv = await startLoopbackServer(serveFiles({ '/rss/cs': { body: DEMO_FEED } }));
  chat = await startChatServer((request) =>
    request.user === FAILING_TITLE
      ? { status: 503, body: '{"error":{"message":"overloaded"}}' }
      : { content: `译文:${request.user.slice(0, 20)}` },
  );
});

after(async () => {
  await arxiv.close();
  await chat.close();
});

interface Recorded {
  io: CliIo;
  lines: string[];
  raw: string[];
}

/** An io whose clock starts on the demo day's listing and moves 500 ms per reading. */
function recordingIo(isTerminal: boolean, now?: () => Date): Recorded {
  const home = mkdtempSync(join(tmpdir(), 'paperwire-progress-'));
  let clockMs = Date.parse('2026-01-30T12:00:00Z');
  const lines: string[] = [];
  const raw: string[] = [];
  const io: CliIo = {
    stdout: () => undefined,
    stderr: (line) => lines.push(line),
    stderrRaw: (text) => raw.push(text),
    isTerminal,
    env: {
      PAPERWIRE_HOME: home,
      PAPERWIRE_ARXIV_RSS_URL: `${arxiv.url}/rss`,
      PAPERWIRE_LLM_BASE_URL: `${chat.url}/v1`,
      PAPERWIRE_LLM_MODEL: 'test-model',
      PAPERWIRE_HTTP_BACKOFF_MS: '1',
      PAPERWIRE_HTTP_RETRIES: '1',
    },
    cwd: home,
    now: now ?? (() => new Date((clockMs += 500))),
  };
  return { io, lines, raw };
}

const DIGEST = ['digest', '--keyword', 'reinforcement learning', '--lang', 'zh'];
const hostOf = (url: string): string => new URL(url).host;

describe('progress on stderr', () => {
  it('draws pages, texts translated n/N with an ETA and retries per host on a terminal', async () => {
    const { io, lines, raw } = recordingIo(true);
    assert.equal(await main(DIGEST, io), 0, lines.join('\n'));
    const drawn = raw.join('');
    assert.ok(drawn.includes(`${CLEAR_LINE}fetched 1 page from ${hostOf(arxiv.url)}`), drawn);
    assert.match(drawn, /translated \d+\/66 texts, about \d+ (s|min)/);
    assert.match(drawn, /translated 66\/66 texts/);
    assert.match(drawn, new RegExp(`retries: ${hostOf(chat.url)} ×\\d+`));
    assert.equal(raw.at(-1), CLEAR_LINE, 'the status line is cleared at the end');
    // Retries are summed up once, not one line each.
    assert.deepEqual(
      lines.filter((line) => line.startsWith('retr')),
      [lines.find((line) => new RegExp(`^retries: ${hostOf(chat.url)} ×\\d+$`).test(line))],
    );
    assert.ok(lines.some((line) => line.startsWith('listing 2026-01-30 (cs) from arxiv')));
  });

  it('draws nothing when piped, and logs each retry on its own line', async () => {
    const { io, lines, raw } = recordingIo(false);
    assert.equal(await main(DIGEST, io), 0, lines.join('\n'));
    assert.deepEqual(raw, []);
    assert.ok(
      lines.some((line) => /^retry 1 of http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions/.test(line)),
    );
    assert.ok(lines.some((line) => line.startsWith('digest 2026-01-30 (default): 33 papers')));
  });

  it('says only warnings with --quiet, even on a terminal', async () => {
    const { io, lines, raw } = recordingIo(true);
    assert.equal(await main([...DIGEST, '--quiet'], io), 0, lines.join('\n'));
    assert.deepEqual(raw, []);
    assert.deepEqual(lines, [
      '1 translations failed and show the English:',
      lines[1] ?? assert.fail('the failed paper is named'),
    ]);
    assert.match(lines[1] ?? '', /^ {2}paper 2601\.20071: title translation failed/);
  });
});

describe('unexpected errors', () => {
  it('name the command and ask for --debug, in one line', async () => {
    const { io, lines } = recordingIo(false, () => {
      throw new TypeError('the clock broke');
    });
    assert.equal(await main(['digest'], io), 1);
    assert.deepEqual(lines, [
      'paperwire digest: unexpected error: the clock broke (rerun with --debug for the stack)',
    ]);
  });
});
