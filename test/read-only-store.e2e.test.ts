// End to end, the built CLI as a user who may not write the store: the commands that only read open it read-only and
// work (search, stats, trend, similar, rate --list, library list, serve) without writing a byte of it; a store that
// needs a migration, or whose folder is read-only too, is refused with one line saying what to do.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { nativeBinding } from '../src/store/sqlite/connection.js';
import { DEFERRABLE_INDEXES, deferIndexes } from '../src/store/sqlite/deferred-indexes.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import { runCli, withServe, type ChildUser } from './helpers/run-cli.js';
import { listed, samplePaper } from './helpers/samples.js';

/**
 * Root writes any file whatever its mode, so as root the commands run as `nobody` (65534), whom the modes bind: a
 * read-only open as a user meets it. Any other user is bound by them already.
 */
const READER: ChildUser | undefined = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

const INDEXED = ['2601.00001', '2601.00002', '2601.00003'];

/** A home whose store holds three searched (indexed) papers, one rating and `unindexed` papers saved after. */
function makeHome(unindexed: readonly string[] = []): { home: string; dbPath: string } {
  const home = mkdtempSync(join(tmpdir(), 'paperwire-read-only-'));
  const dbPath = join(home, 'paperwire.sqlite');
  const store = openSqliteStore(dbPath);
  store.savePapers(
    INDEXED.map((id) =>
      listed(samplePaper(id, { title: `Spectral graph transformers, part ${id.slice(-1)}` })),
    ),
  );
  store.searchPapers('spectral', { limit: 10 });
  store.setRating('2601.00001', 'up', new Date('2026-01-06T08:00:00Z'));
  store.savePapers(unindexed.map((id) => listed(samplePaper(id, { title: 'Spectral methods, late' }))));
  store.close();
  return { home, dbPath };
}

/** Takes write permission away from the store file, and from its folder when `isFolderReadOnly`. */
function makeReadOnly(home: string, dbPath: string, isFolderReadOnly: boolean): void {
  chmodSync(dbPath, 0o444);
  // 0777 lets `nobody` make the -shm and -wal files SQLite reads a WAL file through, as its owner could.
  chmodSync(home, isFolderReadOnly ? 0o555 : 0o777);
}

function removeHome(home: string): void {
  chmodSync(home, 0o755);
  rmSync(home, { recursive: true, force: true });
}

function digestOf(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function run(args: string[], home: string): ReturnType<typeof runCli> {
  return runCli(args, { cwd: home, env: { PAPERWIRE_HOME: home }, ...(READER ? { user: READER } : {}) });
}

describe('a read-only store', () => {
  it('answers every command that only reads, and is left byte for byte as it was', async () => {
    const { home, dbPath } = makeHome();
    try {
      makeReadOnly(home, dbPath, false);
      const before = digestOf(dbPath);
      const search = await run(['search', 'spectral'], home);
      assert.equal(search.code, 0, search.stderr);
      assert.match(search.stdout, /2601\.00001 {2}Spectral graph transformers, part 1/);
      assert.equal(search.stderr, '');
      const stats = await run(['stats', '--json'], home);
      assert.equal(stats.code, 0, stats.stderr);
      assert.equal((JSON.parse(stats.stdout) as { papers: number }).papers, 3);
      const trend = await run(['trend', 'spectral', '--json'], home);
      assert.equal(trend.code, 0, trend.stderr);
      const similar = await run(['similar', '2601.00001'], home);
      assert.equal(similar.code, 0, similar.stderr);
      assert.match(similar.stdout, /2601\.00002/);
      const ratings = await run(['rate', '--list'], home);
      assert.equal(ratings.code, 0, ratings.stderr);
      assert.match(ratings.stdout, /2601\.00001/);
      const library = await run(['library', 'list'], home);
      assert.equal(library.code, 0, library.stderr);
      const served = await withServe(
        [],
        { cwd: home, env: { PAPERWIRE_HOME: home }, ...(READER ? { user: READER } : {}) },
        async (url) => {
          const page = await fetch(`${url}/search?q=spectral`);
          assert.equal(page.status, 200);
          assert.ok((await page.text()).includes('<a href="/papers/2601.00002">'));
          // A rating is refused as such, with the form's own token, rather than failing in the store (a 500).
          const paper = await (await fetch(`${url}/papers/2601.00002`)).text();
          const csrf = /name="csrf" value="([^"]+)"/.exec(paper)?.[1] ?? assert.fail('no rating form');
          const rated = await fetch(`${url}/ratings`, {
            method: 'POST',
            body: new URLSearchParams({ id: '2601.00002', kind: 'up', csrf, back: '/' }),
            redirect: 'manual',
          });
          assert.equal(rated.status, 403);
          assert.match(
            await rated.text(),
            /POST \/ratings: this server&#39;s store is read-only, so it takes no ratings/,
          );
        },
      );
      assert.equal(served.code, 0, served.stderr);
      // A write is refused as before, naming the store.
      const rated = await run(['rate', '2601.00002', '--up'], home);
      assert.equal(rated.code, 1);
      assert.match(
        rated.stderr,
        /^paperwire: \S+paperwire\.sqlite: .*readonly database \(the database is read-only/,
      );
      assert.equal(digestOf(dbPath), before);
    } finally {
      removeHome(home);
    }
  });

  it('says how many papers its searches cannot find, those saved since the last search', async () => {
    const { home, dbPath } = makeHome(['2601.00004', '2601.00005']);
    try {
      makeReadOnly(home, dbPath, false);
      const search = await run(['search', 'spectral'], home);
      assert.equal(search.code, 0, search.stderr);
      assert.match(search.stdout, /2601\.00003/);
      assert.doesNotMatch(search.stdout, /2601\.00004/);
      assert.match(
        search.stderr,
        /^notice: \S+paperwire\.sqlite is read-only here: 2 papers saved since the last search are not in its search index/,
      );
      // A command that does not search has nothing to say about it.
      const stats = await run(['stats'], home);
      assert.equal(stats.code, 0, stats.stderr);
      assert.equal(stats.stderr, '');
    } finally {
      removeHome(home);
    }
  });

  it('takes writes once its file is writable again, though a read-only open left its -shm and -wal read-only', async () => {
    const { home, dbPath } = makeHome();
    try {
      // The reader owns the home here, as a user who made their own store read-only for a while.
      if (READER) for (const path of [home, dbPath]) chownSync(path, READER.uid, READER.gid);
      chmodSync(dbPath, 0o444);
      const search = await run(['search', 'spectral'], home);
      assert.equal(search.code, 0, search.stderr);
      assert.equal(statSync(`${dbPath}-shm`).mode & 0o777, 0o444);
      chmodSync(dbPath, 0o644);
      const rated = await run(['rate', '2601.00002', '--up'], home);
      assert.equal(rated.code, 0, rated.stderr);
      const ratings = await run(['rate', '--list', '--json'], home);
      assert.match(ratings.stdout, /2601\.00002/);
      assert.ok(!existsSync(`${dbPath}-shm`) || (statSync(`${dbPath}-shm`).mode & 0o777) === 0o644);
    } finally {
      removeHome(home);
    }
  });

  it('counts its papers for stats though an interrupted import left its indexes to build', async () => {
    const { home, dbPath } = makeHome();
    try {
      const raw = new Database(dbPath, { nativeBinding: nativeBinding() });
      raw.transaction(() => deferIndexes(raw, DEFERRABLE_INDEXES)).immediate();
      raw.close();
      makeReadOnly(home, dbPath, false);
      const stats = await run(['stats', '--json'], home);
      assert.equal(stats.code, 0, stats.stderr);
      const counted = JSON.parse(stats.stdout) as {
        papers: number;
        papersByArchive: unknown;
      };
      assert.equal(counted.papers, 3);
      assert.deepEqual(counted.papersByArchive, [{ archive: 'cs', papers: 3 }]);
    } finally {
      removeHome(home);
    }
  });

  it('is refused with one line naming the folder when the folder is read-only too', async () => {
    const { home, dbPath } = makeHome();
    try {
      makeReadOnly(home, dbPath, true);
      const search = await run(['search', 'spectral'], home);
      assert.equal(search.code, 1);
      assert.equal(search.stderr.trim().split('\n').length, 1, search.stderr);
      assert.match(
        search.stderr,
        /^paperwire: \S+paperwire\.sqlite: cannot read the database: its folder \S+ is read-only \(SQLite reads a store through its -shm and -wal files.*make the folder writable/,
      );
    } finally {
      removeHome(home);
    }
  });

  it('is refused with the same line on a read-only mount, where SQLite says only "unable to open"', (t) => {
    // A read-only bind mount in a mount namespace of its own: root may make one (`unshare -m`), and the modes of a
    // read-only mount bind root too (EROFS). Elsewhere there is no way to make one from a test.
    const canMount =
      process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true'], { stdio: 'ignore' }).status === 0;
    if (!canMount) {
      t.skip('needs root and unshare -m to make a read-only mount');
      return;
    }
    const { home } = makeHome();
    try {
      const bin = join(import.meta.dirname, '..', 'bin', 'paperwire.js');
      const script =
        'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && ' +
        'PAPERWIRE_HOME="$1" exec "$2" "$3" search spectral';
      const result = spawnSync('unshare', ['-m', 'sh', '-c', script, 'sh', home, process.execPath, bin], {
        encoding: 'utf8',
      });
      assert.equal(result.status, 1, result.stderr);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(
        result.stderr,
        /^paperwire: \S+paperwire\.sqlite: cannot read the database: its folder \S+ is read-only \(SQLite reads/,
      );
    } finally {
      removeHome(home);
    }
  });

  it('is refused with the command to run with write access when its schema is older', async () => {
    const { home, dbPath } = makeHome();
    try {
      const raw = new Database(dbPath, { nativeBinding: nativeBinding() });
      const version = raw.pragma('user_version', { simple: true }) as number;
      raw.pragma(`user_version = ${version - 1}`);
      raw.close();
      makeReadOnly(home, dbPath, false);
      const before = digestOf(dbPath);
      const search = await run(['search', 'spectral'], home);
      assert.equal(search.code, 1);
      assert.equal(search.stderr.trim().split('\n').length, 1, search.stderr);
      assert.match(
        search.stderr,
        new RegExp(
          `^paperwire: \\S+paperwire\\.sqlite: the database has schema version ${version - 1} and this paperwire ` +
            `needs ${version}, but it is read-only here \\(run \`paperwire stats\` once as a user who can write`,
        ),
      );
      assert.equal(digestOf(dbPath), before);
    } finally {
      removeHome(home);
    }
  });
});
