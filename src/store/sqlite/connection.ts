// Opens the SQLite file behind the store: creates its folder, checks the schema version, sets the pragmas, migrates,
// and turns SQLite's failures into StoreErrors that name the file and say what to do.

import { accessSync, chmodSync, constants, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { PaperwireError, StoreError } from '../../errors.js';
import { ensureIndexesBuilt } from './deferred-indexes.js';
import { checkSchemaVersion, migrate, MIGRATIONS, type Migration } from './schema/migrations.js';
import { createFolders, isBrokenLinkError } from '../../files.js';

/** How long a write waits for another process's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;
/** The page size of a new database file (SQLite's default is 4096). */
const NEW_FILE_PAGE_BYTES = 16384;

/**
 * Opens (creating if needed) and migrates the database at `path`; `onUpgrade` hears of each migration run on a file
 * made by an older paperwire, before it runs (some rebuild an index: minutes on millions of papers). With
 * `readsOnly` (the caller never writes), a file this process may not write is opened read-only instead, with none of
 * the write work (openReadOnly). Throws `StoreError`.
 */
export function openDatabase(
  path: string,
  onUpgrade?: (migration: Migration) => void,
  readsOnly = false,
): Database.Database {
  if (readsOnly && path !== ':memory:' && isUnwritableFile(path)) return openReadOnly(path);
  if (path !== ':memory:') {
    createParentFolder(path);
    restoreWalFileModes(path);
  }
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS, nativeBinding: nativeBinding() });
  } catch (error) {
    throw toStoreError(path, 'cannot open the database', error);
  }
  try {
    // Before any pragma that writes: a file from a newer paperwire is refused byte for byte as it was (switching
    // it to WAL would rewrite its header). Only reads so far, and the busy timeout is already set.
    const version = checkSchemaVersion(db, path);
    const isNewFile = db.pragma('page_count', { simple: true }) === 0;
    // A new file holds nothing to lose: it is made without waiting for the disk (docs/store.md, "A new store").
    // With `synchronous = OFF` and its first page written with the journal in memory, the switch to WAL and the
    // schema skip five fsyncs and a journal file (40-75 ms of a first digest's wall time on this machine's disk);
    // `synchronous = NORMAL` from the first commit after the schema on. The page size of a file with tables changes
    // only by VACUUM, never in WAL mode: paper rows are about 1.3 kB, and the space a page cannot fit another row
    // into is a smaller share of 16 KiB than of 4 KiB (the whole store is 11% smaller: "The store at scale").
    if (isNewFile) {
      db.pragma('synchronous = OFF');
      db.pragma('journal_mode = MEMORY');
      db.pragma(`page_size = ${NEW_FILE_PAGE_BYTES}`);
    }
    // WAL: readers (the web UI) never block the writer, and a killed writer leaves a consistent file. Set only
    // when not already so, so opening a WAL file writes nothing. An older file out of WAL is a bulk import's
    // (import.ts), running or killed: the switch back is tried, not awaited, as the pending indexes' build below.
    if (db.pragma('journal_mode', { simple: true }) !== 'wal')
      switchToWal(db, version === 0 ? BUSY_TIMEOUT_MS : 0);
    // A new file whose switch did not happen (another process held it past the busy timeout) gets its schema
    // through a journal on disk, never one in memory that a kill would lose halfway.
    if (isNewFile && db.pragma('journal_mode', { simple: true }) === 'memory' && path !== ':memory:')
      db.pragma('journal_mode = DELETE');
    // NORMAL is safe in WAL mode: a crash loses at most the last commits on power failure, never consistency.
    if (!isNewFile) db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, path, MIGRATIONS, onUpgrade);
    if (isNewFile) db.pragma('synchronous = NORMAL');
    buildIndexesAtOpen(db);
    return db;
  } catch (error) {
    db.close();
    throw toStoreError(path, 'cannot open the database', error);
  }
}

/**
 * Opens an existing file read-only: no migration, no switch to WAL, no index built, nothing written. SQLite still
 * needs the WAL's `-shm` and `-wal` files beside a WAL file: they exist while a paperwire that writes it has it open,
 * and a reader may create them when the folder is writable; otherwise the open fails with SQLITE_READONLY_DIRECTORY
 * (its hint says so). A schema older than this code's is refused, as only a process that can write may migrate it.
 */
function openReadOnly(path: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path, {
      readonly: true,
      fileMustExist: true,
      timeout: BUSY_TIMEOUT_MS,
      nativeBinding: nativeBinding(),
    });
  } catch (error) {
    throw toStoreError(path, 'cannot open the database read-only', error);
  }
  try {
    const version = checkSchemaVersion(db, path);
    const latest = MIGRATIONS.at(-1)?.version ?? 0;
    if (version < latest) {
      throw new StoreError(
        path,
        `the database has schema version ${version} and this paperwire needs ${latest}, but it is read-only here`,
        {
          hint: 'run `paperwire stats` once as a user who can write the file, which upgrades it, then try again',
        },
      );
    }
    return db;
  } catch (error) {
    db.close();
    // SQLite's own words ("attempt to write a readonly database") would puzzle a reader that writes nothing.
    if (error instanceof Database.SqliteError && isFolderInTheWay(path, error.code)) {
      throw new StoreError(
        path,
        `cannot read the database: its folder ${dirname(resolve(path))} is read-only`,
        {
          hint: HINTS['SQLITE_READONLY_DIRECTORY'] ?? '',
          cause: error,
        },
      );
    }
    throw toStoreError(path, 'cannot open the database read-only', error);
  }
}

/**
 * Whether a read-only open failed for want of the `-shm` file SQLite reads a WAL file through: SQLITE_READONLY_DIRECTORY
 * when the folder's mode refuses it, SQLITE_CANTOPEN ("unable to open database file") when a read-only mount does
 * (EROFS), the store itself having opened.
 */
function isFolderInTheWay(path: string, code: string): boolean {
  if (code === 'SQLITE_READONLY_DIRECTORY') return true;
  if (code !== 'SQLITE_CANTOPEN' || existsSync(`${path}-shm`)) return false;
  try {
    accessSync(dirname(resolve(path)), constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

/**
 * Gives the `-shm` and `-wal` files of a store its own mode again when they are this user's and read-only while the
 * store is not. SQLite makes them with the store's mode, and a reader does not remove them when it closes: a read-only
 * open of a read-only store leaves them read-only, and once the store is writable again every write failed with
 * "attempt to write a readonly database" while its file said it was writable. Another user's are left as they are.
 */
function restoreWalFileModes(path: string): void {
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
    accessSync(path, constants.W_OK);
  } catch {
    return; // No store yet, or one this process may not write: nothing to restore.
  }
  for (const file of [`${path}-shm`, `${path}-wal`]) {
    if (!existsSync(file) || !isUnwritableFile(file)) continue;
    try {
      if (statSync(file).uid === process.getuid?.()) chmodSync(file, mode);
    } catch (error) {
      // Gone meanwhile, or not ours to change: the open goes on, and SQLite's own error says what it cannot write.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'ENOENT') throw error;
    }
  }
}

/**
 * Whether `path` is a file this process may not write (the system's own answer: permissions, a read-only mount). A
 * missing file is not: it is created, and a failure then says why.
 */
function isUnwritableFile(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
  }
}

/**
 * Takes the file out of WAL into a rollback journal, with `synchronous = OFF`, for a bulk import into an empty store
 * (import.ts): in WAL each page is written twice (to the log, then copied into the file), while a rollback journal
 * holds only the pages a transaction changes that were in the file when it began, and an import into an empty store
 * mostly appends pages. OFF leaves the writes to the operating system without waiting for the disk: a killed
 * process loses nothing committed (the system holds its writes), a power cut may damage the file. Leaving WAL needs
 * the only connection to the file: when another process has it open (`serve`), nothing changes and false is
 * returned (the import runs in WAL, as before). Never waits for a lock.
 */
export function leaveWalForImport(db: Database.Database): boolean {
  let mode: unknown;
  db.pragma('busy_timeout = 0');
  try {
    mode = db.pragma('journal_mode = DELETE', { simple: true });
  } catch (error) {
    if (!isBusy(error)) throw error;
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
  if (mode !== 'delete') return false;
  db.pragma('synchronous = OFF');
  return true;
}

/**
 * Puts the file back in WAL mode with `synchronous = NORMAL`, what every connection but a bulk import's uses: at
 * the import's end, and at the next open of a file a killed import left out of WAL (SQLite rolls back its journal as
 * it reads the file). The switch needs an exclusive lock: when it is not had within `timeoutMs` (an import still
 * running holds it for each batch), the file stays in its mode, which every query works in (a reader then waits for
 * each of the import's commits), and a later open switches.
 */
export function restoreWal(db: Database.Database, timeoutMs: number = BUSY_TIMEOUT_MS): void {
  switchToWal(db, timeoutMs);
  db.pragma('synchronous = NORMAL');
}

/** Switches the file to WAL when its exclusive lock is had within `timeoutMs`; else it stays in its mode. */
function switchToWal(db: Database.Database, timeoutMs: number): void {
  db.pragma(`busy_timeout = ${timeoutMs}`);
  try {
    db.pragma('journal_mode = WAL');
  } catch (error) {
    if (!isBusy(error)) throw error;
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

function isBusy(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY');
}

/**
 * Builds the indexes a bulk import killed before its end left pending (deferred-indexes.ts), before any use. When
 * another process holds the write lock, it is most likely that import still running, whose last batch builds them,
 * and queries are right without them: the store opens at once rather than wait (the lock is tried, not awaited).
 */
function buildIndexesAtOpen(db: Database.Database): void {
  db.pragma('busy_timeout = 0');
  try {
    ensureIndexesBuilt(db);
  } catch (error) {
    if (!(error instanceof Database.SqliteError && error.code === 'SQLITE_BUSY')) throw error;
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

/**
 * The path of better-sqlite3's compiled addon, passed as its documented `nativeBinding` option to every
 * connection: where its install builds it (`build/Release`), else where the package's own lookup (the `bindings`
 * package) finds it from the package's folder. Its default lookup would start from the calling file, which is in
 * dist/ once better-sqlite3's JavaScript is bundled (scripts/build.mjs), and it requires several candidate paths,
 * each miss a thrown error, on every start.
 */
export function nativeBinding(): string {
  const packageJson = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
  const packageDir = dirname(packageJson);
  const addon = join(packageDir, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(addon)) return addon;
  const findAddon = createRequire(packageJson)('bindings') as (options: object) => string;
  return findAddon({ bindings: 'better_sqlite3.node', module_root: packageDir, path: true });
}

function createParentFolder(path: string): void {
  const folder = dirname(resolve(path));
  try {
    createFolders(folder);
  } catch (error) {
    if (isBrokenLinkError(error)) {
      throw new StoreError(path, `cannot create the folder ${folder}: ${error.message}`, {
        hint: 'mount the disk the link leads to, or point the link (or PAPERWIRE_HOME) at a folder',
        cause: error,
      });
    }
    throw new StoreError(path, `cannot create the folder ${folder}`, {
      hint: 'check that the path is writable, or set PAPERWIRE_HOME to a folder you own',
      cause: error,
    });
  }
}

const HINTS: Record<string, string> = {
  SQLITE_NOTADB: 'the file is not a SQLite database: move it away, or set PAPERWIRE_HOME to another folder',
  SQLITE_CORRUPT: 'the database is damaged: restore a backup, or move it away to start afresh',
  SQLITE_BUSY: 'another paperwire process is writing to this database: wait for it to finish and try again',
  // Before SQLITE_READONLY, which it starts with: the first prefix that matches is the hint.
  SQLITE_READONLY_DIRECTORY:
    'SQLite reads a store through its -shm and -wal files, made beside it unless a paperwire writing it has it open ' +
    '(docs/store.md, "A read-only store"): make the folder writable, or copy the store into one that is',
  SQLITE_READONLY: 'the database is read-only: check the file permissions',
  SQLITE_CANTOPEN: 'check that the path names a file (not a folder) that you can write',
  SQLITE_FULL: 'the disk is full: free some space and try again',
  SQLITE_IOERR: 'the disk reported an I/O error: check the disk and try again',
};

/** Wraps any error from SQLite (or from the driver) as a `StoreError` naming the file; PaperwireErrors pass through. */
export function toStoreError(path: string, action: string, error: unknown): PaperwireError {
  if (error instanceof PaperwireError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  const code = error instanceof Database.SqliteError ? error.code : '';
  const hint = Object.entries(HINTS).find(([prefix]) => code.startsWith(prefix))?.[1];
  return new StoreError(
    path,
    `${action}: ${reason}`,
    hint === undefined ? { cause: error } : { hint, cause: error },
  );
}
