// Plain file work for the layers that touch what a user names (config/, the store's home, --out, the CLI): reading a
// file whole up to a limit (a pipe or a device such as /dev/zero may never end, and no config or library export is
// gigabytes), and making a folder with its parents.
import { closeSync, mkdirSync, openSync, readSync, readlinkSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** The most read at a time. */
const CHUNK_BYTES = 1024 * 1024;

/** The bytes of the file, pipe or device at `path`, or null once it holds more than `maxBytes`. */
export function readUpTo(path: string, maxBytes: number): Buffer | null {
  const descriptor = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
      const read = readSync(descriptor, chunk, 0, chunk.length, null);
      if (read === 0) return Buffer.concat(chunks, total);
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > maxBytes) return null;
    }
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Creates `folder` and its missing parents, one level at a time. `mkdirSync(folder, { recursive: true })` spins for
 * ever where a file system answers ENOENT for a new folder under an existing one (Node 20 under /proc: `--home
 * /proc/x` hung at 100 % CPU); here that ENOENT is thrown. A folder another process made meanwhile is what was
 * wanted; a file where it should be throws EEXIST, as `mkdir` does. Throws the first error of `mkdir` otherwise.
 */
export function createFolders(folder: string): void {
  // A file where the folder should be fails as `mkdir` fails on it.
  if (isNonFolder(folder)) {
    throw Object.assign(new Error(`EEXIST: file already exists, mkdir '${folder}'`), {
      code: 'EEXIST',
      syscall: 'mkdir',
      path: folder,
    });
  }
  const missing: string[] = [];
  for (let current = folder; !exists(current); current = dirname(current)) {
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const each of missing) {
    try {
      mkdirSync(each);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // EEXIST for a path stat cannot follow: a symbolic link to nowhere (a disk not mounted) or a loop of links.
      // Ignored, it became "the directory does not exist" from SQLite, naming no link.
      if (!exists(each)) throw brokenLinkError(each);
    }
  }
}

/** The error for a symbolic link that leads nowhere; `isBrokenLink` lets callers say so in their own words. */
function brokenLinkError(path: string): Error {
  let target = '';
  try {
    target = ` to ${readlinkSync(path)}`;
  } catch {
    // Not a link itself: one of its parents is; the message names the path alone.
  }
  return Object.assign(
    new Error(
      `${path} is a symbolic link${target} that leads to no folder (a disk not mounted, or a loop of links)`,
    ),
    { code: 'ENOENT', syscall: 'mkdir', path, isBrokenLink: true },
  );
}

/** Whether `error` is createFolders' error for a symbolic link that leads nowhere. */
export function isBrokenLinkError(error: unknown): error is Error {
  return error instanceof Error && (error as { isBrokenLink?: unknown }).isBrokenLink === true;
}

/** Whether something other than a folder is at `path` (symlinks followed). */
function isNonFolder(path: string): boolean {
  try {
    return !statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Whether anything is at `path` (symlinks followed). */
function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
