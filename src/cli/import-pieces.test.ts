// The import's reading thread (import-pieces.ts, import-worker.ts) on small files: pieces end at each batch's last
// paper with the mark of its line, problems come in their line's piece, a resumed read starts at its offset, and what
// stops the thread (a damaged gzip file, a file that is not a snapshot) is thrown here as the reader's error.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { writeSnapshot } from '../../test/helpers/snapshot.js';
import { ImportFileError } from '../errors.js';
import { parseSnapshotLine } from '../sources/arxiv-snapshot/parse.js';
import { openSnapshotFile } from '../sources/arxiv-snapshot/read.js';
import { prepareImportedPapers } from '../store/sqlite/import-rows.js';
import { readPieces, type ReaderData, type ReadPiece } from './import-pieces.js';

const scratch = mkdtempSync(join(tmpdir(), 'paperwire-import-pieces-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

async function piecesOf(path: string, options: Partial<ReaderData> = {}): Promise<ReadPiece[]> {
  const file = await openSnapshotFile(path, 'snapshot.jsonl');
  const pieces: ReadPiece[] = [];
  const data = { byteOffset: 0, lineNumber: 0, batchSize: 3, papersBefore: 0, problemsBefore: 0, ...options };
  for await (const piece of readPieces({ file, ...data })) pieces.push(piece);
  return pieces;
}

describe('readPieces', () => {
  // 8 papers, a line that is not JSON (line 3) and a blank line (line 6).
  const generated = join(scratch, 'generated.jsonl');
  const path = join(scratch, 'snapshot.jsonl');
  const lines: string[] = [];

  it('ends a piece at every batch-size-th paper, with the mark of its line, and gives every row in order', async () => {
    await writeSnapshot(generated, 8);
    lines.push(...readFileSync(generated, 'utf8').split('\n').slice(0, 8));
    lines.splice(2, 0, '{"id": broken');
    lines.splice(5, 0, '');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const pieces = await piecesOf(path);
    const ends = pieces.filter((piece) => piece.endsBatch).map(({ lineNumber }) => lineNumber);
    // Papers on lines 1, 2, 4, 5, 7, 8, 9, 10: the 3rd is on line 4, the 6th on line 8.
    assert.deepEqual(ends, [4, 8]);
    const offsetOf = (lineNumber: number): number =>
      lines.slice(0, lineNumber).reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
    for (const piece of pieces) assert.equal(piece.byteOffset, offsetOf(piece.lineNumber));
    const last = pieces.at(-1);
    assert.equal(last?.lineNumber, 10);
    assert.ok(last.endsChunk !== null);

    const records = lines.flatMap((line) => {
      const { record } = line === '' ? { record: null } : parseSnapshotLine(line, 'x');
      return record === null ? [] : [record];
    });
    const expected = prepareImportedPapers(records);
    assert.deepEqual(
      pieces.flatMap((piece) => piece.prepared.papers),
      expected.papers,
    );
    assert.deepEqual(
      pieces.flatMap((piece) => piece.prepared.versions),
      expected.versions,
    );
    const problems = pieces.flatMap((piece) =>
      piece.problems.map((problem) => [piece.lineNumber, problem.where]),
    );
    assert.deepEqual(problems, [[4, 'snapshot.jsonl:3']]);
  });

  it('starts after the line a resumed import stopped at, its batches counted from there', async () => {
    const offset = lines.slice(0, 4).reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
    const pieces = await piecesOf(path, {
      byteOffset: offset,
      lineNumber: 4,
      papersBefore: 3,
      problemsBefore: 1,
    });
    assert.deepEqual(
      pieces.filter((piece) => piece.endsBatch).map(({ lineNumber }) => lineNumber),
      // Papers on lines 5, 7, 8, 9, 10: the rerun's first batch ends at its 3rd.
      [8],
    );
    assert.equal(pieces.flatMap((piece) => piece.prepared.papers).length, 5);
    assert.deepEqual(
      pieces.flatMap((piece) => piece.problems),
      [],
    );
  });

  it("throws a damaged gzip file's error with its hint, after the pieces read before it", async () => {
    const gzip = gzipSync(readFileSync(path));
    const damaged = join(scratch, 'damaged.bin');
    writeFileSync(damaged, gzip.subarray(0, gzip.length - 20));
    await assert.rejects(piecesOf(damaged), (error: unknown) => {
      assert.ok(error instanceof ImportFileError, String(error));
      assert.match(error.message, /^snapshot\.jsonl: cannot be read after byte \d+/);
      assert.match(error.hint ?? '', /gzip file is damaged/);
      return true;
    });
  });

  it('stops at the 1000th line without a paper, the problems before it given first', async () => {
    const junk = join(scratch, 'junk.jsonl');
    writeFileSync(junk, '[1]\n'.repeat(1500));
    const file = await openSnapshotFile(junk, 'junk.jsonl');
    let problems = 0;
    const data = { file, byteOffset: 0, lineNumber: 0, batchSize: 3, papersBefore: 0, problemsBefore: 0 };
    await assert.rejects(
      (async () => {
        for await (const piece of readPieces(data)) problems += piece.problems.length;
      })(),
      (error: unknown) => {
        assert.ok(error instanceof ImportFileError, String(error));
        assert.match(error.message, /^junk\.jsonl: the first 1000 lines hold no paper/);
        assert.match(error.hint ?? '', /arxiv-metadata-oai-snapshot\.json/);
        return true;
      },
    );
    assert.equal(problems, 1000);
  });
});
