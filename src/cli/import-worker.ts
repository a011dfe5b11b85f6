// The thread `paperwire import` reads the snapshot in (import-pieces.ts): it reads the file, parses each line and
// makes the store's rows, posting them in pieces while the importing thread writes the pieces before.

import { parentPort, workerData } from 'node:worker_threads';
import { ImportFileError } from '../errors.js';
import type { Problem } from '../model.js';
import { parseSnapshotLine } from '../sources/arxiv-snapshot/parse.js';
import {
  invalidUtf8LineProblem,
  overlongLineProblem,
  readSnapshotLines,
} from '../sources/arxiv-snapshot/read.js';
import { prepareImportedPapers } from '../store/sqlite/import-rows.js';
import type { ImportedPaper } from '../store/store.js';
import {
  CHUNKS_AHEAD,
  NOT_A_SNAPSHOT_HINT,
  TAKEN,
  type ReaderData,
  type ReaderMessage,
} from './import-pieces.js';

/** So many lines without a single paper: the file is not a snapshot. */
const MAX_LINES_WITHOUT_PAPER = 1000;
/**
 * So many bytes without a single paper, in lines too long to count (a binary file, `/dev/zero`, an endless pipe
 * with no line end): the file is not a snapshot. A paper's line is about 1–2 KB.
 */
const MAX_BYTES_WITHOUT_PAPER = 64 * 1024 * 1024;

const port = parentPort;
if (port === null) throw new Error('import-worker.ts runs as a worker thread (import-pieces.ts starts it)');

/** Chunks posted and not yet taken by the importing thread; the reading waits while CHUNKS_AHEAD are. */
let ahead = 0;
let resume: (() => void) | null = null;
const onMessage = (message: unknown): void => {
  if (message !== TAKEN) return;
  ahead -= 1;
  resume?.();
  resume = null;
};
port.on('message', onMessage);

const post = (message: ReaderMessage): void => port.postMessage(message);

/** Reads the file from the data's offset to its end, posting its pieces, then `end`. */
async function readFile({
  file,
  byteOffset,
  lineNumber,
  batchSize,
  papersBefore,
  problemsBefore,
}: ReaderData) {
  const startOffset = byteOffset;
  let papersRead = papersBefore;
  let problemsSeen = problemsBefore;
  /** Papers since the last piece that ended a batch. */
  let inBatch = 0;
  let records: ImportedPaper[] = [];
  let problems: Problem[] = [];
  const piece = (endsBatch: boolean, endsChunk: { fileBytesRead: number; textBytesRead: number } | null) => {
    post({
      kind: 'piece',
      piece: {
        prepared: prepareImportedPapers(records),
        problems,
        lineNumber,
        byteOffset,
        endsBatch,
        endsChunk,
      },
    });
    records = [];
    problems = [];
  };
  for await (const chunk of readSnapshotLines(file, byteOffset)) {
    for (const line of chunk.lines) {
      lineNumber += 1;
      byteOffset = line.endOffset;
      const where = `${file.name}:${lineNumber}`;
      if (line.text.trim() === '' && line.isOverlong !== true) continue;
      const { record, problem } =
        line.isOverlong === true
          ? { record: null, problem: overlongLineProblem(where) }
          : line.isInvalidUtf8 === true
            ? { record: null, problem: invalidUtf8LineProblem(where) }
            : parseSnapshotLine(line.text, where);
      if (problem !== null) {
        problems.push(problem);
        problemsSeen += 1;
      }
      if (record === null) {
        if (papersRead === 0 && problemsSeen >= MAX_LINES_WITHOUT_PAPER) {
          piece(false, null);
          throw new ImportFileError(
            file.name,
            `the first ${MAX_LINES_WITHOUT_PAPER} lines hold no paper: not an arXiv metadata snapshot`,
            { hint: NOT_A_SNAPSHOT_HINT },
          );
        }
        continue;
      }
      records.push(record);
      papersRead += 1;
      inBatch += 1;
      if (inBatch >= batchSize) {
        piece(true, null);
        inBatch = 0;
      }
    }
    piece(false, { fileBytesRead: chunk.fileBytesRead, textBytesRead: chunk.textBytesRead });
    if (papersRead === 0 && chunk.textBytesRead - startOffset > MAX_BYTES_WITHOUT_PAPER) {
      throw new ImportFileError(
        file.name,
        `its first ${MAX_BYTES_WITHOUT_PAPER / 1024 / 1024} MiB hold no paper: not an arXiv metadata snapshot`,
        { hint: NOT_A_SNAPSHOT_HINT },
      );
    }
    ahead += 1;
    while (ahead >= CHUNKS_AHEAD) await new Promise<void>((resolve) => (resume = resolve));
  }
  post({ kind: 'end' });
}

try {
  await readFile(workerData as ReaderData);
} catch (error) {
  if (error instanceof ImportFileError) {
    post({
      kind: 'failed',
      where: error.where,
      what: error.message.slice(error.where.length + 2),
      hint: error.hint,
    });
  } else {
    post({
      kind: 'failed',
      where: null,
      what: error instanceof Error ? error.message : String(error),
      hint: null,
    });
  }
}
// Nothing more to hear: the thread ends once what it posted is sent.
port.off('message', onMessage);
