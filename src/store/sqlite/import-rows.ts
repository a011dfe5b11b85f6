// Pure, and free of SQLite: a bulk import's papers as the rows the store writes (`PreparedPapers`), made in the
// thread that parses the snapshot, and read back in the importing thread by ImportTable.writePrepared.

import { hasCleanText, type Paper } from '../../model.js';
import type { ImportedPaper, PreparedPapers } from '../store.js';
import { columnsOf, paperOf, sourceHashOf, type PaperColumns } from './merge.js';

/**
 * A paper's row: the papers table's columns in the insert's order (papers.ts `insertPaper`, without the two times
 * the batch adds), then the title's and abstract's hashes.
 */
export type PreparedRow = readonly [
  arxivId: string,
  version: number,
  title: string,
  abstract: string,
  authors: string,
  categories: string,
  primaryCategory: string,
  publishedAt: string | null,
  updatedAt: string | null,
  comment: string | null,
  journalRef: string | null,
  doi: string | null,
  titleHash: string,
  abstractHash: string,
];

/** Values per version in `PreparedPapers.versions`: arxiv_id, version, submitted_at. */
export const PREPARED_VERSION_VALUES = 3;

/**
 * The papers' rows and their versions' values, as ImportTable.writePrepared writes them: every column's text built
 * here (JSON arrays, ISO times, hashes), so that the importing thread only binds them.
 */
export function prepareImportedPapers(records: readonly ImportedPaper[]): PreparedPapers {
  const papers: PreparedRow[] = [];
  const versions: (string | number | null)[] = [];
  for (const { paper, versions: dates } of records) {
    papers.push(preparedRowOf(paper));
    for (const { version, submittedAt } of dates) {
      versions.push(paper.arxivId, version, submittedAt?.toISOString() ?? null);
    }
  }
  return { papers, versions };
}

/** A paper's row, as the insert of a new paper binds it (with its two times). */
export function preparedRowOf(paper: Paper): PreparedRow {
  const row = columnsOf(paper);
  return [
    row.arxiv_id,
    row.version,
    row.title,
    row.abstract,
    row.authors,
    row.categories,
    row.primary_category,
    row.published_at,
    row.updated_at,
    row.comment,
    row.journal_ref,
    row.doi,
    sourceHashOf(paper.title, hasCleanText(paper, 'title')),
    sourceHashOf(paper.abstract, hasCleanText(paper, 'abstract')),
  ];
}

/**
 * A row of `PreparedPapers.papers` as made by prepareImportedPapers, in this thread or another: the rows crossed a
 * thread as plain arrays, which carry no type.
 */
export function preparedRowAt(prepared: PreparedPapers, index: number): PreparedRow {
  return prepared.papers[index] as PreparedRow;
}

/** The paper a prepared row holds, for merging it with the stored one (columnsOf's inverse). */
export function paperOfPrepared(row: PreparedRow): Paper {
  const columns: PaperColumns = {
    arxiv_id: row[0],
    version: row[1],
    title: row[2],
    abstract: row[3],
    authors: row[4],
    categories: row[5],
    primary_category: row[6],
    published_at: row[7],
    updated_at: row[8],
    comment: row[9],
    journal_ref: row[10],
    doi: row[11],
  };
  return paperOf(columns);
}
