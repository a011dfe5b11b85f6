// The reader's own tables: the library (imported exports), ratings as a log with their times, and the papers each
// profile's digests showed (for `--unseen`). Written by `library add`, `rate` and the publish step.

import type { Database, Statement, Transaction } from 'better-sqlite3';
import { StoreError } from '../../errors.js';
import { libraryKeyOf, type IsoDate, type LibraryEntry, type Rating, type RatingKind } from '../../model.js';
import type { LibraryResult } from '../store.js';

/** One row of `library` (docs/store.md). */
interface LibraryRow {
  key: string;
  arxiv_id: string | null;
  title: string;
  abstract: string;
  authors: string;
  source: string;
  added_at: string;
}

interface RatingRow {
  arxiv_id: string;
  kind: RatingKind | null;
  rated_at: string;
}

function entryOf(row: LibraryRow): LibraryEntry {
  return {
    key: row.key,
    arxivId: row.arxiv_id,
    title: row.title,
    abstract: row.abstract,
    authors: JSON.parse(row.authors) as string[],
    source: row.source,
    addedAt: new Date(row.added_at),
  };
}

export class LibraryTables {
  private readonly selectEntry: Statement<[string], LibraryRow>;
  private readonly upsertEntry: Statement<Record<string, unknown>>;
  private readonly deleteEntry: Statement<[string]>;
  private readonly selectAll: Statement<[], LibraryRow>;
  private readonly deleteByKeyOrId: Statement<[string, string]>;
  private readonly insertRating: Statement<[string, string | null, string]>;
  private readonly selectCurrentRatings: Statement<[], RatingRow>;
  private readonly selectRatingLog: Statement<[], RatingRow>;
  private readonly selectCurrentRating: Statement<[string], { kind: RatingKind | null }>;
  private readonly insertShown: Statement<[string, string, string]>;
  private readonly selectShown: Statement<[string, string], { arxiv_id: string }>;
  private readonly selectFirstShown: Statement<[string, string], { arxiv_id: string; first_date: string }>;
  private readonly saveBatch: Transaction<(entries: readonly LibraryEntry[]) => LibraryResult>;
  private readonly recordBatch: Transaction<
    (profile: string, listingDate: IsoDate, arxivIds: readonly string[]) => void
  >;

  constructor(
    db: Database,
    private readonly path: string,
  ) {
    this.selectEntry = db.prepare('SELECT * FROM library WHERE key = ?');
    this.upsertEntry = db.prepare(
      'INSERT INTO library (key, arxiv_id, title, abstract, authors, source, added_at) ' +
        'VALUES (@key, @arxiv_id, @title, @abstract, @authors, @source, @added_at) ' +
        'ON CONFLICT (key) DO UPDATE SET arxiv_id = excluded.arxiv_id, title = excluded.title, ' +
        'abstract = excluded.abstract, authors = excluded.authors, source = excluded.source',
    );
    this.deleteEntry = db.prepare('DELETE FROM library WHERE key = ?');
    this.selectAll = db.prepare('SELECT * FROM library ORDER BY added_at, key');
    this.deleteByKeyOrId = db.prepare('DELETE FROM library WHERE key = ? OR arxiv_id = ?');
    this.insertRating = db.prepare('INSERT INTO ratings (arxiv_id, kind, rated_at) VALUES (?, ?, ?)');
    // The latest row of each paper (by log order), kept only when it is not a clear.
    this.selectCurrentRatings = db.prepare(
      'SELECT arxiv_id, kind, rated_at FROM ratings WHERE id IN (SELECT max(id) FROM ratings GROUP BY arxiv_id) ' +
        'AND kind IS NOT NULL ORDER BY id',
    );
    this.selectRatingLog = db.prepare('SELECT arxiv_id, kind, rated_at FROM ratings ORDER BY id');
    // Through ratings_paper (arxiv_id, id): the paper's last row.
    this.selectCurrentRating = db.prepare(
      'SELECT kind FROM ratings WHERE arxiv_id = ? ORDER BY id DESC LIMIT 1',
    );
    this.insertShown = db.prepare(
      'INSERT INTO shown (profile, listing_date, arxiv_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.selectShown = db.prepare(
      'SELECT DISTINCT arxiv_id FROM shown WHERE profile = ? AND listing_date < ?',
    );
    this.selectFirstShown = db.prepare(
      'SELECT arxiv_id, MIN(listing_date) AS first_date FROM shown WHERE profile = ? AND listing_date < ? ' +
        'GROUP BY arxiv_id',
    );
    this.saveBatch = db.transaction((entries) => this.writeEntries(entries));
    this.recordBatch = db.transaction((profile, listingDate, arxivIds) => {
      for (const arxivId of arxivIds) this.insertShown.run(profile, listingDate, arxivId);
    });
  }

  save(entries: readonly LibraryEntry[]): LibraryResult {
    // IMMEDIATE, as in papers.ts: a read-then-write batch waits for another writer instead of failing.
    return this.saveBatch.immediate(entries);
  }

  loadAll(): LibraryEntry[] {
    return this.selectAll.all().map(entryOf);
  }

  remove(keyOrArxivId: string): boolean {
    return this.deleteByKeyOrId.run(keyOrArxivId, keyOrArxivId).changes > 0;
  }

  rate(arxivId: string, kind: RatingKind | null, at: Date): void {
    if (arxivId.trim() === '') throw new StoreError(this.path, 'cannot rate a paper with an empty id');
    this.insertRating.run(arxivId, kind, at.toISOString());
  }

  loadRatings(): Rating[] {
    return this.selectCurrentRatings
      .all()
      .flatMap((row) =>
        row.kind === null ? [] : [{ arxivId: row.arxiv_id, kind: row.kind, ratedAt: new Date(row.rated_at) }],
      );
  }

  loadRating(arxivId: string): RatingKind | null {
    return this.selectCurrentRating.get(arxivId)?.kind ?? null;
  }

  loadRatingHistory(): { arxivId: string; kind: RatingKind | null; ratedAt: Date }[] {
    return this.selectRatingLog.all().map((row) => ({
      arxivId: row.arxiv_id,
      kind: row.kind,
      ratedAt: new Date(row.rated_at),
    }));
  }

  recordShown(profile: string, listingDate: IsoDate, arxivIds: readonly string[]): void {
    this.recordBatch.immediate(profile, listingDate, arxivIds);
  }

  loadShown(profile: string, before: IsoDate): Set<string> {
    return new Set(this.selectShown.all(profile, before).map((row) => row.arxiv_id));
  }

  loadFirstShown(profile: string, before: IsoDate): Map<string, IsoDate> {
    const rows = this.selectFirstShown.all(profile, before);
    return new Map(rows.map((row) => [row.arxiv_id, row.first_date as IsoDate]));
  }

  /**
   * Removes and returns the entry `entry` replaces: one kept by its title until an export named its arXiv id, or one
   * kept by its title alone (the key before it named the first author) now that it comes with its first author. A
   * row by another first author is another paper of the same title, and stays.
   */
  private takeOverTitleEntry(entry: LibraryEntry): LibraryRow | undefined {
    const keys = new Set([libraryKeyOf(null, entry.title, entry.authors), libraryKeyOf(null, entry.title)]);
    keys.delete(entry.key);
    for (const key of keys) {
      const row = this.selectEntry.get(key);
      if (row === undefined) continue;
      const authors = JSON.parse(row.authors) as string[];
      const isSamePaper =
        authors.length === 0 ||
        entry.authors.length === 0 ||
        libraryKeyOf(null, row.title, authors) === libraryKeyOf(null, entry.title, entry.authors);
      if (!isSamePaper) continue;
      this.deleteEntry.run(key);
      return row;
    }
    return undefined;
  }

  private writeEntries(entries: readonly LibraryEntry[]): LibraryResult {
    const result: LibraryResult = { added: 0, updated: 0 };
    entries.forEach((entry, index) => {
      if (entry.key.trim() === '' || entry.title.trim() === '') {
        throw new StoreError(
          this.path,
          `library entry ${index} (${entry.source}) has an empty ${entry.key.trim() === '' ? 'key' : 'title'}`,
        );
      }
      const byTitle = this.takeOverTitleEntry(entry);
      const stored = this.selectEntry.get(entry.key) ?? byTitle;
      if (stored === undefined) {
        result.added += 1;
        this.upsertEntry.run(rowOf(entry, entry.addedAt));
        return;
      }
      const merged = { ...entry, abstract: entry.abstract === '' ? stored.abstract : entry.abstract };
      const isChanged =
        byTitle !== undefined ||
        merged.arxivId !== stored.arxiv_id ||
        merged.title !== stored.title ||
        merged.abstract !== stored.abstract ||
        JSON.stringify(merged.authors) !== stored.authors;
      if (!isChanged) return;
      result.updated += 1;
      this.upsertEntry.run(rowOf(merged, new Date(stored.added_at)));
    });
    return result;
  }
}

function rowOf(entry: LibraryEntry, addedAt: Date): Record<string, unknown> {
  return {
    key: entry.key,
    arxiv_id: entry.arxivId,
    title: entry.title,
    abstract: entry.abstract,
    authors: JSON.stringify(entry.authors),
    source: entry.source,
    added_at: addedAt.toISOString(),
  };
}
