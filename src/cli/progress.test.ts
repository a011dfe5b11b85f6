// Tests the stderr reporter alone: a line printed under the status line clears and redraws it, retries are
// summed per host, and the time left reads in the units a reader needs.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CliIo } from './io.js';
import { ProgressReporter, formatDuration } from './progress.js';

function terminal(isTerminal = true): { io: CliIo; writes: string[] } {
  const writes: string[] = [];
  const io: CliIo = {
    stdout: () => undefined,
    stderr: (line) => writes.push(`${line}\n`),
    stderrRaw: (text) => writes.push(text),
    isTerminal,
    env: {},
    cwd: '/',
    now: () => new Date(0),
  };
  return { io, writes };
}

describe('ProgressReporter', () => {
  it('clears the status line before a line and draws it again after', () => {
    const { io, writes } = terminal();
    const progress = new ProgressReporter(io, { isQuiet: false });
    progress.fetched({ url: 'https://rss.arxiv.org/rss/cs', status: 200, policy: 'arxivRss' });
    progress.info('listing 2026-01-30 (cs) from arxiv-rss: 60 papers');
    progress.finish();
    assert.deepEqual(writes, [
      '\r\x1b[Kfetched 1 page from rss.arxiv.org',
      '\r\x1b[K',
      'listing 2026-01-30 (cs) from arxiv-rss: 60 papers\n',
      'fetched 1 page from rss.arxiv.org',
      '\r\x1b[K',
    ]);
  });

  it("sums retries per host on a terminal, and never counts the translator's answers as pages", () => {
    const { io, writes } = terminal();
    const progress = new ProgressReporter(io, { isQuiet: false });
    const retry = { url: 'https://api.example.org/v1/chat/completions', delayMs: 2000, reason: 'HTTP 503' };
    progress.retried({ ...retry, attempt: 1 });
    progress.retried({ ...retry, attempt: 2 });
    progress.fetched({ url: retry.url, status: 200, policy: 'llm' });
    progress.finish();
    assert.equal(writes.at(-2), '\r\x1b[K');
    assert.equal(writes.at(-1), 'retries: api.example.org ×2\n');
    assert.ok(!writes.join('').includes('page'));
  });

  it('draws nothing when piped, and keeps warnings with --quiet', () => {
    const { io, writes } = terminal(false);
    const progress = new ProgressReporter(io, { isQuiet: true });
    progress.fetched({ url: 'https://rss.arxiv.org/rss/cs', status: 200, policy: 'arxivRss' });
    progress.advanced({ stage: 'translate', done: 1, total: 2 });
    progress.info('wrote digest.md');
    progress.warn('problem: entry 3: no id');
    progress.finish();
    assert.deepEqual(writes, ['problem: entry 3: no id\n']);
  });
});

describe('the time left', () => {
  it('reads the pace from the texts settled since the first, so cache hits do not shorten it', () => {
    let clockMs = 0;
    const { io, writes } = terminal();
    const progress = new ProgressReporter({ ...io, now: () => new Date(clockMs) }, { isQuiet: false });
    progress.advanced({ stage: 'translate', done: 40, total: 60 });
    clockMs += 10_000;
    progress.advanced({ stage: 'translate', done: 50, total: 60 });
    assert.equal(writes.at(-1), '\r\x1b[Ktranslated 50/60 texts, about 10 s left');
  });
});

describe('the import line', () => {
  it("shows papers, the file's share, papers/s and the time left from the bytes read since this run began", () => {
    let clockMs = 0;
    const { io, writes } = terminal();
    const progress = new ProgressReporter({ ...io, now: () => new Date(clockMs) }, { isQuiet: false });
    // A resumed import: 400 MB and 300,000 papers were read by an earlier run, which says nothing of this one's pace.
    progress.imported({ papers: 300_000, bytesRead: 400e6, totalBytes: 1000e6 });
    assert.equal(writes.at(-1), '\r\x1b[Kimported 300,000 papers (40%)');
    clockMs += 20_000;
    progress.imported({ papers: 400_000, bytesRead: 500e6, totalBytes: 1000e6 });
    assert.equal(
      writes.at(-1),
      '\r\x1b[Kimported 400,000 papers (50%), 5,000 papers/s, about 1 min 40 s left',
    );
  });
});

describe('formatDuration', () => {
  it('rounds to seconds, minutes or hours', () => {
    assert.deepEqual([400, 42_000, 180_000, 185_000, 7_800_000].map(formatDuration), [
      '1 s',
      '42 s',
      '3 min',
      '3 min 5 s',
      '2 h 10 min',
    ]);
  });
});
