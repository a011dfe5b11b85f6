// Papers, their versions and listing membership: the write path of savePapers and the reads that go with it.
// Every statement is prepared once; savePapers runs as one transaction, so a batch lands whole or not at all.
// New papers reach the full-text index later, in one statement, when indexPending runs before a search.

import type { Database, Statement, Transaction } from 'better-sqlite3';
import type { ListedPaper, Paper } from '../../model.js';
import type { ListingKey, ListingProvenance, SaveResult } from '../store.js';
import { toStoreError } from './connection.js';
import { preparedRowOf, type PreparedRow } from './import-rows.js';
import { columnsOf, mergePaper, paperOf, sameColumns, sourceHashOf, type PaperRow } from './merge.js';

/** papers_fts's columns, which its external content reads from the papers row by these names (migration 16). */
const FTS_COLUMNS = 'title, abstract, authors, category_tokens';

/**
 * Saves one version with its submission time (`arxiv_id, version, first_seen_at, submitted_at`), as a harvest and an
 * import do: a version seen before keeps its first_seen_at; a known submission time fills or corrects the stored
 * one, and an unknown one (null) erases nothing.
 */
export const UPSERT_VERSION_DATE_SQL =
  'INSERT INTO paper_versions (arxiv_id, version, first_seen_at, submitted_at) VALUES (?, ?, ?, ?) ' +
  'ON CONFLICT (arxiv_id, version) DO UPDATE SET submitted_at = excluded.submitted_at ' +
  'WHERE excluded.submitted_at IS NOT NULL AND submitted_at IS NOT excluded.submitted_at';

export class PaperTable {
  private readonly selectPaper: Statement<[string], PaperRow>;
  private readonly selectStoredIds: Statement<[string], string>;
  private readonly insertPaper: Statement;
  private readonly updatePaper: Statement<Record<string, unknown>>;
  private readonly indexText: Statement<[number | bigint]>;
  private readonly unindexText: Statement<[number | bigint]>;
  private readonly insertVersion: Statement<[string, number, string]>;
  private readonly selectVersions: Statement<[string], { version: number }>;
  private readonly upsertListing: Statement<Record<string, unknown>, { id: number }>;
  private readonly selectIndexState: Statement<[], IndexState>;
  private readonly indexRows: Statement<[number, number]>;
  private readonly markIndexed: Statement<[number]>;
  private readonly describeRows: Statement<[number, number]>;
  private readonly indexBatch: Transaction<() => number>;
  private readonly clearListing: Statement<[number]>;
  private readonly insertMembers: Statement<[number, string]>;
  private readonly saveBatch: Transaction<
    (
      papers: readonly ListedPaper[],
      listing: ListingKey | undefined,
      provenance: ListingProvenance | undefined,
    ) => SaveResult
  >;

  constructor(
    db: Database,
    private readonly path: string,
    private readonly now: () => Date,
  ) {
    this.selectPaper = db.prepare('SELECT * FROM papers WHERE arxiv_id = ?');
    // Which of a batch's ids are stored already, in one statement (the ids as a JSON array).
    this.selectStoredIds = db
      .prepare<[string], string>(
        'SELECT arxiv_id FROM papers WHERE arxiv_id IN (SELECT value FROM json_each(?))',
      )
      .pluck();
    const columns =
      'arxiv_id, version, title, abstract, authors, categories, primary_category, published_at, updated_at, ' +
      'comment, journal_ref, doi, title_hash, abstract_hash';
    const names = columns.split(', ');
    // Positional parameters: binding by name costs a property lookup per column and paper.
    this.insertPaper = db.prepare(
      `INSERT INTO papers (${columns}, first_seen_at, last_changed_at) ` +
        `VALUES (${names.map(() => '?').join(', ')}, ?, ?)`,
    );
    this.updatePaper = db.prepare(
      `UPDATE papers SET ${names.map((name) => `${name} = @${name}`).join(', ')}, last_changed_at = @now ` +
        'WHERE arxiv_id = @arxiv_id',
    );
    // papers_fts is an external-content index: it must be told the old text to forget (FTS5 docs, §4.4.3), so a
    // changed paper is unindexed from its row before the update and indexed from it after. Its columns are title,
    // abstract, authors (the JSON array of names, as the row holds it) and category_tokens (migration 16).
    this.indexText = db.prepare(
      `INSERT INTO papers_fts (rowid, ${FTS_COLUMNS}) SELECT id, ${FTS_COLUMNS} FROM papers WHERE id = ?`,
    );
    this.unindexText = db.prepare(
      `INSERT INTO papers_fts (papers_fts, rowid, ${FTS_COLUMNS}) SELECT 'delete', id, ${FTS_COLUMNS} FROM papers WHERE id = ?`,
    );
    this.insertVersion = db.prepare(
      'INSERT INTO paper_versions (arxiv_id, version, first_seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.selectVersions = db.prepare(
      'SELECT version FROM paper_versions WHERE arxiv_id = ? ORDER BY version',
    );
    const listingColumns = [
      'fetched_at',
      'url',
      'is_complete',
      'incomplete_reason',
      'announced_count',
      'new_count',
      'cross_count',
      'replaced_count',
    ];
    this.upsertListing = db.prepare(
      `INSERT INTO listings (listing_date, source, scope, ${listingColumns.join(', ')}) ` +
        `VALUES (@listing_date, @source, @scope, ${listingColumns.map((name) => `@${name}`).join(', ')}) ` +
        'ON CONFLICT (source, scope, listing_date) DO UPDATE SET ' +
        `${listingColumns.map((name) => `${name} = excluded.${name}`).join(', ')} RETURNING id`,
    );
    this.clearListing = db.prepare('DELETE FROM listing_papers WHERE listing_id = ?');
    // A listing's members in one statement, from a JSON array of [arxivId, announceType] in listing order; a paper
    // listed twice keeps its first position. One statement, not one per paper: each insert fires a trigger
    // (paper_facets_listed), so SQLite journals the pages every such statement changes, and 2,000 of them wrote some
    // 8,000 pages of 16 KiB to a temporary file on a day's save.
    this.insertMembers = db.prepare(
      'INSERT INTO listing_papers (listing_id, arxiv_id, announce_type, position) ' +
        'SELECT ?, value ->> 0, value ->> 1, key FROM json_each(?) WHERE true ORDER BY key ON CONFLICT DO NOTHING',
    );
    this.saveBatch = db.transaction((papers, listing, provenance) =>
      this.writeBatch(papers, listing, provenance),
    );
    // Paper ids only grow (papers are never deleted), so "not indexed yet" is "id above indexed_through".
    this.selectIndexState = db.prepare(
      "SELECT indexed_through, (SELECT coalesce(max(id), 0) FROM papers) AS last_id FROM fts_progress WHERE name = 'papers_fts'",
    );
    this.indexRows = db.prepare(
      `INSERT INTO papers_fts (rowid, ${FTS_COLUMNS}) SELECT id, ${FTS_COLUMNS} FROM papers ` +
        'WHERE id > ? AND id <= ? ORDER BY id',
    );
    this.markIndexed = db.prepare("UPDATE fts_progress SET indexed_through = ? WHERE name = 'papers_fts'");
    // The search filters' row of each paper (migration 12): its day, the submission day else the first listing date.
    this.describeRows = db.prepare(
      'INSERT OR REPLACE INTO paper_facets (id, day, categories) SELECT id, coalesce(substr(published_at, 1, 10), ' +
        '(SELECT min(listings.listing_date) FROM listing_papers JOIN listings ON listings.id = listing_papers.listing_id ' +
        'WHERE listing_papers.arxiv_id = papers.arxiv_id)), categories FROM papers WHERE id > ? AND id <= ?',
    );
    this.indexBatch = db.transaction(() => this.indexUnindexed());
  }

  /**
   * Indexes every paper above the mark, in the full-text index and the search filters' `paper_facets`, and moves the
   * mark; the caller holds the transaction (and write lock).
   */
  indexUnindexed(): number {
    const state = this.loadIndexState();
    if (state.last_id <= state.indexed_through) return 0;
    const { changes } = this.indexRows.run(state.indexed_through, state.last_id);
    this.describeRows.run(state.indexed_through, state.last_id);
    this.markIndexed.run(state.last_id);
    return changes;
  }

  /**
   * Adds the papers saved since the last call to the full-text index, in one transaction with the mark of how far
   * it got, so a killed process leaves them to the next call; returns how many. Writes nothing when none wait.
   */
  indexPending(): number {
    const state = this.loadIndexState();
    if (state.last_id <= state.indexed_through) return 0;
    // IMMEDIATE, as save: the state is read again under the write lock, so two processes never index a row twice.
    return this.indexBatch.immediate();
  }

  /** How far the index is: what `writePaper` needs to know whether a changed paper must be re-indexed. */
  loadIndexState(): IndexState {
    const state = this.selectIndexState.get();
    if (state === undefined) throw new Error('fts_progress has no row for papers_fts');
    return state;
  }

  save(
    papers: readonly ListedPaper[],
    listing: ListingKey | undefined,
    provenance: ListingProvenance | undefined,
  ): SaveResult {
    // IMMEDIATE: the batch reads before it writes. A deferred transaction that must then upgrade to a write while
    // another process writes fails at once with SQLITE_BUSY (the busy timeout never applies); IMMEDIATE waits.
    return this.saveBatch.immediate(papers, listing, provenance);
  }

  load(arxivId: string): Paper | null {
    const row = this.selectPaper.get(arxivId);
    return row === undefined ? null : paperOf(row);
  }

  loadVersions(arxivId: string): number[] {
    return this.selectVersions.all(arxivId).map((row) => row.version);
  }

  private writeBatch(
    papers: readonly ListedPaper[],
    listing: ListingKey | undefined,
    provenance: ListingProvenance | undefined,
  ): SaveResult {
    const now = this.now().toISOString();
    const result: SaveResult = { inserted: 0, updated: 0, unchanged: 0 };
    const indexedThrough = this.loadIndexState().indexed_through;
    // A paper no row holds (every paper of a new day) is inserted without reading its row first; one already
    // stored, or met earlier in this batch, is read and merged.
    const seenIds = this.loadStoredIds(papers.map(({ paper }) => paper.arxivId));
    for (const [index, { paper }] of papers.entries()) {
      try {
        result[this.writePaper(paper, now, indexedThrough, seenIds.has(paper.arxivId))] += 1;
        seenIds.add(paper.arxivId);
        // A copy without categories is Hugging Face's, whose version 1 is a placeholder, not a version seen.
        if (paper.categories.length > 0) this.insertVersion.run(paper.arxivId, paper.version, now);
      } catch (error) {
        const place = `paper ${paper.arxivId}v${paper.version} (entry ${index + 1} of ${papers.length})`;
        throw toStoreError(this.path, `cannot save ${place}; nothing of this batch was saved`, error);
      }
    }
    if (listing !== undefined) this.writeListing(papers, listing, provenance, now);
    return result;
  }

  /** Which of these ids the papers table holds, in one statement: a batch need not read the rows of new papers. */
  loadStoredIds(arxivIds: readonly string[]): Set<string> {
    return new Set(this.selectStoredIds.all(JSON.stringify(arxivIds)));
  }

  /**
   * Writes one paper's row inside the caller's transaction (savePapers', or a bulk import's), not its versions, which
   * each caller saves as its source gives them; an indexed paper whose text changes is re-indexed here, a new one
   * waits for indexPending. `mayBeStored` false: the batch's lookup found no row for it, so none is read.
   */
  writePaper(paper: Paper, now: string, indexedThrough: number, mayBeStored = true): keyof SaveResult {
    const stored = mayBeStored ? this.selectPaper.get(paper.arxivId) : undefined;
    let outcome: keyof SaveResult = 'unchanged';
    if (stored === undefined) {
      this.insertPrepared(preparedRowOf(paper), now);
      outcome = 'inserted';
    } else {
      const merged = columnsOf(mergePaper(paperOf(stored), paper));
      if (!sameColumns(merged, stored)) {
        const isIndexedTextChanged =
          stored.id <= indexedThrough &&
          (merged.title !== stored.title ||
            merged.abstract !== stored.abstract ||
            merged.authors !== stored.authors ||
            merged.categories !== stored.categories);
        if (isIndexedTextChanged) this.unindexText.run(stored.id);
        this.updatePaper.run({
          ...merged,
          title_hash: merged.title === stored.title ? stored.title_hash : sourceHashOf(merged.title),
          abstract_hash:
            merged.abstract === stored.abstract ? stored.abstract_hash : sourceHashOf(merged.abstract),
          now,
        });
        if (isIndexedTextChanged) this.indexText.run(stored.id);
        outcome = 'updated';
      }
    }
    return outcome;
  }

  /** Inserts a paper no row holds, from its prepared row (import-rows.ts), inside the caller's transaction. */
  insertPrepared(row: PreparedRow, now: string): void {
    this.insertPaper.run(...row, now, now);
  }

  private writeListing(
    papers: readonly ListedPaper[],
    key: ListingKey,
    provenance: ListingProvenance | undefined,
    now: string,
  ): void {
    const countOf = (...types: string[]): number =>
      papers.filter((listed) => types.includes(listed.announceType)).length;
    const row = this.upsertListing.get({
      listing_date: key.listingDate,
      source: key.source,
      scope: key.scope,
      fetched_at: now,
      url: provenance?.url ?? null,
      is_complete: provenance === undefined ? null : Number(provenance.isComplete),
      incomplete_reason: provenance?.incompleteReason ?? null,
      announced_count: provenance?.announcedCount ?? papers.length,
      new_count: countOf('new'),
      cross_count: countOf('cross'),
      replaced_count: countOf('replace', 'replace-cross'),
    });
    if (row === undefined) throw new Error('INSERT ... RETURNING gave no row');
    this.clearListing.run(row.id);
    const members = JSON.stringify(papers.map(({ paper, announceType }) => [paper.arxivId, announceType]));
    try {
      this.insertMembers.run(row.id, members);
    } catch (error) {
      const place = `listing ${key.source} ${key.scope} ${key.listingDate} (${papers.length} papers)`;
      throw toStoreError(this.path, `cannot save ${place}; nothing of this batch was saved`, error);
    }
  }
}

/** How far the full-text index of papers is: the last paper id indexed, and the last id saved. */
export interface IndexState {
  indexed_through: number;
  last_id: number;
}
