// Reads a snapshot file as a stream of lines with the byte offset where each ends, gzip or not (known by its magic
// bytes), from any line boundary: memory stays bounded by one chunk and one line (a longer line is skipped, not
// held), whatever the file's size.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { ImportFileError } from '../../errors.js';
import type { Problem } from '../../model.js';

/** Bytes hashed for the file's identity: enough to tell snapshots apart, fast at any size. */
const IDENTITY_BYTES = 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;
/** A longer line is not a snapshot record (the longest real ones are a few tens of kB): it is skipped unread. */
const MAX_LINE_BYTES = 4 * 1024 * 1024;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** A snapshot file as `import` reads it. */
export interface SnapshotFile {
  /** The path to open. */
  path: string;
  /** The file as the reader named it, for messages. */
  name: string;
  sizeBytes: number;
  /** Its first bytes are gzip's magic (1f 8b), whatever its name. */
  isGzip: boolean;
  /** `<size>:<sha256 of the first MiB>`: the same file wherever it is moved; another snapshot differs. */
  fileKey: string;
}

/** One line's text (line end removed) and the offset just past its end in the (decompressed) text. */
export interface SnapshotLineText {
  /** '' for a line longer than MAX_LINE_BYTES, whose bytes were skipped. */
  text: string;
  endOffset: number;
  /** Set on a line longer than MAX_LINE_BYTES. */
  isOverlong?: true;
  /** Set on a line whose bytes are not UTF-8 (a damaged file): its text holds U+FFFD where they were. */
  isInvalidUtf8?: true;
}

/** The lines that one chunk of the file completed, and how many bytes of the file itself have been read. */
export interface SnapshotChunk {
  lines: SnapshotLineText[];
  /** Of the file as stored (compressed bytes for a `.gz`): what the progress line's share and time left count. */
  fileBytesRead: number;
  /** Of the text (decompressed), from its start: how far the reader has gone, inside a skipped line too. */
  textBytesRead: number;
}

/** Opens `path` (named `name` in errors) and reads its identity. Throws ImportFileError when it cannot be read. */
export async function openSnapshotFile(path: string, name: string): Promise<SnapshotFile> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const head = Buffer.alloc(Math.min(size, IDENTITY_BYTES));
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      const first = head.subarray(0, bytesRead);
      return {
        path,
        name,
        sizeBytes: size,
        isGzip: first[0] === 0x1f && first[1] === 0x8b,
        fileKey: `${size}:${createHash('sha256').update(first).digest('hex')}`,
      };
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new ImportFileError(name, `cannot be read (${code})`, {
      hint: "check the path: give arXiv's metadata snapshot, arxiv-metadata-oai-snapshot.json or .json.gz",
      cause: error,
    });
  }
}

/**
 * The lines of `file` after `startOffset` (a line boundary of the decompressed text, as a previous read reported
 * it), in chunks. A gzip file is decompressed from its start and the text before `startOffset` skipped. A line
 * end may be `\n` or `\r\n`; a last line without one is read too. A line longer than MAX_LINE_BYTES is given as
 * `isOverlong` with no text, its bytes never held. Throws ImportFileError for a broken gzip stream.
 */
export async function* readSnapshotLines(
  file: SnapshotFile,
  startOffset: number,
): AsyncGenerator<SnapshotChunk> {
  const fileStream = createReadStream(file.path, {
    highWaterMark: CHUNK_BYTES,
    ...(file.isGzip ? {} : { start: startOffset }),
  });
  const source = file.isGzip ? fileStream.pipe(createGunzip({ chunkSize: CHUNK_BYTES })) : fileStream;
  if (file.isGzip) fileStream.on('error', (error) => source.destroy(error));
  const fileBytesRead = (): number => (file.isGzip ? 0 : startOffset) + fileStream.bytesRead;
  let offset = file.isGzip ? 0 : startOffset;
  let carry: Buffer | null = null;
  // Inside a line longer than MAX_LINE_BYTES: its bytes are dropped up to its end.
  let isSkipping = false;
  try {
    for await (const data of source as AsyncIterable<Buffer>) {
      let chunk = data;
      if (offset < startOffset) {
        const skipped = Math.min(chunk.length, startOffset - offset);
        offset += skipped;
        chunk = chunk.subarray(skipped);
        if (chunk.length === 0) continue;
      }
      const lines: SnapshotLineText[] = [];
      if (isSkipping) {
        const end = chunk.indexOf(NEWLINE);
        if (end < 0) {
          offset += chunk.length;
          yield { lines, fileBytesRead: fileBytesRead(), textBytesRead: offset };
          continue;
        }
        lines.push({ text: '', endOffset: offset + end + 1, isOverlong: true });
        offset += end + 1;
        chunk = chunk.subarray(end + 1);
        isSkipping = false;
      }
      const base = offset;
      offset += chunk.length;
      let start = 0;
      let end = chunk.indexOf(NEWLINE);
      if (carry !== null) {
        // Only the line the last chunk began is joined, never the whole chunk: copying each 1 MiB chunk again cost
        // as much as reading it.
        const head = end < 0 ? chunk : chunk.subarray(0, end);
        const joined = Buffer.concat([carry, head]);
        if (end >= 0) {
          lines.push(lineOf(joined, 0, joined.length, base + end + 1));
          start = end + 1;
          end = chunk.indexOf(NEWLINE, start);
        }
        carry = end < 0 && start === 0 ? joined : null;
      }
      for (; end >= 0; end = chunk.indexOf(NEWLINE, start)) {
        lines.push(lineOf(chunk, start, end, base + end + 1));
        start = end + 1;
      }
      if (carry === null) carry = start < chunk.length ? chunk.subarray(start) : null;
      if (carry !== null && carry.length > MAX_LINE_BYTES) {
        carry = null;
        isSkipping = true;
      }
      yield { lines, fileBytesRead: fileBytesRead(), textBytesRead: offset };
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ImportFileError(file.name, `cannot be read after byte ${offset} (${reason})`, {
      hint: file.isGzip
        ? 'the gzip file is damaged or cut short: download it again; what was imported so far is kept'
        : 'check the file and the disk; what was imported so far is kept',
      cause: error,
    });
  }
  if (isSkipping) {
    yield {
      lines: [{ text: '', endOffset: offset, isOverlong: true }],
      fileBytesRead: fileBytesRead(),
      textBytesRead: offset,
    };
  } else if (carry !== null) {
    yield {
      lines: [lineOf(carry, 0, carry.length, offset)],
      fileBytesRead: fileBytesRead(),
      textBytesRead: offset,
    };
  }
}

/** The problem of a line the reader skipped for its length (`isOverlong`), named `where` (`snapshot.jsonl:12`). */
export function overlongLineProblem(where: string): Problem {
  return {
    where,
    what: `longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB: not one paper's record`,
    rule: 'too-long',
  };
}

/** The problem of a line whose bytes are not UTF-8 (`isInvalidUtf8`), named `where`. */
export function invalidUtf8LineProblem(where: string): Problem {
  return {
    where,
    what: 'not UTF-8 (the file is damaged here: download the snapshot again)',
    rule: 'not-utf8',
  };
}

/** A decoder that throws at the first byte that is not UTF-8, rather than replace it. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** One line, its `\r` (of a `\r\n` end) and a UTF-8 byte order mark removed, ending at `endOffset`. */
function lineOf(bytes: Buffer, start: number, end: number, endOffset: number): SnapshotLineText {
  const last = end > start && bytes[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
  const decoded = bytes.toString('utf8', start, last);
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  // Node's decoding puts U+FFFD for every byte that is not UTF-8; only then is the line decoded again, strictly, to
  // tell that from a U+FFFD the file wrote itself (a search of the text is far cheaper than a strict decode of each).
  if (text.includes('\uFFFD') && !isUtf8(bytes.subarray(start, last))) {
    return { text, endOffset, isInvalidUtf8: true };
  }
  return { text, endOffset };
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch (error) {
    if (error instanceof TypeError) return false;
    throw error;
  }
}
