// The per-home locks of the long jobs: `paperwire run` holds one while it delivers, so two schedulers on one home
// never send or write anything twice, and `import` and `harvest` one each, so two never write the same batches (or
// ask arXiv twice as often). Each is SQLite's own file lock (fcntl), which the OS drops when the holder dies.

import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../../errors.js';
import { nativeBinding } from './connection.js';

/** A job that holds its own lock: `<name>.lock` in the home folder, `<name>.pid` beside it naming the holder. */
export interface HomeJob {
  name: 'run' | 'import' | 'harvest';
  /** What a holder is doing, as the refusal says it: `is already delivering from this home`. */
  doing: string;
  hint: string;
}

const RUN_JOB: HomeJob = {
  name: 'run',
  doing: 'delivering from',
  hint: 'stop that process first, or let it do the deliveries; only one run per home',
};

export interface HomeLock {
  /** The lock file, as messages name it. */
  path: string;
  /** Lets the next holder take the lock; calling it again does nothing. */
  release(): void;
}

/**
 * Takes the home's lock of `job` (`run` by default), or throws `StoreError` at once naming the holder's pid and the
 * lock file. A holder that was killed (even with SIGKILL) leaves no lock behind: the OS releases SQLite's file lock
 * with the process, so a stale lock is taken over without guessing from pids. `home` must exist (opening the store
 * creates it).
 */
export function lockHome(home: string, pid: number = process.pid, job: HomeJob = RUN_JOB): HomeLock {
  const path = join(home, `${job.name}.lock`);
  const pidPath = join(home, `${job.name}.pid`);
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: 0, nativeBinding: nativeBinding() });
  } catch (error) {
    throw new StoreError(path, `cannot open the ${job.name} lock: ${reasonOf(error)}`, {
      hint: 'check that the home folder is writable (PAPERWIRE_HOME or --home)',
      cause: error,
    });
  }
  try {
    // RESERVED lock, held until the connection closes: another BEGIN IMMEDIATE on this file fails with SQLITE_BUSY.
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    db.close();
    if (error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY')) {
      throw new StoreError(
        path,
        `another paperwire ${job.name} (${describeHolder(pidPath)}) is already ${job.doing} this home`,
        { hint: job.hint, cause: error },
      );
    }
    throw new StoreError(path, `cannot take the ${job.name} lock: ${reasonOf(error)}`, { cause: error });
  }
  writePid(pidPath, pid);
  return {
    path,
    release() {
      if (!db.open) return;
      rmSync(pidPath, { force: true });
      db.close();
    },
  };
}

function describeHolder(pidPath: string): string {
  try {
    const pid = readFileSync(pidPath, 'utf8').trim();
    return /^\d+$/.test(pid) ? `pid ${pid}` : 'pid unknown';
  } catch {
    // The holder has just taken the lock and not yet written its pid.
    return 'pid unknown';
  }
}

/** Written whole, then renamed, so a reader never sees half a pid. */
function writePid(pidPath: string, pid: number): void {
  const temporary = `${pidPath}.${pid}.tmp`;
  writeFileSync(temporary, `${pid}\n`);
  renameSync(temporary, pidPath);
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
