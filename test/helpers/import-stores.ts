// For store tests that run an import's batches by hand: fresh store files in a scratch folder removed after the
// file's tests, and the resume mark of an import of `snapshot.jsonl` through a given line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import type { ImportMark } from '../../src/store/store.js';

/** A maker of new store paths (`store-1.sqlite`, `store-2.sqlite`, ...) in a folder named by `prefix`. */
export function scratchStoreFiles(prefix: string): () => string {
  const scratch = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  let files = 0;
  return () => join(scratch, `store-${(files += 1)}.sqlite`);
}

/** The mark through line `lineNumber`, a hundred bytes a line; the totals are not what those tests check. */
export function importMarkAt(lineNumber: number, isComplete: boolean): ImportMark {
  return {
    fileKey: 'size-1:abc',
    path: 'snapshot.jsonl',
    byteOffset: lineNumber * 100,
    lineNumber,
    isComplete,
    totals: { inserted: lineNumber, updated: 0, unchanged: 0, problems: 0 },
  };
}
