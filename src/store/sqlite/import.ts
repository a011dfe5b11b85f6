// The bulk import's write path (`paperwire import`): papers with all their versions written as the file is read, and
// every batch committed with its papers indexed for search and the mark of how far the file was read, so a killed
// import resumes there.

import type { Database, Statement } from 'better-sqlite3';
import type { ImportedPaper, ImportMark, PreparedPapers, SaveResult } from '../store.js';
import { leaveWalForImport, restoreWal, toStoreError } from './connection.js';
import { buildPendingIndexes, deferIndexes, DEFERRABLE_INDEXES } from './deferred-indexes.js';
import {
  paperOfPrepared,
  PREPARED_VERSION_VALUES,
  prepareImportedPapers,
  preparedRowAt,
} from './import-rows.js';
import { UPSERT_VERSION_DATE_SQL, type PaperTable } from './papers.js';

/** How large the write-ahead log grows during an import before it is copied into the database file. */
const IMPORT_WAL_BYTES = 128 * 1024 * 1024;

/**
 * The terms FTS5 gathers in memory before it writes them to the index as a new segment (its `hashsize`; 1 MiB by
 * default). A batch's 10,000 papers hold several MiB of them: in 1 MiB segments, each was written, then read and
 * merged again with the others. At 8 MiB the importing thread took 0.3-0.5 s less CPU at 100 k papers.
 */
const IMPORT_FTS_HASH_BYTES = 8 * 1024 * 1024;

/** One row's parameters in UPSERT_VERSION_DATE_SQL, repeated for a statement of several rows. */
const VERSION_ROW = '(?, ?, ?, ?)';
const VERSION_PARAMETERS = 4;
/** Version rows per statement of a chunk's versions (SQLite allows 32,766 parameters). */
const VERSIONS_PER_STATEMENT = 64;

interface MarkRow {
  file_key: string;
  path: string;
  byte_offset: number;
  line_number: number;
  is_complete: number;
  inserted: number;
  updated: number;
  unchanged: number;
  problems: number;
}

/** The batch whose transaction is open: its time, and how far the full-text index was when it began. */
interface OpenBatch {
  now: string;
  indexedThrough: number;
}

export class ImportTable {
  /** The versions upsert by the number of rows each writes (writeVersions). */
  private readonly upsertVersions: Statement<(string | number | null)[]>[] = [];
  private readonly upsertMark: Statement;
  private readonly selectMark: Statement<[string], MarkRow>;
  private readonly beginBatch: Statement;
  private readonly commitBatch: Statement;
  private readonly rollbackBatch: Statement;
  private readonly setIndexHashBytes: Statement;
  private batch: OpenBatch | null = null;
  /** The import took the file out of WAL (leaveWalForImport), to put back when it ends. */
  private isOutOfWal = false;

  constructor(
    private readonly db: Database,
    private readonly papers: PaperTable,
    private readonly path: string,
    private readonly now: () => Date,
  ) {
    this.upsertMark = db.prepare(
      'INSERT OR REPLACE INTO imports (file_key, path, byte_offset, line_number, is_complete, inserted, updated, ' +
        'unchanged, problems, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectMark = db.prepare('SELECT * FROM imports WHERE file_key = ?');
    // IMMEDIATE, as savePapers: a batch reads before it writes, and must wait for another writer, not fail.
    this.beginBatch = db.prepare('BEGIN IMMEDIATE');
    this.commitBatch = db.prepare('COMMIT');
    this.rollbackBatch = db.prepare('ROLLBACK');
    // An FTS5 setting is a literal of its command, not a parameter.
    this.setIndexHashBytes = db.prepare(
      `INSERT INTO papers_fts (papers_fts, rank) VALUES ('hashsize', ${IMPORT_FTS_HASH_BYTES})`,
    );
  }

  /**
   * Readies the connection for a bulk import: the write-ahead log is copied into the file once it holds 128 MiB
   * rather than SQLite's 1,000 pages. A batch writes more than 1,000 pages, so each commit copied its whole log, and
   * the pages every batch changes again (the tables' last pages, the full-text index's structure) were copied each
   * time; 10% less CPU at 100 k papers. The log's file is that large on disk while the import runs.
   *
   * Into an empty store, the file leaves WAL for a rollback journal until the import ends (leaveWalForImport), when
   * no other process has it open: nearly every page is new and written once, not to the log and then the file.
   *
   * The full-text index gathers IMPORT_FTS_HASH_BYTES of terms before writing a segment. FTS5 keeps the setting in the
   * index (`papers_fts_config`), so it stays after the import: only the segments' sizes differ, never an answer, and
   * any later writer holds at most 8 MiB more of terms in memory, and only while it indexes that many.
   */
  start(): void {
    const pageBytes = this.db.pragma('page_size', { simple: true }) as number;
    this.db.pragma(`wal_autocheckpoint = ${Math.ceil(IMPORT_WAL_BYTES / pageBytes)}`);
    if (this.papers.loadIndexState().last_id === 0) this.isOutOfWal = leaveWalForImport(this.db);
    this.setIndexHashBytes.run();
  }

  /**
   * Writes papers in the open batch's transaction, which the first write after a commit begins: an import writes
   * each chunk of the file as it reads it, so no batch of parsed papers is held (copying it from one young
   * generation to the next was a sixth of an import). Rolls the batch back and throws for a paper that cannot be saved.
   */
  write(papers: readonly ImportedPaper[]): SaveResult {
    return this.writePrepared(prepareImportedPapers(papers));
  }

  /**
   * As `write`, for rows prepareImportedPapers made, usually in the thread that parses the file: a new paper's row is
   * bound as it comes, and only a stored paper (an import read again, or a paper a listing saved) is made a `Paper`
   * again, to be merged with its row.
   */
  writePrepared(prepared: PreparedPapers): SaveResult {
    const batch = this.batch ?? this.begin();
    const result: SaveResult = { inserted: 0, updated: 0, unchanged: 0 };
    const count = prepared.papers.length;
    const rows = Array.from({ length: count }, (_, index) => preparedRowAt(prepared, index));
    // As savePapers: a paper no row holds (every paper of a first import) is inserted without reading its row.
    const seenIds = this.papers.loadStoredIds(rows.map((row) => row[0]));
    const { now, indexedThrough } = batch;
    for (const [index, row] of rows.entries()) {
      const arxivId = row[0];
      try {
        if (seenIds.has(arxivId)) {
          result[this.papers.writePaper(paperOfPrepared(row), now, indexedThrough)] += 1;
        } else {
          this.papers.insertPrepared(row, now);
          result.inserted += 1;
          seenIds.add(arxivId);
        }
      } catch (error) {
        throw this.failure(`paper ${arxivId}v${row[1]} (entry ${index + 1} of ${count})`, error);
      }
    }
    try {
      this.writeVersions(prepared.versions, now);
    } catch (error) {
      throw this.failure(`the versions of papers ${rows[0]?.[0]} to ${rows.at(-1)?.[0]}`, error);
    }
    return result;
  }

  /** Rolls the batch back, and gives the error to throw for what failed (`place`): nothing of the batch is saved. */
  private failure(place: string, error: unknown): Error {
    this.abort();
    return toStoreError(this.path, `cannot import ${place}; nothing of this batch was saved`, error);
  }

  /**
   * Indexes the batch's new papers for search, records `mark` as given (its counts include the batch) and commits;
   * an import's last batch (`isComplete`) also builds the indexes its first one deferred.
   */
  commit(mark: ImportMark): void {
    const batch = this.batch ?? this.begin();
    try {
      // Indexed here rather than at the first search: one search after importing 2.7 M papers would otherwise
      // index them all in one transaction, its write-ahead log as large as the index.
      this.papers.indexUnindexed();
      // The last batch builds what the first deferred; a kill before leaves it to the next open (connection.ts).
      if (mark.isComplete) buildPendingIndexes(this.db);
      const { totals } = mark;
      this.upsertMark.run(
        mark.fileKey,
        mark.path,
        mark.byteOffset,
        mark.lineNumber,
        Number(mark.isComplete),
        totals.inserted,
        totals.updated,
        totals.unchanged,
        totals.problems,
        batch.now,
      );
      this.commitBatch.run();
      this.batch = null;
      if (mark.isComplete) this.restoreWal();
    } catch (error) {
      this.abort();
      throw toStoreError(this.path, 'cannot save the batch; nothing of it was saved', error);
    }
  }

  /**
   * The papers' versions after their rows (their foreign key), each paper's oldest first as given and the papers in
   * their order: in a first import each row goes at the end of the table's order, which keeps its pages full (a
   * version inserted before an older one splits them). Statements of VERSIONS_PER_STATEMENT rows, then one of the
   * rest: a call of a prepared statement costs about as much as the row it writes.
   */
  private writeVersions(prepared: readonly (string | number | null)[], now: string): void {
    const values: (string | number | null)[] = [];
    for (let at = 0; at < prepared.length; at += PREPARED_VERSION_VALUES) {
      values.push(prepared[at] ?? null, prepared[at + 1] ?? null, now, prepared[at + 2] ?? null);
    }
    const rowCount = values.length / VERSION_PARAMETERS;
    let row = 0;
    for (; row + VERSIONS_PER_STATEMENT <= rowCount; row += VERSIONS_PER_STATEMENT) {
      const statement =
        this.upsertVersions[VERSIONS_PER_STATEMENT] ?? this.prepareVersions(VERSIONS_PER_STATEMENT);
      statement.run(
        ...values.slice(row * VERSION_PARAMETERS, (row + VERSIONS_PER_STATEMENT) * VERSION_PARAMETERS),
      );
    }
    if (row < rowCount) {
      const rest = rowCount - row;
      const statement = this.upsertVersions[rest] ?? this.prepareVersions(rest);
      statement.run(...values.slice(row * VERSION_PARAMETERS));
    }
  }

  private prepareVersions(count: number): Statement<(string | number | null)[]> {
    const rows = Array<string>(count).fill(VERSION_ROW).join(', ');
    const statement = this.db.prepare<(string | number | null)[]>(
      UPSERT_VERSION_DATE_SQL.replace(VERSION_ROW, rows),
    );
    this.upsertVersions[count] = statement;
    return statement;
  }

  /**
   * Rolls back what was written since the last commit (nothing when no batch is open) and puts the file back in WAL
   * mode if the import took it out: the import stops.
   */
  abort(): void {
    if (this.db.inTransaction) this.rollbackBatch.run();
    this.batch = null;
    this.restoreWal();
  }

  private restoreWal(): void {
    if (!this.isOutOfWal) return;
    this.isOutOfWal = false;
    restoreWal(this.db);
  }

  private begin(): OpenBatch {
    this.beginBatch.run();
    try {
      const { indexed_through: indexedThrough, last_id: lastId } = this.papers.loadIndexState();
      // Into an empty store (ids only grow, papers are never deleted: no id, no paper), the indexes whose keys come
      // in no order are built once at the end from sorted keys rather than updated at a random page per paper.
      if (lastId === 0) deferIndexes(this.db, DEFERRABLE_INDEXES);
      this.batch = { now: this.now().toISOString(), indexedThrough };
      return this.batch;
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  loadMark(fileKey: string): ImportMark | null {
    const row = this.selectMark.get(fileKey);
    if (row === undefined) return null;
    return {
      fileKey: row.file_key,
      path: row.path,
      byteOffset: row.byte_offset,
      lineNumber: row.line_number,
      isComplete: row.is_complete === 1,
      totals: {
        inserted: row.inserted,
        updated: row.updated,
        unchanged: row.unchanged,
        problems: row.problems,
      },
    };
  }
}
