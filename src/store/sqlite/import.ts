// The bulk import's write path (`paperwire import`): a batch of papers with all their versions, its papers indexed
// for search, and the mark of how far the file was read, in one transaction, so a killed import resumes there.

import type { Database, Statement, Transaction } from 'better-sqlite3';
import type { ImportedPaper, ImportMark, SaveResult } from '../store.js';
import { toStoreError } from './connection.js';
import { buildPendingIndexes, deferIndexes, DEFERRABLE_INDEXES } from './deferred-indexes.js';
import { UPSERT_VERSION_DATE_SQL, type PaperTable } from './papers.js';

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

export class ImportTable {
  private readonly upsertVersion: Statement<[string, number, string, string | null]>;
  private readonly upsertMark: Statement;
  private readonly selectMark: Statement<[string], MarkRow>;
  private readonly saveBatch: Transaction<(papers: readonly ImportedPaper[], mark: ImportMark) => SaveResult>;

  constructor(
    private readonly db: Database,
    private readonly papers: PaperTable,
    private readonly path: string,
    private readonly now: () => Date,
  ) {
    this.upsertVersion = db.prepare(UPSERT_VERSION_DATE_SQL);
    this.upsertMark = db.prepare(
      'INSERT OR REPLACE INTO imports (file_key, path, byte_offset, line_number, is_complete, inserted, updated, ' +
        'unchanged, problems, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectMark = db.prepare('SELECT * FROM imports WHERE file_key = ?');
    this.saveBatch = db.transaction((papers, mark) => this.writeBatch(papers, mark));
  }

  /** One batch and its mark, as one IMMEDIATE transaction (it reads before it writes, as savePapers). */
  save(papers: readonly ImportedPaper[], mark: ImportMark): SaveResult {
    return this.saveBatch.immediate(papers, mark);
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

  private writeBatch(papers: readonly ImportedPaper[], mark: ImportMark): SaveResult {
    const now = this.now().toISOString();
    const result: SaveResult = { inserted: 0, updated: 0, unchanged: 0 };
    const { indexed_through: indexedThrough, last_id: lastId } = this.papers.loadIndexState();
    // Into an empty store (ids only grow, papers are never deleted: no id, no paper), the indexes whose keys come in
    // no order are built once at the end from sorted keys rather than updated at a random page per paper.
    if (lastId === 0) deferIndexes(this.db, DEFERRABLE_INDEXES);
    // As savePapers: a paper no row holds (every paper of a first import) is inserted without reading its row.
    const seenIds = this.papers.loadStoredIds(papers.map(({ paper }) => paper.arxivId));
    for (const [index, { paper, versions }] of papers.entries()) {
      try {
        result[this.papers.writePaper(paper, now, indexedThrough, seenIds.has(paper.arxivId))] += 1;
        seenIds.add(paper.arxivId);
        // Oldest first, after the paper's row (their foreign key): in a first import each row goes at the end of
        // the table's order, which keeps its pages full (a version inserted before an older one splits them).
        for (const { version, submittedAt } of versions) {
          this.upsertVersion.run(paper.arxivId, version, now, submittedAt?.toISOString() ?? null);
        }
      } catch (error) {
        const place = `paper ${paper.arxivId}v${paper.version} (entry ${index + 1} of ${papers.length})`;
        throw toStoreError(this.path, `cannot import ${place}; nothing of this batch was saved`, error);
      }
    }
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
      totals.inserted + result.inserted,
      totals.updated + result.updated,
      totals.unchanged + result.unchanged,
      totals.problems,
      now,
    );
    return result;
  }
}
