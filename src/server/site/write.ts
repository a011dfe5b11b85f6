// Writes the static site's files into a folder beside the target, then puts that folder in the target's place, so
// a reader (or a web server) never sees a half-written site and files of pages gone from the archive go too.
import { randomBytes } from 'node:crypto';
import { constants, renameSync, type Stats } from 'node:fs';
import { access, lstat, mkdir, readdir, readlink, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { isStaleLeftover, removeStaleTemporaries } from '../../deliver/file.js';
import { PaperwireError, isPaperwireError } from '../../errors.js';
import type { SiteFile } from './pages.js';

/** The file that marks a folder as a paperwire site: only such a folder (or an empty one) is ever replaced. */
const SITE_MARK = '.paperwire-site';

/** How many files of each kind were written. */
export interface SiteCounts {
  page: number;
  feed: number;
  data: number;
}

/**
 * Writes `files` as the site at `outDir`: into `.<name>.<random>.tmp` beside it, then swapped in. Throws
 * PaperwireError (E_DELIVER) naming the folder when it is a file, holds something that is not a paperwire site,
 * or its parent cannot be written; nothing at `outDir` is touched then.
 */
export async function writeSite(outDir: string, files: Iterable<SiteFile>): Promise<SiteCounts> {
  const target = resolve(outDir);
  await checkSiteFolder(target);
  const parent = dirname(target);
  const suffix = `${process.pid}.${randomBytes(4).toString('hex')}`;
  const temporary = join(parent, `.${basename(target)}.${suffix}.tmp`);
  const old = join(parent, `.${basename(target)}.${suffix}.old`);
  const counts: SiteCounts = { page: 0, feed: 0, data: 0 };
  try {
    // A site killed between its two renames left no site at `target`, the previous one whole in its `.old`: put
    // it back before the leftovers go, or a run failing after this point would leave no site at all.
    await restoreMovedAsideSite(parent, target);
    // A site killed mid-write left a whole copy beside it: each such kill would keep one more for good.
    await removeStaleTemporaries(parent, basename(target));
    await mkdir(temporary);
    await writeFile(
      join(temporary, SITE_MARK),
      'Written by `paperwire site`; replaced whole by the next run.\n',
    );
    const made = new Set<string>();
    for (const file of files) {
      const path = join(temporary, file.path);
      const folder = dirname(path);
      if (!made.has(folder)) {
        await mkdir(folder, { recursive: true });
        made.add(folder);
      }
      await writeFile(path, file.text, 'utf8');
      counts[file.kind] += 1;
    }
    const hasOld = (await statOrNull(target)) !== null;
    swapInSite({ temporary, target, old }, hasOld);
    if (hasOld) await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    // A page that cannot be rendered (a stored digest that cannot be read) says so itself.
    if (isPaperwireError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new PaperwireError('E_DELIVER', `cannot write the site to ${outDir}: ${reason}`, {
      hint: 'check --out and the permissions of its folder',
      cause: error,
    });
  }
  return counts;
}

/**
 * Puts the site written at `temporary` in `target`'s place, moving the one there (`hasOld`) aside to `old` first.
 * Back to back in one turn of the event loop: the moment with no site at `target` is two system calls long, not two
 * trips through libuv's thread pool (a kill there is what restoreMovedAsideSite mends). Another `site` on the same
 * folder that swapped its own in between this one's look at `target` and these renames made them fail with a raw
 * `ENOTEMPTY` (a site appeared where none was) or `ENOENT` (the site looked at was moved aside): that is said in one
 * line, naming the folder and what to do. Throws PaperwireError (E_DELIVER) then, else what rename threw.
 */
export function swapInSite(paths: { temporary: string; target: string; old: string }, hasOld: boolean): void {
  const { temporary, target, old } = paths;
  try {
    if (hasOld) renameSync(target, old);
    renameSync(temporary, target);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    if (code === 'ENOTEMPTY' || code === 'EEXIST' || (hasOld && code === 'ENOENT')) {
      throw new PaperwireError(
        'E_DELIVER',
        `cannot write the site to ${target}: another paperwire site run is writing there`,
        {
          hint: 'wait for it to finish, then run site again if its site is not the one you want',
          cause: error,
        },
      );
    }
    throw error;
  }
}

/**
 * When nothing is at `target`, moves back the newest `.old` site a writer no longer running left beside it: the
 * whole previous site, moved aside by a `site` killed before it put the new one in its place.
 */
async function restoreMovedAsideSite(parent: string, target: string): Promise<void> {
  if ((await statOrNull(target)) !== null) return;
  const name = basename(target);
  let newest: { path: string; modified: number } | null = null;
  for (const entry of await readdir(parent)) {
    if (!isStaleLeftover(entry, name, 'old')) continue;
    const path = join(parent, entry);
    const found = await statOrNull(path);
    if (found?.isDirectory() === true && (newest === null || found.mtimeMs > newest.modified)) {
      newest = { path, modified: found.mtimeMs };
    }
  }
  if (newest !== null) await rename(newest.path, target);
}

/** Throws when `target` is a file, a folder holding anything but a paperwire site, or in a folder not writable. */
async function checkSiteFolder(target: string): Promise<void> {
  const refuse = (why: string, hint: string): PaperwireError =>
    new PaperwireError('E_DELIVER', `cannot write the site to ${target}: ${why}`, { hint });
  const found = await statOrNull(target);
  if (found === null && (await lstatOrNull(target))?.isSymbolicLink() === true) {
    // The swap renames a folder onto the link, which failed with a raw `ENOTDIR … rename` after every page was written.
    throw refuse(
      `it is a symbolic link to ${await readlink(target)}, which does not exist`,
      'remove the link, or name a new or empty folder for --out',
    );
  }
  if (found !== null && !found.isDirectory()) {
    throw refuse('it is a file, not a folder', 'name a new or empty folder for --out, e.g. site/');
  }
  if (found !== null) {
    const names = await readdir(target);
    if (names.length > 0 && !names.includes(SITE_MARK)) {
      throw refuse(
        `the folder holds files paperwire did not write (no ${SITE_MARK}), and the site replaces the whole folder`,
        'name a new or empty folder for --out, or one an earlier `paperwire site` wrote',
      );
    }
  }
  const parent = dirname(target);
  const parentFound = await statOrNull(parent);
  if (parentFound === null || !parentFound.isDirectory()) {
    throw refuse(`its folder ${parent} does not exist`, 'create it first, or name another --out');
  }
  try {
    await access(parent, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new PaperwireError('E_DELIVER', `cannot write the site to ${target}: ${parent} is not writable`, {
      hint: 'name a folder you can write in for --out',
      cause: error,
    });
  }
}

/** The entry at `path` (a link followed; a link to nothing or a loop of links is nothing), or null when nothing is there. */
async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return null;
    throw error;
  }
}

/** The entry at `path` itself (a link not followed), or null when nothing is there. */
async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}
