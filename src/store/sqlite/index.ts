// The SQLite store: one database file holding papers, versions, listings, translations, digests, Hugging Face
// facts and upvotes, the reader's library, ratings and shown papers, and full-text indexes. The composition roots call openSqliteStore(); the rest sees Store.

import type { Database } from 'better-sqlite3';
import type {
  DigestRef,
  HfInfo,
  IsoDate,
  LibraryEntry,
  ListedPaper,
  Paper,
  PaperVersionDate,
  Rating,
  RatingKind,
  UpvotePoint,
} from '../../model.js';
import type {
  ArchivedPaper,
  HarvestState,
  HfRecord,
  ImportMark,
  ImportSession,
  LibraryResult,
  ListingKey,
  ListingProvenance,
  SaveResult,
  SearchHit,
  PeriodCount,
  SearchOptions,
  TrendOptions,
  ShownPapers,
  Store,
  StoredDigest,
  StoredEmbedding,
  StoredListing,
  StoredTermRuns,
  StoredTerms,
  StoredTranslationTexts,
  StoreStats,
  TermFrequencies,
  TranslationKey,
} from '../store.js';
import { openDatabase, toStoreError } from './connection.js';
import { ensureIndexesBuilt } from './deferred-indexes.js';
import { DocumentTables } from './documents.js';
import { HarvestTables } from './harvest.js';
import { HfTable } from './hf.js';
import { ImportTable } from './import.js';
import { LibraryTables } from './library.js';
import { RelevanceTables } from './relevance.js';
import { ListingTable } from './listings.js';
import { PaperTable } from './papers.js';
import { PaperSearch } from './search.js';
import { StatsQueries } from './stats.js';
import type { Migration } from './schema/migrations.js';

export { translationCacheOf } from './translation-cache.js';
export { sourceHashOf } from './merge.js';
export { MIGRATIONS } from './schema/migrations.js';
export { DELIVER_JOB, lockHome, waitForHomeLock, type HomeJob, type HomeLock } from './lock.js';

export interface SqliteStoreOptions {
  /** The clock for `first_seen_at`, `last_changed_at`, `fetched_at` and `created_at`; defaults to the system's. */
  now?: () => Date;
  /**
   * Read the file through a memory map of up to this many bytes (SQLite's `mmap_size`; this build caps it at 2 GiB)
   * instead of a system call per page: for readers of a large store, such as the web server's search threads.
   * Absent: no map (the pages a process touches count as its memory, which an import must keep small).
   */
  mapBytes?: number;
  /**
   * Keep up to this many bytes of pages in the connection's own cache (SQLite's `cache_size`; better-sqlite3's build
   * defaults to 16 MB): for the search threads, whose store outgrows the memory map. Past the map's 2 GiB every page
   * is read with a system call into this cache; at 2.7 M papers the full-text index lies there, and 16 MB did not
   * hold a common query's pages from one search to the next. Absent: the build's default.
   */
  cacheBytes?: number;
  /** Hears of each migration run on a file an older paperwire made, before it runs (see openDatabase). */
  onUpgrade?: (migration: Migration) => void;
  /**
   * The caller only reads (search, stats, the web UI): a file this process may not write is then opened read-only,
   * with no migration and no write work (docs/store.md, "A read-only store"); see `SqliteStore.isReadOnly`.
   */
  readsOnly?: boolean;
}

/**
 * Opens the database at `path` (or a private in-memory one for `':memory:'`), creating its folder and file
 * when missing and migrating the schema. Throws `StoreError` naming the path when the file is not a SQLite
 * database, was written by a newer paperwire, or cannot be opened.
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  const db = openDatabase(path, options.onUpgrade, options.readsOnly);
  if (options.mapBytes !== undefined) db.pragma(`mmap_size = ${Math.max(0, Math.floor(options.mapBytes))}`);
  // A negative cache_size is in KiB.
  if (options.cacheBytes !== undefined)
    db.pragma(`cache_size = ${-Math.max(1, Math.floor(options.cacheBytes / 1024))}`);
  return new SqliteStore(db, path, options.now ?? (() => new Date()));
}

/** `Store` on SQLite (better-sqlite3). Every method is synchronous; every write is one transaction. */
export class SqliteStore implements Store {
  // Each table prepares its statements when first used, so a command pays only for the tables it reads.
  private papersTable: PaperTable | undefined;
  private listingsTable: ListingTable | undefined;
  private documentsTable: DocumentTables | undefined;
  private searchTable: PaperSearch | undefined;
  private hfTable: HfTable | undefined;
  private libraryTables: LibraryTables | undefined;
  private relevanceTables: RelevanceTables | undefined;
  private harvestTables: HarvestTables | undefined;
  private importTable: ImportTable | undefined;
  private statsQueries: StatsQueries | undefined;

  constructor(
    /** The open connection, for SQLite-specific checks (tests, maintenance); not for stages. */
    readonly db: Database,
    /** The file as given to `openSqliteStore`, as error messages name it. */
    readonly path: string,
    private readonly now: () => Date,
  ) {}

  /**
   * Whether the file was opened read-only (`readsOnly`, and this process may not write it). Searches then skip
   * indexing the papers saved since the last search (`countUnindexedPapers` says how many they leave out), stats
   * skip an interrupted import's indexes, and the term and embedding caches are not saved; any other write throws.
   */
  get isReadOnly(): boolean {
    return this.db.readonly;
  }

  /** How many saved papers wait for the full-text index: what a search on a read-only store cannot find. */
  countUnindexedPapers(): number {
    return this.guard('cannot count the papers not yet indexed', () => {
      const state = this.papers.loadIndexState();
      return Math.max(0, state.last_id - state.indexed_through);
    });
  }

  private get papers(): PaperTable {
    return (this.papersTable ??= new PaperTable(this.db, this.path, this.now));
  }

  private get listings(): ListingTable {
    return (this.listingsTable ??= new ListingTable(this.db));
  }

  private get documents(): DocumentTables {
    return (this.documentsTable ??= new DocumentTables(this.db, this.now));
  }

  private get finder(): PaperSearch {
    return (this.searchTable ??= new PaperSearch(this.db));
  }

  private get hf(): HfTable {
    return (this.hfTable ??= new HfTable(this.db, this.path));
  }

  private get library(): LibraryTables {
    return (this.libraryTables ??= new LibraryTables(this.db, this.path));
  }

  private get harvests(): HarvestTables {
    return (this.harvestTables ??= new HarvestTables(this.db, this.path, this.now));
  }

  private get relevance(): RelevanceTables {
    return (this.relevanceTables ??= new RelevanceTables(this.db));
  }

  private get imports(): ImportTable {
    return (this.importTable ??= new ImportTable(this.db, this.papers, this.path, this.now));
  }

  private get stats(): StatsQueries {
    return (this.statsQueries ??= new StatsQueries(this.db, this.path));
  }

  savePapers(
    papers: readonly ListedPaper[],
    listing?: ListingKey,
    provenance?: ListingProvenance,
  ): SaveResult {
    return this.guard('cannot save papers', () => this.papers.save(papers, listing, provenance));
  }

  loadPaper(arxivId: string): Paper | null {
    return this.guard(`cannot load paper ${arxivId}`, () => this.papers.load(arxivId));
  }

  loadVersions(arxivId: string): number[] {
    return this.guard(`cannot load the versions of ${arxivId}`, () => this.papers.loadVersions(arxivId));
  }

  loadListing(key: ListingKey): StoredListing | null {
    const name = `${key.source} ${key.scope} ${key.listingDate}`;
    return this.guard(`cannot load listing ${name}`, () => this.listings.load(key));
  }

  loadLatestListingDate(source: string, scope: string): IsoDate | null {
    return this.guard(`cannot load the latest listing of ${source} ${scope}`, () =>
      this.listings.loadLatestDate(source, scope),
    );
  }

  loadTranslation(key: TranslationKey): string | null {
    return this.guard('cannot load a translation', () => this.documents.loadTranslation(key));
  }

  saveTranslation(key: TranslationKey, text: string): void {
    this.guard('cannot save a translation', () => this.documents.saveTranslation(key, text));
  }

  loadPaperTranslation(arxivId: string, lang: string): StoredTranslationTexts {
    return this.guard(`cannot load the translation of ${arxivId}`, () =>
      this.documents.loadPaperTranslation(arxivId, lang),
    );
  }

  saveDigest(digest: StoredDigest, shown?: ShownPapers): void {
    const name = `${digest.profile} ${digest.listingDate}`;
    // IMMEDIATE, as in papers.ts: the write lock is waited for at BEGIN, before any read snapshot, so another
    // process's commit while it waits cannot make the save fail with "database is locked".
    this.guard(`cannot save digest ${name}`, () =>
      this.db
        .transaction(() => {
          this.documents.saveDigest(digest);
          if (shown !== undefined)
            this.library.recordShown(shown.profile, digest.listingDate, shown.arxivIds);
        })
        .immediate(),
    );
  }

  replaceDigest(digest: StoredDigest, replacing: Date): boolean {
    return this.guard(`cannot save digest ${digest.profile} ${digest.listingDate}`, () =>
      this.documents.replaceDigest(digest, replacing),
    );
  }

  loadDigest(profile: string, listingDate: IsoDate): StoredDigest | null {
    return this.guard(`cannot load digest ${profile} ${listingDate}`, () =>
      this.documents.loadDigest(profile, listingDate),
    );
  }

  listDigests(): DigestRef[] {
    return this.guard('cannot list digests', () => this.documents.listDigests());
  }

  loadDelivery(profile: string, listingDate: IsoDate, target: string): Date | null {
    return this.guard(`cannot load delivery ${profile} ${listingDate} ${target}`, () =>
      this.documents.loadDelivery(profile, listingDate, target),
    );
  }

  loadDeliveriesTo(listingDate: IsoDate, target: string): { profile: string; sentAt: Date }[] {
    return this.guard(`cannot load deliveries ${listingDate} ${target}`, () =>
      this.documents.loadDeliveriesTo(listingDate, target),
    );
  }

  saveDelivery(profile: string, listingDate: IsoDate, target: string, sentAt: Date): void {
    this.guard(`cannot save delivery ${profile} ${listingDate} ${target}`, () =>
      this.documents.saveDelivery(profile, listingDate, target, sentAt),
    );
  }

  /** Searches once the papers saved since the last search are in the full-text index (indexSavedPapers). */
  searchPapers(query: string, options: SearchOptions): SearchHit[] {
    return this.guard(`cannot search for ${JSON.stringify(query)}`, () => {
      this.indexPendingIfWritable();
      return this.finder.search(query, options);
    });
  }

  /** Counts once the papers saved since the last search are in the full-text index, as searchPapers does. */
  countPapersByPeriod(query: string, options: TrendOptions): PeriodCount[] {
    return this.guard(`cannot count the papers matching ${JSON.stringify(query)}`, () => {
      this.indexPendingIfWritable();
      return this.finder.countByPeriod(query, options);
    });
  }

  /**
   * Adds the papers saved since the last search to the full-text index, which savePapers leaves to the first
   * search so that a day's save is not slowed by it; returns how many. searchPapers calls it; so may maintenance.
   */
  indexSavedPapers(): number {
    return this.guard('cannot index the saved papers for search', () => this.papers.indexPending());
  }

  saveHfPapers(papers: readonly HfRecord[], seenAt: Date): SaveResult {
    return this.guard('cannot save Hugging Face papers', () => this.hf.save(papers, seenAt));
  }

  loadHfInfo(arxivIds: readonly string[]): Map<string, HfInfo> {
    return this.guard('cannot load Hugging Face facts', () => this.hf.loadInfo(arxivIds));
  }

  loadUpvoteSeries(arxivId: string): UpvotePoint[] {
    return this.guard(`cannot load the upvotes of ${arxivId}`, () => this.hf.loadSeries(arxivId));
  }

  saveLibraryEntries(entries: readonly LibraryEntry[]): LibraryResult {
    return this.guard('cannot save library entries', () => this.library.save(entries));
  }

  loadLibrary(): LibraryEntry[] {
    return this.guard('cannot load the library', () => this.library.loadAll());
  }

  removeLibraryEntry(keyOrArxivId: string): boolean {
    return this.guard(`cannot remove ${keyOrArxivId} from the library`, () =>
      this.library.remove(keyOrArxivId),
    );
  }

  setRating(arxivId: string, kind: RatingKind | null, at: Date): void {
    this.guard(`cannot rate ${arxivId}`, () => this.library.rate(arxivId, kind, at));
  }

  loadRatings(): Rating[] {
    return this.guard('cannot load ratings', () => this.library.loadRatings());
  }

  loadRating(arxivId: string): RatingKind | null {
    return this.guard(`cannot load the rating of ${arxivId}`, () => this.library.loadRating(arxivId));
  }

  loadRatingHistory(): { arxivId: string; kind: RatingKind | null; ratedAt: Date }[] {
    return this.guard('cannot load the rating history', () => this.library.loadRatingHistory());
  }

  recordShown(profile: string, listingDate: IsoDate, arxivIds: readonly string[]): void {
    this.guard(`cannot record what digest ${profile} ${listingDate} showed`, () =>
      this.library.recordShown(profile, listingDate, arxivIds),
    );
  }

  loadShown(profile: string, before: IsoDate): Set<string> {
    return this.guard(`cannot load what digests of ${profile} showed`, () =>
      this.library.loadShown(profile, before),
    );
  }

  loadFirstShown(profile: string, before: IsoDate): Map<string, IsoDate> {
    return this.guard(`cannot load when digests of ${profile} first showed their papers`, () =>
      this.library.loadFirstShown(profile, before),
    );
  }

  loadTerms(keys: readonly string[]): Map<string, StoredTerms> {
    return this.guard('cannot load relevance terms', () => this.relevance.load(keys));
  }

  loadTermRuns(keys: readonly string[], version: number): StoredTermRuns {
    return this.guard('cannot load relevance terms', () => this.relevance.loadRuns(keys, version));
  }

  saveTerms(entries: readonly StoredTerms[]): void {
    // A cache: a read-only store computes the terms again next time rather than fail the command that reads.
    if (this.isReadOnly) return;
    this.guard('cannot save relevance terms', () => this.relevance.save(entries));
  }

  loadTermFrequencies(termIds: Iterable<number>): TermFrequencies {
    return this.guard('cannot load term frequencies', () => this.relevance.loadFrequencies(termIds));
  }

  loadRecentTermKeys(limit: number): string[] {
    return this.guard('cannot load the papers with terms', () => this.relevance.loadRecentKeys(limit));
  }

  loadPapersWithoutTerms(limit: number): Paper[] {
    return this.guard('cannot load the papers without terms', () => this.relevance.loadUnfeatured(limit));
  }

  /** Like searchPapers, reads the full-text index once the papers saved since the last search are in it. */
  findPapersSharingWords(words: readonly string[], limit: number): string[] {
    return this.guard('cannot find similar papers', () => {
      this.indexPendingIfWritable();
      return this.relevance.findSharing(words, limit);
    });
  }

  loadEmbeddings(model: string, keys: readonly string[]): Map<string, StoredEmbedding> {
    return this.guard(`cannot load ${model} embeddings`, () => this.relevance.loadEmbeddings(model, keys));
  }

  saveEmbeddings(model: string, entries: readonly StoredEmbedding[]): void {
    if (this.isReadOnly) return; // a cache, as saveTerms
    this.guard(`cannot save ${model} embeddings`, () => this.relevance.saveEmbeddings(model, entries));
  }

  startImport(): ImportSession {
    const action = 'cannot import papers';
    this.guard(action, () => this.imports.start());
    return {
      write: (papers) => this.guard(action, () => this.imports.write(papers)),
      writePrepared: (papers) => this.guard(action, () => this.imports.writePrepared(papers)),
      commit: (mark) => this.guard(`cannot import papers from ${mark.path}`, () => this.imports.commit(mark)),
      abort: () => this.guard(action, () => this.imports.abort()),
    };
  }

  loadImportMark(fileKey: string): ImportMark | null {
    return this.guard('cannot load how far an import got', () => this.imports.loadMark(fileKey));
  }

  loadStats(): StoreStats {
    return this.guard('cannot count what the store holds', () => {
      // Its statements name the papers_stats index, which an import in progress in this process may have deferred.
      if (!this.isReadOnly) ensureIndexesBuilt(this.db);
      return this.stats.load();
    });
  }

  saveHarvestPage(papers: readonly ArchivedPaper[], state: HarvestState): SaveResult {
    return this.guard('cannot save harvested papers', () =>
      this.harvests.savePage(papers, state, (listed) => this.papers.save(listed, undefined, undefined)),
    );
  }

  loadHarvestState(set: string): HarvestState | null {
    return this.guard(`cannot load the harvest state of set "${set}"`, () => this.harvests.loadState(set));
  }

  loadVersionDates(arxivId: string): PaperVersionDate[] {
    return this.guard(`cannot load the versions of ${arxivId}`, () =>
      this.harvests.loadVersionDates(arxivId),
    );
  }

  /** Closes the connection (checkpointing the WAL); calling it again does nothing. */
  close(): void {
    if (this.db.open) this.guard('cannot close the database', () => this.db.close());
  }

  /** A read-only store's searches read the index as it is: the papers not in it are left out, and counted. */
  private indexPendingIfWritable(): void {
    if (!this.isReadOnly) this.papers.indexPending();
  }

  private guard<T>(action: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw toStoreError(this.path, action, error);
    }
  }
}
