// The per-home lock `paperwire run` holds while it delivers, so two schedulers on one home never send or write
// anything twice. The lock is SQLite's own file lock (fcntl), which the OS drops when the holder dies.

import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../../errors.js';
import { nativeBinding } from './connection.js';

/** The lock file in the home folder; `run.pid` beside it names the holder. */
const LOCK_FILE = 'run.lock';
const PID_FILE = 'run.pid';

export interface HomeLock {
  /** The lock file, as messages name it. */
  path: string;
  /** Lets the next `paperwire run` take the lock; calling it again does nothing. */
  release(): void;
}

/**
 * Takes the home's run lock, or throws `StoreError` at once naming the holder's pid and the lock file. A holder
 * that was killed (even with SIGKILL) leaves no lock behind: the OS releases SQLite's file lock with the process,
 * so a stale lock is taken over without guessing from pids. `home` must exist (opening the store creates it).
 */
export function lockHome(home: string, pid: number = process.pid): HomeLock {
  const path = join(home, LOCK_FILE);
  const pidPath = join(home, PID_FILE);
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: 0, nativeBinding: nativeBinding() });
  } catch (error) {
    throw new StoreError(path, `cannot open the run lock: ${reasonOf(error)}`, {
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
        `another paperwire run (${describeHolder(pidPath)}) is already delivering from this home`,
        { hint: 'stop that process first, or let it do the deliveries; only one run per home', cause: error },
      );
    }
    throw new StoreError(path, `cannot take the run lock: ${reasonOf(error)}`, { cause: error });
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
