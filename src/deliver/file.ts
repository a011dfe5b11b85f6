// File delivery: writes an already rendered digest to a path, atomically (a temporary file beside it, then a
// rename), so a reader or a crash never sees half a digest. It never renders.

import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PaperwireError } from '../errors.js';

/**
 * Writes `text` (UTF-8) to `path`, creating missing folders and replacing any file there in one step.
 * Throws `PaperwireError` (`E_DELIVER`) naming the path when the folder cannot be created or written.
 */
export async function writeDigestFile(path: string, text: string): Promise<void> {
  const folder = dirname(path);
  // Same folder as the target, so the rename stays on one file system and is atomic.
  const temporary = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let isTemporaryWritten = false;
  try {
    await mkdir(folder, { recursive: true });
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
    throw new PaperwireError('E_DELIVER', `cannot write the digest to ${path}: ${reason}${leftover}`, {
      hint: "check --out (or the profile's out) and the folder's permissions",
      cause: error,
    });
  }
}
