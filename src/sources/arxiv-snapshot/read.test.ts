// The snapshot reader on small files: line ends and offsets, a last line without a newline, resuming at an offset,
// gzip known by its magic bytes, a line too long to be a record, the file's identity, and the errors of a missing
// file or a broken gzip stream.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { ImportFileError } from '../../errors.js';
import { openSnapshotFile, readSnapshotLines, type SnapshotLineText } from './read.js';

const scratch = mkdtempSync(join(tmpdir(), 'paperwire-snapshot-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

async function linesOf(path: string, startOffset = 0): Promise<SnapshotLineText[]> {
  const file = await openSnapshotFile(path, 'file');
  const lines: SnapshotLineText[] = [];
  for await (const chunk of readSnapshotLines(file, startOffset)) lines.push(...chunk.lines);
  return lines;
}

describe('readSnapshotLines', () => {
  const text = '\ufeff{"a":1}\r\n{"b":"é"}\n\n{"c":3}';
  const plain = join(scratch, 'plain.jsonl');
  writeFileSync(plain, text);
  const expected = [
    { text: '{"a":1}', endOffset: 12 },
    { text: '{"b":"é"}', endOffset: 23 },
    { text: '', endOffset: 24 },
    { text: '{"c":3}', endOffset: 31 },
  ];

  it('gives each line without its end, with the byte offset past it, the last one without a newline too', async () => {
    assert.deepEqual(await linesOf(plain), expected);
  });

  it('joins lines across chunks: a long one over several, and a character split between two', async () => {
    // Reads are 1 MiB: lines of every length around that, "é" (2 bytes) placed to straddle chunk ends.
    const lengths = [1, 1_048_570, 3, 2_500_000, 17, 1_048_575, 900_000, 5];
    const texts = lengths.map(
      (length, index) => `${String(index)}${'é'.repeat(index % 2)}${'x'.repeat(length)}`,
    );
    const path = join(scratch, 'long.jsonl');
    writeFileSync(path, `${texts.join('\n')}\n`);
    let endOffset = 0;
    const expected = texts.map((line) => ({
      text: line,
      endOffset: (endOffset += Buffer.byteLength(line) + 1),
    }));
    assert.deepEqual(await linesOf(path), expected);
    assert.deepEqual(await linesOf(path, expected[2]?.endOffset), expected.slice(3));
  });

  it('starts at the offset a previous read reported', async () => {
    assert.deepEqual(await linesOf(plain, 23), expected.slice(2));
  });

  it('reads gzip by its magic bytes, whatever its name, from an offset of the text inside', async () => {
    const packed = join(scratch, 'packed.jsonl');
    writeFileSync(packed, gzipSync(Buffer.from(text)));
    assert.equal((await openSnapshotFile(packed, 'packed.jsonl')).isGzip, true);
    assert.deepEqual(await linesOf(packed), expected);
    assert.deepEqual(await linesOf(packed, 12), expected.slice(1));
  });

  it('skips a line longer than 4 MiB without holding it, and goes on with the next, in text and gzip', async () => {
    const long = `{"id":"x","abstract":"${'a'.repeat(5 * 1024 * 1024)}"}`;
    const content = `{"a":1}\n${long}\n{"c":3}\n${long}`;
    const overlong = join(scratch, 'overlong.jsonl');
    writeFileSync(overlong, content);
    const packed = join(scratch, 'overlong.gz');
    writeFileSync(packed, gzipSync(Buffer.from(content)));
    const firstEnd = 8;
    const secondEnd = firstEnd + long.length + 1;
    const wanted = [
      { text: '{"a":1}', endOffset: firstEnd },
      { text: '', endOffset: secondEnd, isOverlong: true },
      { text: '{"c":3}', endOffset: secondEnd + 8 },
      { text: '', endOffset: content.length, isOverlong: true },
    ];
    assert.deepEqual(await linesOf(overlong), wanted);
    assert.deepEqual(await linesOf(packed), wanted);
    assert.deepEqual(await linesOf(overlong, secondEnd), wanted.slice(2), 'resumed after it');
  });

  it('keys a file by its size and first bytes, not its name', async () => {
    const copy = join(scratch, 'copy.jsonl');
    writeFileSync(copy, text);
    const [a, b] = await Promise.all([openSnapshotFile(plain, 'a'), openSnapshotFile(copy, 'b')]);
    assert.equal(a.fileKey, b.fileKey);
    assert.match(a.fileKey, /^31:[0-9a-f]{64}$/);
  });

  it('names the file when it cannot be read, or its gzip stream is broken', async () => {
    await assert.rejects(openSnapshotFile(join(scratch, 'none.jsonl'), 'none.jsonl'), (error: unknown) => {
      return (
        error instanceof ImportFileError && /^none\.jsonl: cannot be read \(ENOENT\)$/.test(error.message)
      );
    });
    const broken = join(scratch, 'broken.gz');
    writeFileSync(broken, gzipSync(Buffer.from(text.repeat(100))).subarray(0, 40));
    await assert.rejects(linesOf(broken), (error: unknown) => {
      return (
        error instanceof ImportFileError &&
        /^file: cannot be read after byte \d+ \(/.test(error.message) &&
        // Shown in parentheses after the message: no parentheses of its own.
        error.hint ===
          'the gzip file is damaged or cut short: download it again; what was imported so far is kept'
      );
    });
  });
});
