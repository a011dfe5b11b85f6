// `paperwire import` end to end on generated snapshots: the built CLI killed with SIGKILL after a committed batch,
// then the import run again (in this process), gives the store a one-shot import gives; a second import changes
// nothing; gzip is read by its magic bytes; a bad line is one warning naming it. `paperwire stats` on a store whose
// counts are known.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { lockHome } from '../src/store/sqlite/index.js';
import { serveFiles, startLoopbackServer, type LoopbackServer } from './helpers/loopback-server.js';
import { BIN, runMain } from './helpers/run-cli.js';
import { writeSnapshot } from './helpers/snapshot.js';

const DEMO_FEED = readFileSync(join(import.meta.dirname, '..', 'demo', 'arxiv-rss-cs.xml'), 'utf8');
const RECORDS = 3000;
const BATCH = 100;
const scratch = mkdtempSync(join(tmpdir(), 'paperwire-import-'));
after(async () => {
  await arxiv.close();
  rmSync(scratch, { recursive: true, force: true });
});
const snapshot = join(scratch, 'snapshot.jsonl');
// No .gz in the name: gzip is known by its first bytes.
const gzipped = join(scratch, 'snapshot-copy.bin');
let homeCount = 0;
const newHome = (): string => join(scratch, `home-${(homeCount += 1)}`);
const dbOf = (home: string): string => join(home, 'paperwire.sqlite');

/** arXiv's RSS on loopback, serving the demo day, for a digest run on an imported store. */
let arxiv: LoopbackServer;
before(async () => {
  arxiv = await startLoopbackServer(
    serveFiles({ '/rss/cs': { body: DEMO_FEED, type: 'application/rss+xml' } }),
  );
  await writeSnapshot(snapshot, RECORDS);
  writeFileSync(gzipped, gzipSync(readFileSync(snapshot)));
});

/** Everything an import writes that must not depend on how it ran: papers, versions, the index's state. */
function contentOf(home: string): unknown {
  // Not read-only: FTS5 runs its integrity check as a write command (it writes nothing).
  const db = new Database(dbOf(home), { fileMustExist: true });
  try {
    // FTS5's own check that the index holds each paper's text once, as the table says.
    db.exec("INSERT INTO papers_fts (papers_fts) VALUES ('integrity-check')");
    return {
      papers: db
        .prepare(
          'SELECT id, arxiv_id, version, title, abstract, authors, categories, primary_category, published_at, ' +
            'updated_at, comment, journal_ref, doi, title_hash, abstract_hash FROM papers ORDER BY id',
        )
        .all(),
      versions: db
        .prepare('SELECT arxiv_id, version, submitted_at FROM paper_versions ORDER BY arxiv_id, version')
        .all(),
      indexed: db
        .prepare(
          "SELECT indexed_through = (SELECT max(id) FROM papers) AS isCaughtUp FROM fts_progress WHERE name = 'papers_fts'",
        )
        .get(),
    };
  } finally {
    db.close();
  }
}

/**
 * How these checks open the store: read-write, as any paperwire command does, because a killed import into an empty
 * store leaves its rollback journal hot, which a read-only connection cannot roll back (SQLITE_READONLY_ROLLBACK).
 * While the import runs, its lock keeps the journal from being hot: nothing is rolled back under it.
 */
const INSPECTING = { fileMustExist: true };

/** The indexes a bulk import builds at its end, and those its store says are still to build. */
const DEFERRED = ['paper_facets_day', 'papers_abstract_hash_key', 'papers_stats', 'papers_title_hash_key'];
function indexStateOf(home: string): { built: string[]; pending: string[] } {
  const db = new Database(dbOf(home), INSPECTING);
  try {
    const names = (sql: string): string[] =>
      db
        .prepare<[], string>(sql)
        .pluck()
        .all()
        .filter((name) => DEFERRED.includes(name));
    return {
      built: names("SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name"),
      pending: names('SELECT name FROM pending_indexes ORDER BY name'),
    };
  } finally {
    db.close();
  }
}

/** The file's journal mode: `delete` while an import into an empty store runs (or was killed), else `wal`. */
function journalOf(home: string): unknown {
  const db = new Database(dbOf(home), INSPECTING);
  try {
    return db.pragma('journal_mode', { simple: true });
  } finally {
    db.close();
  }
}

/**
 * The line the import's mark says it saved through, or null while there is no mark (or no database) yet, or while
 * the import holds the file locked for a commit (a rollback journal's commit shuts readers out): this reader waits
 * for no lock, the caller looks again later.
 */
function markedLine(home: string): { line: number; isComplete: boolean } | null {
  if (!existsSync(dbOf(home))) return null;
  const db = new Database(dbOf(home), { ...INSPECTING, timeout: 0 });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'imports'").get();
    if (table === undefined) return null;
    const row = db.prepare('SELECT line_number, is_complete FROM imports').get() as
      { line_number: number; is_complete: number } | undefined;
    return row === undefined ? null : { line: row.line_number, isComplete: row.is_complete === 1 };
  } catch (error) {
    // BUSY: the import holds the file's lock; PROTOCOL: it was stopped inside its write-ahead log's index, so no
    // reader can get a steady look now. Either way the next look, after it runs on, will.
    if (
      error instanceof Database.SqliteError &&
      (error.code.startsWith('SQLITE_BUSY') || error.code === 'SQLITE_PROTOCOL')
    ) {
      return null;
    }
    throw error;
  } finally {
    db.close();
  }
}

/** The state of process `pid` in /proc/PID/stat (`T` stopped, `Z` ended but not waited for), null when it is gone. */
function processState(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

/**
 * Starts the built import and kills it with SIGKILL after a committed batch, before its end; resolves the mark it
 * left. Each look at its mark is made with the import stopped (SIGSTOP, continued while there is no mark yet): the
 * mark seen is the one the kill leaves, however slow the machine, with no timer deciding when the kill lands.
 */
async function importAndKill(file: string, home: string): Promise<{ line: number; isComplete: boolean }> {
  const child = spawn(process.execPath, [BIN, 'import', file, '--batch-size', String(BATCH)], {
    env: { PATH: process.env['PATH'] ?? '', PAPERWIRE_HOME: home },
    stdio: 'ignore',
  });
  const pid = child.pid ?? assert.fail('the import did not start');
  let hasExited = false;
  const exited = once(child, 'exit').then(() => (hasExited = true));
  const pause = (ms: number): Promise<unknown> => new Promise((resolve) => setTimeout(resolve, ms));
  try {
    for (;;) {
      // Polled, not timed: the kill follows the first committed batch whenever it comes.
      await pause(10);
      child.kill('SIGSTOP');
      let state = processState(pid);
      while (!hasExited && state !== null && state !== 'T' && state !== 'Z') {
        await pause(1);
        state = processState(pid);
      }
      const mark = markedLine(home);
      if (mark !== null || hasExited || state !== 'T') {
        child.kill('SIGKILL');
        await exited;
        return markedLine(home) ?? mark ?? assert.fail('the import ended before it saved a batch');
      }
      child.kill('SIGCONT');
    }
  } finally {
    // Whatever failed, no import is left stopped: a stopped child would hold this test process open for good.
    if (!hasExited) {
      child.kill('SIGKILL');
      await exited;
    }
  }
}

describe('paperwire import', () => {
  const oneShot = newHome();
  let expected: unknown;

  before(async () => {
    const result = await runMain(['import', snapshot], { cwd: scratch, env: { PAPERWIRE_HOME: oneShot } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /3,000 papers \(3,000 new, 0 updated, 0 unchanged\) from 3,000 lines; no problem/,
    );
    expected = contentOf(oneShot);
    assert.equal(journalOf(oneShot), 'wal');
  });

  for (const [kind, file] of [
    ['plain', snapshot],
    ['gzip', gzipped],
  ] as const) {
    it(`resumes a ${kind} import killed after a batch, and ends with the one-shot store, nothing twice`, async () => {
      const home = newHome();
      const mark = await importAndKill(file, home);
      assert.equal(mark.isComplete, false, 'the import was killed before it finished');
      assert.ok(
        mark.line > 0 && mark.line < RECORDS && mark.line % BATCH === 0,
        `killed at line ${mark.line}`,
      );
      // Into an empty store, the first batch deferred the indexes; the kill left them to build, and the file out
      // of WAL (a rollback journal while importing), which the rerun's open puts back. The import leaves WAL only
      // with the file to itself, so this poller's own reads of the mark may have kept it in WAL (a race, seen under
      // load): either is a store the rerun completes.
      assert.deepEqual(indexStateOf(home), { built: [], pending: DEFERRED });
      assert.ok(['delete', 'wal'].includes(String(journalOf(home))), String(journalOf(home)));
      // The kill is the process's part; the run that resumes reads only what it left on disk.
      const rerun = await runMain(['import', file], { cwd: scratch, env: { PAPERWIRE_HOME: home } });
      assert.equal(rerun.code, 0, rerun.stderr);
      assert.match(rerun.stderr, new RegExp(`resuming ${file.replace(/[.]/g, '\\.')} after line`));
      assert.match(
        rerun.stdout,
        new RegExp(
          `3,000 papers \\(3,000 new, 0 updated, 0 unchanged\\) from 3,000 lines, resumed after line ` +
            `${mark.line.toLocaleString('en-US')};`,
        ),
      );
      assert.deepEqual(contentOf(home), expected);
      assert.deepEqual(indexStateOf(home), { built: DEFERRED, pending: [] });
      assert.equal(journalOf(home), 'wal');
    });
  }

  it('builds the indexes a killed import left pending before a search and a digest use the store', async () => {
    const home = newHome();
    await importAndKill(snapshot, home);
    assert.deepEqual(indexStateOf(home).pending, DEFERRED);
    const env = {
      PAPERWIRE_HOME: home,
      PAPERWIRE_ARXIV_RSS_URL: `${arxiv.url}/rss`,
      PAPERWIRE_LLM_BASE_URL: '',
    };
    const search = await runMain(['search', '--json', 'magnetic'], { cwd: scratch, env });
    assert.equal(search.code, 0, search.stderr);
    assert.ok((JSON.parse(search.stdout) as unknown[]).length > 0, 'imported papers are found');
    assert.deepEqual(indexStateOf(home), { built: DEFERRED, pending: [] });

    const other = newHome();
    await importAndKill(snapshot, other);
    assert.deepEqual(indexStateOf(other).pending, DEFERRED);
    const digest = await runMain(['digest', '--keyword', 'reinforcement learning', '--lang', 'en'], {
      cwd: scratch,
      env: { ...env, PAPERWIRE_HOME: other },
    });
    assert.equal(digest.code, 0, digest.stderr);
    assert.match(digest.stdout, /relevant papers today/);
    assert.deepEqual(indexStateOf(other), { built: DEFERRED, pending: [] });
  });

  it('answers a search in another process while an import into an empty store runs, and ends in WAL', async () => {
    const home = newHome();
    const child = spawn(process.execPath, [BIN, 'import', snapshot, '--batch-size', String(BATCH)], {
      env: { PATH: process.env['PATH'] ?? '', PAPERWIRE_HOME: home },
      stdio: 'ignore',
    });
    const exited = once(child, 'exit');
    while (markedLine(home) === null) {
      // Polled, not timed: the search follows the first committed batch whenever it comes.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const search = await runMain(['search', '--json', 'magnetic'], {
      cwd: scratch,
      env: { PAPERWIRE_HOME: home },
    });
    assert.equal(search.code, 0, search.stderr);
    assert.ok(Array.isArray(JSON.parse(search.stdout)));
    const [code] = (await exited) as [number | null];
    assert.equal(code, 0);
    assert.deepEqual(contentOf(home), expected);
    assert.equal(journalOf(home), 'wal');
  });

  it('changes nothing when the same file is imported again', async () => {
    const db = new Database(dbOf(oneShot), { readonly: true });
    const changedAt = (): unknown => db.prepare('SELECT max(last_changed_at) AS at FROM papers').get();
    const before = changedAt();
    const again = await runMain(['import', snapshot], { cwd: scratch, env: { PAPERWIRE_HOME: oneShot } });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /3,000 papers \(0 new, 0 updated, 3,000 unchanged\)/);
    assert.deepEqual(changedAt(), before);
    db.close();
    assert.deepEqual(contentOf(oneShot), expected);
  });

  it('skips a bad line with one warning naming it and imports the rest', async () => {
    const lines = readFileSync(snapshot, 'utf8').split('\n').slice(0, 3);
    const bad = join(scratch, 'bad.jsonl');
    writeFileSync(bad, [lines[0], '{"id":"0701.99999",', '', lines[1], '[1]', lines[2]].join('\n'));
    const home = newHome();
    const result = await runMain(['import', 'bad.jsonl'], { cwd: scratch, env: { PAPERWIRE_HOME: home } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^bad\.jsonl:2: not JSON \(.+\) — skipped$/m);
    assert.match(result.stderr, /^bad\.jsonl:5: not a JSON object — skipped$/m);
    assert.equal(result.stderr.match(/skipped$/gm)?.length, 2);
    assert.match(result.stdout, /3 papers \(3 new, 0 updated, 0 unchanged\) from 6 lines; 2 problems$/m);
  });

  it('keeps a paper whose version time or category is bad, with a warning saying what was kept', async () => {
    const lines = readFileSync(snapshot, 'utf8').split('\n').slice(0, 2);
    const loose = JSON.parse(lines[1] ?? '') as { versions: { created: string }[]; categories: string };
    const [first] = loose.versions;
    if (first !== undefined) first.created = '2007-04-02';
    loose.categories = `${loose.categories} cs.ZZ`;
    const file = join(scratch, 'loose.jsonl');
    writeFileSync(file, [lines[0], JSON.stringify(loose)].join('\n'));
    const home = newHome();
    const result = await runMain(['import', 'loose.jsonl'], { cwd: scratch, env: { PAPERWIRE_HOME: home } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /^loose\.jsonl:2: paper \S+ is kept, but the categories "cs\.ZZ" are not in arXiv's taxonomy \(kept\); "created" does not read as .+ for v1 \("2007-04-02"\)$/m,
    );
    assert.doesNotMatch(result.stderr, /skipped/);
    assert.match(result.stdout, /2 papers \(2 new, 0 updated, 0 unchanged\) from 2 lines; 1 problem$/m);
  });

  it('skips a line longer than 4 MiB as one problem and imports the rest', async () => {
    const lines = readFileSync(snapshot, 'utf8').split('\n').slice(0, 2);
    const huge = join(scratch, 'huge.jsonl');
    const long = `{"id":"0701.99998","abstract":"${'a'.repeat(6 * 1024 * 1024)}"}`;
    writeFileSync(huge, [lines[0], long, lines[1]].join('\n'));
    const home = newHome();
    const result = await runMain(['import', 'huge.jsonl'], { cwd: scratch, env: { PAPERWIRE_HOME: home } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^huge\.jsonl:2: longer than 4 MiB: not one paper's record — skipped$/m);
    assert.match(result.stdout, /2 papers \(2 new, 0 updated, 0 unchanged\) from 3 lines; 1 problem$/m);
  });

  it('skips a line that is not UTF-8 as one problem, keeps a U+FFFD the file wrote, and imports the rest', async () => {
    const lines = readFileSync(snapshot, 'utf8').split('\n').slice(0, 3);
    const damaged = join(scratch, 'damaged.jsonl');
    // Line 2: the second line with one byte of its title (a letter) replaced by 0xff, as a damaged download holds.
    const second = Buffer.from(lines[1] ?? '');
    second[second.indexOf('"title":"') + 10] = 0xff;
    // Line 3: a U+FFFD written as UTF-8 (EF BF BD), as text may hold.
    const third = (lines[2] ?? '').replace('"title":"', '"title":"\uFFFD ');
    writeFileSync(
      damaged,
      Buffer.concat([Buffer.from(`${lines[0]}\n`), second, Buffer.from(`\n${third}\n`)]),
    );
    const home = newHome();
    const result = await runMain(['import', 'damaged.jsonl'], {
      cwd: scratch,
      env: { PAPERWIRE_HOME: home },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /^damaged\.jsonl:2: not UTF-8 \(the file is damaged here: download the snapshot again\) — skipped$/m,
    );
    assert.equal(result.stderr.match(/skipped$/gm)?.length, 1);
    assert.match(result.stdout, /2 papers \(2 new, 0 updated, 0 unchanged\) from 3 lines; 1 problem$/m);
  });

  it('refuses a --batch-size that is not a whole number from 1 to 100000, before opening the store', async () => {
    for (const size of ['0', '2.5', '100001', '1e9']) {
      const home = newHome();
      const result = await runMain(['import', snapshot, '--batch-size', size], {
        cwd: scratch,
        env: { PAPERWIRE_HOME: home },
      });
      assert.equal(result.code, 2, `${size}: ${result.stderr}`);
      assert.match(result.stderr, /--batch-size "[^"]+" must be a whole number from 1 to 100000/);
      assert.equal(existsSync(dbOf(home)), false, `${size}: no store made`);
    }
  });

  it('stops reading a source with no paper and no line end (/dev/zero) after 64 MiB, in one line', async () => {
    const home = newHome();
    const result = await runMain(['import', '/dev/zero'], { cwd: scratch, env: { PAPERWIRE_HOME: home } });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /\/dev\/zero: its first 64 MiB hold no paper: not an arXiv metadata snapshot/,
    );
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });

  it('refuses to run beside another import of the same home, in one line, writing nothing', async () => {
    const home = newHome();
    mkdirSync(home, { recursive: true });
    const held = lockHome(home, 4242, { name: 'import', doing: 'importing into', hint: 'wait' });
    try {
      const refused = await runMain(['import', snapshot], { cwd: scratch, env: { PAPERWIRE_HOME: home } });
      assert.equal(refused.code, 1);
      assert.match(
        refused.stderr,
        /another paperwire import \(pid 4242\) is already importing into this home/,
      );
      assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
      const db = new Database(dbOf(home), { readonly: true });
      assert.deepEqual(db.prepare('SELECT count(*) AS n FROM papers').get(), { n: 0 });
      db.close();
    } finally {
      held.release();
    }
    const after = await runMain(['import', snapshot], { cwd: scratch, env: { PAPERWIRE_HOME: home } });
    assert.equal(after.code, 0, after.stderr);
  });

  it("fills every version's submission time from the real sample's `created` dates", async () => {
    const home = newHome();
    const sample = join(import.meta.dirname, 'fixtures', 'real', 'arxiv-snapshot', 'sample.jsonl');
    const result = await runMain(['import', sample], { cwd: scratch, env: { PAPERWIRE_HOME: home } });
    assert.equal(result.code, 0, result.stderr);
    const db = new Database(dbOf(home), { readonly: true });
    try {
      const versionsOf = (arxivId: string): unknown =>
        db
          .prepare('SELECT version, submitted_at FROM paper_versions WHERE arxiv_id = ? ORDER BY version')
          .all(arxivId);
      // Line 1: "Mon, 2 Apr 2007 19:18:42 GMT" and "Tue, 24 Jul 2007 20:10:27 GMT".
      assert.deepEqual(versionsOf('0704.0001'), [
        { version: 1, submitted_at: '2007-04-02T19:18:42.000Z' },
        { version: 2, submitted_at: '2007-07-24T20:10:27.000Z' },
      ]);
      assert.deepEqual(
        db.prepare('SELECT count(*) AS versions, count(submitted_at) AS dated FROM paper_versions').get(),
        { versions: 326, dated: 326 },
      );
    } finally {
      db.close();
    }
  });

  it('finds imported papers by an author, by surname and with the accents folded', async () => {
    const home = newHome();
    const sample = join(import.meta.dirname, 'fixtures', 'real', 'arxiv-snapshot', 'sample.jsonl');
    const env = { PAPERWIRE_HOME: home };
    assert.equal((await runMain(['import', sample], { cwd: scratch, env })).code, 0);
    const idsOf = async (query: string): Promise<string[]> => {
      const result = await runMain(['search', '--json', query], { cwd: scratch, env });
      assert.equal(result.code, 0, result.stderr);
      return (JSON.parse(result.stdout) as { arxivId: string }[]).map((paper) => paper.arxivId).sort();
    };
    // Line 1's authors_parsed: "Nadolsky", and "Balázs" (TeX "Bal\'azs" in `authors`).
    assert.deepEqual(await idsOf('Nadolsky'), ['0704.0001']);
    assert.deepEqual(await idsOf('Balazs'), ['0704.0001']);
    // Lines 163 and 185: "Franz Gähler", with an affiliation that is not a name.
    assert.deepEqual(await idsOf('Gahler'), ['0704.0163', '0704.0185']);
  });

  it('refuses a file without a paper in it, with one line', async () => {
    writeFileSync(join(scratch, 'notes.txt'), 'not a snapshot\n');
    const result = await runMain(['import', 'notes.txt'], {
      cwd: scratch,
      env: { PAPERWIRE_HOME: newHome() },
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^notes\.txt:1: not JSON \(.+\) — skipped$/m);
    assert.match(result.stderr, /^paperwire: notes\.txt: no line of its 1 is a paper/m);
  });

  it('refuses a file that is not there, with nothing done', async () => {
    const home = newHome();
    const result = await runMain(['import', 'missing.jsonl'], {
      cwd: scratch,
      env: { PAPERWIRE_HOME: home },
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^paperwire: missing\.jsonl: cannot be read \(ENOENT\)/m);
    assert.equal(existsSync(dbOf(home)), false);
  });
});

describe('paperwire stats', () => {
  it('counts the papers of the real sample by year and archive', async () => {
    const home = newHome();
    const sample = join(import.meta.dirname, 'fixtures', 'real', 'arxiv-snapshot', 'sample.jsonl');
    const lines = readFileSync(sample, 'utf8').split('\n').slice(0, -1);
    const records = lines.map((line) => JSON.parse(line) as { categories: string });
    const archives = new Map<string, number>();
    for (const { categories } of records) {
      const archive = (categories.split(' ')[0] ?? '').split('.')[0] ?? '';
      archives.set(archive, (archives.get(archive) ?? 0) + 1);
    }
    const env = { PAPERWIRE_HOME: home };
    assert.equal((await runMain(['import', sample], { cwd: scratch, env })).code, 0);
    const result = await runMain(['stats', '--json'], { cwd: scratch, env });
    assert.equal(result.code, 0, result.stderr);
    const stats = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.equal(stats['papers'], 200);
    assert.deepEqual(stats['papersByYear'], [{ year: 2007, papers: 200 }]);
    assert.deepEqual(
      new Map(
        (stats['papersByArchive'] as { archive: string; papers: number }[]).map((row) => [
          row.archive,
          row.papers,
        ]),
      ),
      archives,
    );
    assert.deepEqual([stats['listings'], stats['translations'], stats['digests']], [0, 0, 0]);
    assert.ok((stats['sizeBytes'] as number) > 0);
    const text = await runMain(['stats'], { cwd: scratch, env });
    assert.match(text.stdout, /^papers +200$/m);
    assert.match(text.stdout, /^ {2}math +46 {3}cond-mat +42/m);
  });
});
