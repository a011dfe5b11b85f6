// End to end, through `main` in this process: `paperwire search` (and `trend` and `feed`) refuse a query beyond the
// search limits, or one in the query language that cannot be searched, with one usage line (exit 2), before they
// open the store, instead of a database error or a silent empty result.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runMain } from './helpers/run-cli.js';

describe('paperwire search limits', () => {
  const cases: [string, string[], RegExp][] = [
    [
      '3,000 short words',
      Array.from({ length: 3000 }, (_, index) => `w${index % 10}`),
      /^paperwire: the search query has 3000 words; at most 64 are allowed \(search for the few words/,
    ],
    [
      '1,001 characters',
      ['x'.repeat(1001)],
      /^paperwire: the search query is 1001 characters long; at most 1000 are allowed/,
    ],
    [
      'NOT inside OR',
      ['policy OR -robot'],
      /^paperwire: query "policy OR -robot": NOT leaves papers out of what the words beside it find \(robot -survey\), not inside OR \(the query language is in docs\/query-language\.md\)/,
    ],
    [
      'a group left open',
      ['(policy', 'OR', 'robot'],
      /^paperwire: query "\(policy OR robot": missing "\)" at column 17/,
    ],
  ];
  for (const [what, words, message] of cases) {
    it(`refuses ${what} with one line and exit 2, touching no database`, async () => {
      const home = mkdtempSync(join(tmpdir(), 'paperwire-search-'));
      try {
        const result = await runMain(['search', ...words], { cwd: home, env: { PAPERWIRE_HOME: home } });
        assert.equal(result.code, 2, result.stderr);
        assert.match(result.stderr, message);
        assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
        assert.equal(result.stdout, '');
        assert.deepEqual(readdirSync(home), [], 'no database was created');
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    });
  }

  it('says how to search for a word starting with "-" when it was read as an option', async () => {
    const home = mkdtempSync(join(tmpdir(), 'paperwire-search-'));
    try {
      const result = await runMain(['search', 'robot', '-survey'], {
        cwd: home,
        env: { PAPERWIRE_HOME: home },
      });
      assert.equal(result.code, 2, result.stderr);
      assert.match(
        result.stderr,
        /^paperwire: unknown option '-s' \(text starting with '-' reads as an option: quote the whole query \('robot -survey'\) or put it after --\)$/m,
      );
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  for (const command of ['search', 'trend', 'feed']) {
    it(`says, in ${command}, that a quoted query starting with "-" was read as an option`, async () => {
      const home = mkdtempSync(join(tmpdir(), 'paperwire-search-'));
      try {
        const result = await runMain([command, '-cat:cs.CV robot'], {
          cwd: home,
          env: { PAPERWIRE_HOME: home },
        });
        assert.equal(result.code, 2, result.stderr);
        assert.equal(
          result.stderr,
          `paperwire: "-cat:cs.CV robot" reads as the option -c (put a query that starts with '-' last, after --: -- '-cat:cs.CV robot')\n`,
        );
        assert.deepEqual(readdirSync(home), [], 'no database was created');
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    });
  }

  for (const command of ['trend', 'feed']) {
    it(`refuses, in ${command}, a query that cannot be searched, with one line and exit 2`, async () => {
      const home = mkdtempSync(join(tmpdir(), 'paperwire-search-'));
      try {
        const result = await runMain([command, 'robot OR cat:cs.RO'], {
          cwd: home,
          env: { PAPERWIRE_HOME: home },
        });
        assert.equal(result.code, 2, result.stderr);
        assert.match(result.stderr, /^paperwire: query "robot OR cat:cs.RO": cat: narrows the whole search/);
        assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
        assert.deepEqual(readdirSync(home), [], 'no database was created');
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    });
  }
});
