// File delivery: writes an already rendered digest to a path, atomically (a temporary file beside it, then a
// rename), so a reader or a crash never sees half a digest; and checks a path can take one before any work.

import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { access, open, readdir, rename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PaperwireError } from '../errors.js';
import { createFolders } from '../files.js';

/**
 * Linux file systems that hold no ordinary files, by statfs magic number (linux/magic.h): a digest written there
 * is refused, or (Node 20's recursive mkdir on /proc) never finishes.
 */
const SPECIAL_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x62656570, 'configfs'],
  [0x6165676c, 'pstore'],
  [0xcafe4a11, 'bpf'],
  [0xde5e81e4, 'efivarfs'],
  [0x1cd1, 'devpts'],
  [0x19800202, 'mqueue'],
  [0x42494e4d, 'binfmt_misc'],
  [0x65735543, 'fusectl'],
]);

/**
 * Names paperwire gives its own files, never a digest's: the store and its journals (`paperwire.sqlite-wal`), the
 * home's locks and their pid files, the config. Replacing one would lose the archive or break a lock.
 */
const OWN_FILE_NAME = /\.(sqlite(-wal|-shm|-journal)?|db|lock|pid|toml)$/i;

/** Bytes of an existing file read to tell text from binary data (a SQLite store, its journal, a PDF). */
const SNIFFED_BYTES = 4096;

/**
 * Why a digest cannot be written to `path`, or null when it can: the path is a folder or not a regular file, it
 * is named as one of paperwire's own files or holds binary data (a store, its write-ahead log: a digest never
 * replaces those), the nearest existing folder on the way is a file, lies on a special file system (/proc, /sys),
 * or is not writable. Reads only; creates nothing.
 */
export async function checkDigestPath(path: string): Promise<string | null> {
  try {
    return await findPathFault(path);
  } catch (error) {
    return `cannot look at ${path} (${codeOf(error)})`;
  }
}

async function findPathFault(path: string): Promise<string | null> {
  const target = await statOrNull(path);
  if (target?.isDirectory()) {
    return `${path} is a folder; name a file in it, e.g. ${join(path, 'digest-{date}.md')}`;
  }
  if (target && !target.isFile()) return `${path} is not a regular file, so it cannot be replaced atomically`;
  if (OWN_FILE_NAME.test(basename(path))) {
    return `${basename(path)} is named as a store, lock or config file, which a digest must never replace`;
  }
  if (target && (await isBinaryFile(path))) {
    return `${path} holds binary data (a database, its journal or another program's file), which a digest would destroy`;
  }
  let folder = dirname(path);
  let found = await statOrNull(folder);
  while (found === null && dirname(folder) !== folder) {
    folder = dirname(folder);
    found = await statOrNull(folder);
  }
  if (found === null) return `no folder on the way to ${path} exists`;
  if (!found.isDirectory()) return `${folder} is a file, so the folder for ${path} cannot be made`;
  const special = process.platform === 'linux' ? await specialFileSystemOf(folder) : null;
  if (special !== null) return `${folder} is on ${special}, a special file system that holds no digest files`;
  try {
    await access(folder, constants.W_OK | constants.X_OK);
  } catch (error) {
    return `the folder ${folder} is not writable (${codeOf(error)})`;
  }
  return null;
}

/**
 * Writes `text` (UTF-8) to `path`, creating missing folders and replacing any file there in one step.
 * Throws `PaperwireError` (`E_DELIVER`) naming the path when checkDigestPath refuses it or the write fails;
 * `label` names what was written (default: the digest) and the hint.
 */
export async function writeDigestFile(
  path: string,
  text: string,
  label: { what: string; hint: string } = { what: 'the digest', hint: "check --out (or the profile's out)" },
): Promise<void> {
  const fault = await checkDigestPath(path);
  if (fault !== null) {
    throw new PaperwireError('E_DELIVER', `cannot write ${label.what} to ${path}: ${fault}`, {
      hint: label.hint,
    });
  }
  const folder = dirname(path);
  // Same folder as the target, so the rename stays on one file system and is atomic.
  const temporary = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let isTemporaryWritten = false;
  try {
    createFolders(folder);
    await removeStaleTemporaries(folder, basename(path));
    isTemporaryWritten = true;
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    let leftover = '';
    if (isTemporaryWritten) {
      // The write's error is the one to report; a failed clean-up only adds the file to remove by hand.
      await rm(temporary, { force: true }).catch(() => {
        leftover = ` (remove ${temporary} by hand)`;
      });
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new PaperwireError('E_DELIVER', `cannot write ${label.what} to ${path}: ${reason}${leftover}`, {
      hint: `${label.hint} and the folder's permissions`,
      cause: error,
    });
  }
}

/**
 * Removes what writers killed mid-write (SIGKILL, a crash) left beside `name` in `folder`: `.<name>.<pid>.<8 hex>.tmp`
 * (and a site's `.old`) whose pid no longer runs. A running pid's are left (another writer at work, or a pid since
 * reused: then a leftover only stays a while longer).
 */
export async function removeStaleTemporaries(folder: string, name: string): Promise<void> {
  for (const entry of await readdir(folder)) {
    if (isStaleLeftover(entry, name)) await rm(join(folder, entry), { recursive: true, force: true });
  }
}

/**
 * Whether `entry` is what a writer of `name` killed mid-write left (`.<name>.<pid>.<8 hex>.tmp`, or `.old` when
 * `kind` allows it), its pid no longer running.
 */
export function isStaleLeftover(entry: string, name: string, kind: 'tmp' | 'old' | 'any' = 'any'): boolean {
  const prefix = `.${name}.`;
  if (!entry.startsWith(prefix)) return false;
  const match = /^(\d+)\.[0-9a-f]{8}\.(tmp|old)$/.exec(entry.slice(prefix.length));
  if (match === null || (kind !== 'any' && match[2] !== kind)) return false;
  return !isRunning(Number(match[1]));
}

/** Whether a process with this pid runs (EPERM: it does, as another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM';
  }
}

/** True when the start of the file at `path` holds a NUL byte, as a SQLite store and every binary format do. */
async function isBinaryFile(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read({ buffer: Buffer.alloc(SNIFFED_BYTES) });
    return buffer.subarray(0, bytesRead).includes(0);
  } finally {
    await file.close();
  }
}

/** The entry at `path` (symlinks followed), or null when nothing is there. */
async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (error) {
    if (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR') return null;
    throw error;
  }
}

async function specialFileSystemOf(folder: string): Promise<string | null> {
  const { type } = await statfs(folder);
  return SPECIAL_FILE_SYSTEMS.get(type) ?? null;
}

function codeOf(error: unknown): string {
  return error instanceof Error && 'code' in error ? String(error.code) : String(error);
}
