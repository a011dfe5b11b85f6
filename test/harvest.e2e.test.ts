// End to end: `paperwire harvest` against a fake OAI-PMH server on loopback. A harvest killed (SIGKILL) after its
// first page was committed continues from the stored token and ends with the store an uninterrupted harvest makes;
// a rerun without --from starts where the last harvest ended; an empty list and bad flags end as documented.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';

import { startFakeOaiServer, type FakeRecord } from './helpers/oai-server.js';
import { main } from '../src/cli.js';
import { BIN, runMain } from './helpers/run-cli.js';

/** `count` records, two a day from 2026-11-28 on, each with two versions. */
function archive(count: number): FakeRecord[] {
  return Array.from({ length: count }, (_, index) => {
    const day = new Date(Date.UTC(2026, 10, 28 + Math.floor(index / 2)));
    return {
      id: `2611.${String(20000 + index)}`,
      datestamp: day.toISOString().slice(0, 10),
      versionDates: [new Date('2026-11-02T10:00:00Z'), new Date(day.getTime() + 7_200_000)],
      categories: ['cs.LG'],
    };
  });
}

const newHome = (): string => mkdtempSync(join(tmpdir(), 'paperwire-harvest-'));
const envFor = (home: string, oaiUrl: string): NodeJS.ProcessEnv => ({
  PAPERWIRE_HOME: home,
  PAPERWIRE_ARXIV_OAI_URL: oaiUrl,
});
const dbOf = (home: string): string => join(home, 'paperwire.sqlite');

/** What a harvest leaves in the store, without the times that depend on when it ran. */
function storeContents(home: string): unknown {
  const db = new Database(dbOf(home), { readonly: true });
  try {
    return {
      papers: db
        .prepare(
          'SELECT arxiv_id, version, title, abstract, authors, categories, published_at, updated_at FROM papers ORDER BY arxiv_id',
        )
        .all(),
      versions: db
        .prepare('SELECT arxiv_id, version, submitted_at FROM paper_versions ORDER BY arxiv_id, version')
        .all(),
      harvests: db
        .prepare(
          'SELECT set_spec, from_date, until_date, resumption_token, last_datestamp, records, pages FROM harvests',
        )
        .all(),
    };
  } finally {
    db.close();
  }
}

/** The pages the harvest of `set` has committed, read without writing; 0 before the first. */
function committedPages(home: string, set: string): number {
  if (!existsSync(dbOf(home))) return 0;
  const db = new Database(dbOf(home), { readonly: true });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE name = 'harvests'").get();
    if (table === undefined) return 0;
    const row = db.prepare('SELECT pages FROM harvests WHERE set_spec = ?').get(set) as
      { pages: number } | undefined;
    return row?.pages ?? 0;
  } finally {
    db.close();
  }
}

/**
 * Runs `paperwire ...args` through `main` with stderr a terminal and a clock that moves 1 s each time it is read:
 * what a user at a terminal sees, on a clock the test sets.
 */
async function runAtTerminal(
  args: string[],
  env: NodeJS.ProcessEnv,
  startAt: Date,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let nowMs = startAt.getTime();
  const code = await main(args, {
    stdout: (text) => (stdout += text),
    stderr: (line) => (stderr += `${line}\n`),
    stderrRaw: (text) => (stderr += text),
    isTerminal: true,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    cwd: env['PAPERWIRE_HOME'] ?? '.',
    now: () => new Date((nowMs += 1000)),
  });
  return { code, stdout, stderr };
}

/**
 * A harvest of `count` records (2 a page) started in its own process and killed with SIGKILL once page 1 is
 * committed: page 2 is held until then, so that it dies between its two pages. The server answers normally after.
 */
async function harvestKilledAfterPageOne(
  count: number,
): Promise<{ server: Awaited<ReturnType<typeof startFakeOaiServer>>; home: string; args: string[] }> {
  let isHolding = true;
  const server = await startFakeOaiServer({
    records: archive(count),
    pageSize: 2,
    style: 'new',
    intercept: (params) =>
      isHolding && params.has('resumptionToken') ? new Promise<undefined>(() => undefined) : undefined,
  });
  const home = newHome();
  const args = ['harvest', '--set', 'cs.LG', '--from', '2026-11-28'];
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...envFor(home, server.oaiUrl) },
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  // Poll the store (not the clock) until page 1 is committed.
  while (committedPages(home, 'cs:cs:LG') < 1) await delay(20);
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  isHolding = false;
  return { server, home, args };
}

describe('paperwire harvest', () => {
  it('continues a harvest killed after its first page from the stored token, as if never killed', async () => {
    const { server, home, args } = await harvestKilledAfterPageOne(4);
    try {
      const storedToken = (storeContents(home) as { harvests: { resumption_token: string }[] }).harvests[0]
        ?.resumption_token;
      assert.match(storedToken ?? '', /skip%3D2$/);

      const requestsBefore = server.requests.length;
      const rerun = await runMain([...args, '--home', home], { env: envFor(home, server.oaiUrl), cwd: home });
      assert.equal(rerun.code, 0, rerun.stderr);
      assert.match(
        rerun.stderr,
        /continuing the harvest of set cs:cs:LG from 2026-11-28 after 1 page and 2 records/,
      );
      assert.match(
        rerun.stdout,
        /^harvest cs:cs:LG from 2026-11-28: 2 records in 1 page \(2 new, 0 updated, 0 unchanged\).*; complete$/m,
      );
      // The rerun asked for page 2 with the stored token, and never for page 1 again.
      const rerunQueries = server.queries().slice(requestsBefore);
      assert.equal(rerunQueries.length, 1);
      assert.equal(rerunQueries[0]?.get('resumptionToken'), storedToken);

      const whole = newHome();
      const uninterrupted = await runMain([...args, '--home', whole], {
        env: envFor(whole, server.oaiUrl),
        cwd: whole,
      });
      assert.equal(uninterrupted.code, 0, uninterrupted.stderr);
      assert.deepEqual(storeContents(home), storeContents(whole));
      const contents = storeContents(home) as { papers: unknown[]; versions: unknown[] };
      assert.equal(contents.papers.length, 4);
      assert.equal(contents.versions.length, 8);
    } finally {
      await server.close();
    }
  });

  it('says what its counts count when a harvest killed after page 1 restarts from a datestamp', async () => {
    // Two records on 2026-11-28, one on 2026-11-29: page 1 holds the first day, whose records come again.
    const { server, home, args } = await harvestKilledAfterPageOne(3);
    try {
      // Rerun days later: the token (valid to the next midnight UTC) has expired.
      const rerun = await runAtTerminal(
        [...args, '--home', home],
        envFor(home, server.oaiUrl),
        new Date(Date.now() + 3 * 86_400_000),
      );
      assert.equal(rerun.code, 0, rerun.stderr);
      assert.match(
        rerun.stderr,
        /restarting the harvest from datestamp 2026-11-28: the stored resumption token expired/,
      );
      assert.equal(
        rerun.stdout.trim(),
        'harvest cs:cs:LG from 2026-11-28: 3 records in 2 pages (1 new, 0 updated, 2 unchanged), 0 deleted, ' +
          '0 problems; complete; the list restarted from datestamp 2026-11-28 (its resumption token had expired): ' +
          "every record harvested before it came again and counted again, in these counts and the harvest's " +
          'totals (5 records in 3 pages)',
      );
      const { harvests } = storeContents(home) as { harvests: { records: number; pages: number }[] };
      assert.deepEqual(
        harvests.map(({ records, pages }) => ({ records, pages })),
        [{ records: 5, pages: 3 }],
        'the totals the summary names',
      );
    } finally {
      await server.close();
    }
  });

  it('starts a rerun without --from where the last harvest of the set ended', async () => {
    const server = await startFakeOaiServer({ records: archive(6), pageSize: 100, style: 'new' });
    try {
      const home = newHome();
      const env = envFor(home, server.oaiUrl);
      const first = await runMain(
        ['harvest', '--set', 'cs', '--from', '2026-11-28', '--until', '2026-11-29'],
        { env, cwd: home },
      );
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /: 4 records in 1 page \(4 new/);
      const next = await runMain(['harvest', '--set', 'cs'], { env, cwd: home });
      assert.equal(next.code, 0, next.stderr);
      const asked = server.queries()[1];
      assert.equal(asked?.get('from'), '2026-11-29');
      assert.equal(asked.get('until'), null);
      assert.equal(asked.get('set'), 'cs');
      assert.match(next.stderr, /harvesting set cs from 2026-11-29, where its last harvest ended/);
      assert.match(next.stdout, /: 4 records in 1 page \(2 new, 0 updated, 2 unchanged\)/);
    } finally {
      await server.close();
    }
  });

  it('draws records, pages and rate on a terminal, and starts the next harvest on the day the last one began', async () => {
    const server = await startFakeOaiServer({ records: archive(5), pageSize: 100, style: 'new' });
    try {
      const home = newHome();
      const env = envFor(home, server.oaiUrl);
      const first = await runAtTerminal(
        ['harvest', '--from', '2026-11-28'],
        env,
        new Date('2026-11-30T10:00:00Z'),
      );
      assert.equal(first.code, 0, first.stderr);
      // Drawn in place (carriage return, erase line), as the status line of other commands.
      assert.ok(first.stderr.includes('\r\x1b[Kharvested 5 records, 1 page, '), first.stderr);
      assert.match(first.stderr, /harvested 5 records, 1 page, \d+ records\/s/);
      const next = await runAtTerminal(['harvest'], env, new Date('2026-12-02T08:00:00Z'));
      assert.equal(next.code, 0, next.stderr);
      // The first harvest had no --until: the next one reads again from the day it started.
      assert.equal(server.queries()[1]?.get('from'), '2026-11-30');
      assert.match(
        next.stdout,
        /^harvest all from 2026-11-30: 1 record in 1 page \(0 new, 0 updated, 1 unchanged\)/,
      );
    } finally {
      await server.close();
    }
  });

  it('ends with 0 records and exit 0 when arXiv answers noRecordsMatch', async () => {
    const server = await startFakeOaiServer({ records: archive(2), pageSize: 100, style: 'new' });
    try {
      const home = newHome();
      // The records are stamped 2026-11-28: the days before hold none.
      const result = await runMain(['harvest', '--from', '2026-11-01', '--until', '2026-11-20'], {
        env: envFor(home, server.oaiUrl),
        cwd: home,
      });
      assert.equal(result.code, 0, result.stderr);
      assert.match(
        result.stdout,
        /^harvest all from 2026-11-01 until 2026-11-20: 0 records in 1 page .*; complete\n$/,
      );
    } finally {
      await server.close();
    }
  });

  it('needs --from the first time, and refuses an unknown set, each in one line with exit 2', async () => {
    const home = newHome();
    const env = envFor(home, 'http://127.0.0.1:9/oai');
    const noFrom = await runMain(['harvest', '--set', 'cs.LG'], { env, cwd: home });
    assert.equal(noFrom.code, 2);
    assert.match(
      noFrom.stderr,
      /no earlier harvest of set cs:cs:LG is stored, so the first one needs --from/,
    );
    assert.equal(noFrom.stderr.trim().split('\n').length, 1);
    const badSet = await runMain(['harvest', '--set', 'cs.XX', '--from', '2026-11-28'], { env, cwd: home });
    assert.equal(badSet.code, 2);
    assert.match(badSet.stderr, /--set "cs\.XX" is not an arXiv archive, category or set/);
    const backwards = await runMain(['harvest', '--from', '2026-11-28', '--until', '2026-11-01'], {
      env,
      cwd: home,
    });
    assert.equal(backwards.code, 2);
    assert.match(backwards.stderr, /--until 2026-11-01 is before --from 2026-11-28/);
    // A day still to come would cost a lock and a request for an empty list: refused before either.
    const future = await runMain(['harvest', '--from', '2999-01-01'], { env, cwd: home });
    assert.equal(future.code, 2);
    assert.match(future.stderr, /^paperwire: --from 2999-01-01 is after today \(\d{4}-\d\d-\d\d UTC\)/);
    assert.equal(future.stderr.trim().split('\n').length, 1);
  });
});
