// `paperwire import`'s reading thread, seen from the importing thread: the snapshot is read, parsed and made into
// the store's rows in a worker (import-worker.ts) while this thread writes them, and comes back as pieces in order.

import { Worker } from 'node:worker_threads';
import { ImportFileError } from '../errors.js';
import type { Problem } from '../model.js';
import type { SnapshotFile } from '../sources/arxiv-snapshot/read.js';
import type { PreparedPapers } from '../store/store.js';
import { workerModuleUrl } from '../worker-url.js';

/** What the worker is told: the file, where to start, and what the importing thread has counted before. */
export interface ReaderData {
  file: SnapshotFile;
  /** The (decompressed) text offset and the line number the import resumes after; 0 from the start. */
  byteOffset: number;
  lineNumber: number;
  /** Papers per transaction: a piece ends where a batch is full, so that the mark can be that line. */
  batchSize: number;
  /** Papers and problems the import counted before (a resumed import): the tests for "not a snapshot" need them. */
  papersBefore: number;
  problemsBefore: number;
}

/**
 * Consecutive lines of the file: their papers as the store's rows, their problems, and where they end. A piece ends
 * at a batch's last paper (`endsBatch`) or at the end of a chunk of the file (`endsChunk`, with the bytes read).
 */
export interface ReadPiece {
  prepared: PreparedPapers;
  problems: Problem[];
  /** The line number and text offset just past the piece's last line: the mark, when it ends a batch. */
  lineNumber: number;
  byteOffset: number;
  endsBatch: boolean;
  /** Set on the piece that ends a chunk: how far the file (compressed bytes of a `.gz`) and its text were read. */
  endsChunk: { fileBytesRead: number; textBytesRead: number } | null;
}

/** What the worker posts: a piece, the end of the file, or why it stopped. */
export type ReaderMessage =
  | { kind: 'piece'; piece: ReadPiece }
  | { kind: 'end' }
  | { kind: 'failed'; where: string | null; what: string; hint: string | null };

/** The hint of every "not a snapshot" error, the worker's and the importing thread's. */
export const NOT_A_SNAPSHOT_HINT =
  "give arXiv's snapshot (JSON Lines, one paper per line), arxiv-metadata-oai-snapshot.json";

/** What the importing thread posts back: one chunk's pieces were taken, the worker may read one more. */
export const TAKEN = 'taken';

/**
 * Chunks (of 1 MiB) the worker reads ahead of the writes: enough to keep it busy while a batch commits, few enough
 * that memory stays bounded (each is about 2 MB of rows, held once in each thread).
 */
export const CHUNKS_AHEAD = 6;

/**
 * The worker's young generation, where a chunk's short-lived garbage goes. At 100 k papers, V8's default took the
 * process's peak memory to 267–278 MB; 8 MiB to 241–243 MB, but the worker's profile then spent 1.3 s collecting;
 * 16 MiB 252–255 MB and 1.1 s (the process's CPU the same within the noise at all three).
 */
const WORKER_YOUNG_MB = 16;

/**
 * The file's pieces from `data`'s offset, read and parsed in a worker thread, in the order of the file. The worker
 * stays at most CHUNKS_AHEAD chunks ahead of what this thread took. Throws what the worker stopped on (an
 * ImportFileError for a damaged file or one that is not a snapshot); ending early (`return`, a throw) stops it.
 */
export async function* readPieces(data: ReaderData): AsyncGenerator<ReadPiece> {
  const worker = new Worker(workerModuleUrl('import-worker', import.meta.url), {
    workerData: data,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
  });
  const waiting: ReaderMessage[] = [];
  /** Why the thread stopped on its own, if it did: thrown once its messages before are taken. */
  const stopped: { error: Error | null } = { error: null };
  let wake: (() => void) | null = null;
  const woken = (): void => {
    wake?.();
    wake = null;
  };
  worker.on('message', (message: ReaderMessage) => {
    waiting.push(message);
    woken();
  });
  worker.on('error', (error) => {
    stopped.error ??= error;
    woken();
  });
  worker.on('exit', (code) => {
    stopped.error ??= new Error(`the import's reading thread stopped (exit code ${code})`);
    woken();
  });
  try {
    for (;;) {
      const message = waiting.shift();
      if (message === undefined) {
        if (stopped.error !== null) throw stopped.error;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (message.kind === 'end') return;
      if (message.kind === 'failed') {
        const options = message.hint === null ? {} : { hint: message.hint };
        throw message.where === null
          ? new Error(message.what)
          : new ImportFileError(message.where, message.what, options);
      }
      yield message.piece;
      if (message.piece.endsChunk !== null) worker.postMessage(TAKEN);
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}
