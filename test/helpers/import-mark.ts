// The resume mark of an import of `snapshot.jsonl` through line `lineNumber`, for store tests that commit an import's
// batches by hand (a hundred bytes a line; the totals are not what those tests check).
import type { ImportMark } from '../../src/store/store.js';

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
