// `paperwire import SNAPSHOT.jsonl[.gz]`: arXiv's metadata snapshot into the store, streamed in batches, each saved
// with the line it read through, so a killed import resumes there and a second import changes nothing.

import { resolve } from 'node:path';
import { ImportFileError, UsageError } from '../errors.js';
import { parseCount, quoteInput, type Problem } from '../model.js';
import { openSnapshotFile, type SnapshotFile } from '../sources/arxiv-snapshot/read.js';
import { KEPT_PAPER_RULE } from '../sources/arxiv-snapshot/parse.js';
import type { ImportMark, PreparedPapers, Store } from '../store/store.js';
import { IMPORT_OPTIONS, parse } from './args.js';
import { NOT_A_SNAPSHOT_HINT, readPieces } from './import-pieces.js';
import type { CliIo, CommandContext } from './io.js';
import { formatCount, type ProgressReporter } from './progress.js';
import { withLockedRuntime } from './runtime.js';

/** Papers per transaction: large enough that committing costs little, small enough to hold (about 30 MB). */
const DEFAULT_BATCH_SIZE = 10_000;
/**
 * The most `--batch-size` takes: a batch is one transaction, so the write-ahead log holds all of it (about 300 MB at
 * 100,000 papers) and a stopped import loses it; more only makes a stop cost more.
 */
const MAX_BATCH_SIZE = 100_000;
/**
 * Papers parsed before a batch's transaction begins: their parsing (50-100 ms) leaves the write lock free between
 * batches, while holding them costs little memory (the rest of a batch is written chunk by chunk as it is read).
 */
const PAPERS_BEFORE_BATCH = 1000;
/** Problems printed one per line; beyond that they are counted. */
const MAX_PROBLEM_LINES = 20;

/** Runs `paperwire import ARGS`. */
export async function runImportCommand(args: string[], io: CliIo, context: CommandContext): Promise<number> {
  const { values, positionals } = parse(args, IMPORT_OPTIONS, true);
  if (values.help) {
    io.stdout(context.help);
    return 0;
  }
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0) {
    throw new UsageError('import takes exactly one SNAPSHOT file', {
      hint: "e.g. paperwire import arxiv-metadata-oai-snapshot.json (arXiv's snapshot on Kaggle; .gz is read as it is)",
    });
  }
  const batchSize = parseBatchSize(values['batch-size']);
  // The file is opened before the store: a missing one fails with nothing done.
  const file = await openSnapshotFile(resolve(io.cwd, name), name);
  const job = {
    name: 'import',
    doing: 'importing into',
    hint: 'wait for it to end, or stop it: a stopped import resumes where it stopped',
  } as const;
  return withLockedRuntime(values, io, job, async (runtime) => {
    const summary = await importSnapshot(file, runtime.store, runtime.progress, batchSize);
    io.stdout(`${summary}\n`);
    return 0;
  });
}

/** `--batch-size N`: papers per transaction, a whole number from 1 to MAX_BATCH_SIZE. */
function parseBatchSize(value: string | undefined): number {
  if (value === undefined) return DEFAULT_BATCH_SIZE;
  const size = parseCount(value);
  if (size === null || size <= 0 || size > MAX_BATCH_SIZE) {
    throw new UsageError(
      `--batch-size ${quoteInput(value)} must be a whole number from 1 to ${MAX_BATCH_SIZE}`,
      {
        hint: `papers saved per transaction, which a stopped import loses; the default is ${DEFAULT_BATCH_SIZE}`,
      },
    );
  }
  return size;
}

/**
 * Reads `file` from where the store's mark for it says the last import stopped (from its start when it never
 * started or was read to the end), saving papers in batches of `batchSize` with the mark; returns the summary line.
 */
async function importSnapshot(
  file: SnapshotFile,
  store: Store,
  progress: ProgressReporter,
  batchSize: number,
): Promise<string> {
  const stored = store.loadImportMark(file.fileKey);
  const resumed = stored !== null && !stored.isComplete ? stored : null;
  if (resumed !== null) {
    progress.info(
      `resuming ${file.name} after line ${formatCount(resumed.lineNumber)} ` +
        `(${formatCount(resumed.totals.inserted + resumed.totals.updated + resumed.totals.unchanged)} papers read before)`,
    );
  } else if (stored !== null) {
    progress.info(`${file.name} was imported before: reading it again, nothing stored is changed twice`);
  }
  // A copy of the resumed mark: the summary names the line the import resumed after, not the one it ended on.
  const mark: ImportMark =
    resumed === null
      ? {
          fileKey: file.fileKey,
          path: file.name,
          byteOffset: 0,
          lineNumber: 0,
          isComplete: false,
          totals: { inserted: 0, updated: 0, unchanged: 0, problems: 0 },
        }
      : { ...resumed, totals: { ...resumed.totals } };
  const problems = new ProblemLines(progress, file.name);
  const session = store.startImport();
  let papersRead = mark.totals.inserted + mark.totals.updated + mark.totals.unchanged;
  /** Papers written since the last commit. */
  let inBatch = 0;
  /** Papers read and not written yet: those before a batch's first write (PAPERS_BEFORE_BATCH). */
  let waiting: PreparedPapers[] = [];
  let waitingCount = 0;
  // Once a batch has begun, each chunk's papers are written as they come (no batch of them is held); every
  // `batchSize` papers the batch is committed with the mark of the line its last paper is on.
  const write = (): void => {
    for (const prepared of waiting) {
      if (prepared.papers.length === 0) continue;
      const saved = session.writePrepared(prepared);
      mark.totals.inserted += saved.inserted;
      mark.totals.updated += saved.updated;
      mark.totals.unchanged += saved.unchanged;
      inBatch += prepared.papers.length;
    }
    waiting = [];
    waitingCount = 0;
  };
  const commit = (isComplete: boolean): void => {
    session.commit({ ...mark, isComplete, totals: { ...mark.totals } });
    inBatch = 0;
  };
  try {
    // The file is read and parsed, and its rows made, in a thread of its own while this one writes (import-pieces.ts).
    const pieces = readPieces({
      file,
      byteOffset: mark.byteOffset,
      lineNumber: mark.lineNumber,
      batchSize,
      papersBefore: papersRead,
      problemsBefore: mark.totals.problems,
    });
    for await (const piece of pieces) {
      for (const problem of piece.problems) {
        mark.totals.problems += 1;
        problems.report(problem);
      }
      mark.lineNumber = piece.lineNumber;
      mark.byteOffset = piece.byteOffset;
      waiting.push(piece.prepared);
      waitingCount += piece.prepared.papers.length;
      papersRead += piece.prepared.papers.length;
      if (piece.endsBatch) {
        write();
        commit(false);
      }
      if (piece.endsChunk === null) continue;
      // A batch's transaction (and the store's write lock) begins only once some papers wait: between batches
      // another process's write (a digest, a search indexing) gets the lock, as its busy wait polls every 100 ms.
      if (inBatch > 0 || waitingCount >= Math.min(batchSize, PAPERS_BEFORE_BATCH)) write();
      progress.imported({
        papers: papersRead,
        bytesRead: piece.endsChunk.fileBytesRead,
        totalBytes: file.sizeBytes,
      });
    }
    write();
    problems.finish();
    if (papersRead === 0) {
      throw new ImportFileError(file.name, `no line of its ${formatCount(mark.lineNumber)} is a paper`, {
        hint: NOT_A_SNAPSHOT_HINT,
      });
    }
    commit(true);
  } finally {
    // A stop on an error (a broken gzip stream, a paper the store refuses) keeps every batch committed before it.
    session.abort();
  }
  return summaryOf(file.name, mark, resumed);
}

/**
 * `imported snapshot.jsonl: 200 papers (200 new, 0 updated, 0 unchanged) from 201 lines; 1 problem`; each problem
 * line above it says whether its line was skipped or its paper kept.
 */
function summaryOf(name: string, mark: ImportMark, resumed: ImportMark | null): string {
  const { inserted, updated, unchanged, problems } = mark.totals;
  const skipped = problems === 0 ? 'no problem' : countOf(problems, 'problem');
  const after = resumed === null ? '' : `, resumed after line ${formatCount(resumed.lineNumber)}`;
  return (
    `imported ${name}: ${countOf(inserted + updated + unchanged, 'paper')} (${formatCount(inserted)} new, ` +
    `${formatCount(updated)} updated, ${formatCount(unchanged)} unchanged) from ${countOf(mark.lineNumber, 'line')}` +
    `${after}; ${skipped}`
  );
}

/** `1 line`, `2,000 lines` */
function countOf(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** Prints the first problems one per line (`snapshot.jsonl:1234: not JSON (…) — skipped`), then counts the rest. */
class ProblemLines {
  private printed = 0;
  private notPrinted = 0;

  constructor(
    private readonly progress: ProgressReporter,
    private readonly name: string,
  ) {}

  report(problem: Problem): void {
    if (this.printed >= MAX_PROBLEM_LINES) {
      this.notPrinted += 1;
      return;
    }
    this.printed += 1;
    // A kept paper's problem says so itself ("paper … is kept, but …").
    const outcome = problem.rule === KEPT_PAPER_RULE ? '' : ' — skipped';
    this.progress.warn(`${problem.where}: ${problem.what}${outcome}`);
  }

  finish(): void {
    if (this.notPrinted === 0) return;
    this.progress.warn(`${this.name}: ${formatCount(this.notPrinted)} more problems not shown`);
  }
}
