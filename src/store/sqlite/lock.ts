// The per-home locks of the long jobs: `paperwire run` holds one while it runs, so two schedulers on one home never
// work twice, `import` and `harvest` one each, so two never write the same batches (or ask arXiv twice as often), and
// every digest holds `deliver` while it delivers, so two processes never send one digest twice. Each is SQLite's own
// file lock (fcntl), which the OS drops when the holder dies.

import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError, type PaperwireError } from '../../errors.js';
import { nativeBinding, toStoreError } from './connection.js';

/** A job that holds its own lock: `<name>.lock` in the home folder, `<name>.pid` beside it naming the holder. */
export interface HomeJob {
  name: 'run' | 'import' | 'harvest' | 'deliver';
  /** Who holds it, as the refusal says it; `paperwire <name>` when absent. */
  holderLabel?: string;
  /** What a holder is doing, as the refusal says it: `is already delivering from this home`. */
  doing: string;
  hint: string;
}

const RUN_JOB: HomeJob = {
  name: 'run',
  doing: 'delivering from',
  hint: 'stop that process first, or let it do the deliveries; only one run per home',
};

/**
 * Held by any process while it delivers a digest (publish.ts), `run` and `digest` alike, only for as long as it
 * sends: a second process waits for it, then finds the deliveries recorded and skips them.
 */
export const DELIVER_JOB: HomeJob = {
  name: 'deliver',
  holderLabel: 'paperwire process',
  doing: 'delivering from',
  hint: 'it may be stuck on a mail or chat server: stop it, or wait for it to end',
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
  const taken = tryLockHome(home, pid, job);
  if (taken.kind === 'busy') throw taken.error;
  return taken.lock;
}

export interface LockWaitOptions {
  /** Gives up after this long with the holder's refusal (`lockHome`'s StoreError). */
  timeoutMs: number;
  /** How often to try again. */
  pollMs: number;
  /** Resolves after `ms` (a timer; tests pass their own). */
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Called once, when the first try finds the lock held: the holder as the refusal names it (`pid 123`). */
  onWait: (holder: string) => void;
}

/**
 * Takes the home's lock of `job`, waiting while another process holds it (a holder that dies frees it at once), or
 * throws `lockHome`'s StoreError once `timeoutMs` has passed.
 */
export async function waitForHomeLock(
  home: string,
  job: HomeJob,
  options: LockWaitOptions,
  pid: number = process.pid,
): Promise<HomeLock> {
  const deadline = options.now() + options.timeoutMs;
  for (let tries = 0; ; tries += 1) {
    const taken = tryLockHome(home, pid, job);
    if (taken.kind === 'taken') return taken.lock;
    if (options.now() >= deadline) throw taken.error;
    if (tries === 0) options.onWait(taken.holder);
    await options.sleep(options.pollMs);
  }
}

type LockTry = { kind: 'taken'; lock: HomeLock } | { kind: 'busy'; holder: string; error: StoreError };

/** Takes the lock, or says who holds it (the error `lockHome` throws); any other failure throws. */
function tryLockHome(home: string, pid: number, job: HomeJob): LockTry {
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
      const holder = describeHolder(pidPath);
      const label = job.holderLabel ?? `paperwire ${job.name}`;
      const message = `another ${label} (${holder}) is already ${job.doing} this home`;
      return { kind: 'busy', holder, error: new StoreError(path, message, { hint: job.hint, cause: error }) };
    }
    throw lockError(path, job, error);
  }
  writePid(pidPath, pid);
  return {
    kind: 'taken',
    lock: {
      path,
      release() {
        if (!db.open) return;
        rmSync(pidPath, { force: true });
        db.close();
      },
    },
  };
}

/**
 * Why a lock no holder keeps could not be taken, with its fix: a full or failing disk (the store's hints), or a lock
 * file that is not a database (it holds no data, so removing it loses nothing).
 */
function lockError(path: string, job: HomeJob, error: unknown): PaperwireError {
  const action = `cannot take the ${job.name} lock`;
  if (error instanceof Database.SqliteError && /^SQLITE_(NOTADB|CORRUPT)/.test(error.code)) {
    return new StoreError(path, `${action}: ${reasonOf(error)}`, {
      hint: 'the lock file holds no data: remove it while no paperwire process runs from this home, then try again',
      cause: error,
    });
  }
  return toStoreError(path, action, error);
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
