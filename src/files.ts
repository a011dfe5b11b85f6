// Reading a file whole, up to a limit: a pipe or a device such as /dev/zero may never end, and no config or
// library export is gigabytes. Plain node, for the layers that read what a user names (config/, the CLI).
import { closeSync, openSync, readSync } from 'node:fs';

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
