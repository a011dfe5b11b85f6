// The store interface: papers, their versions, announcements, listings, translations and digests.
// The SQLite implementation is in sqlite/; the shared suite every implementation passes is contract.ts.

import type {
  DigestRef,
  HfInfo,
  IsoDate,
  ListedPaper,
  LibraryEntry,
  ListingAudit,
  Paper,
  PaperTranslation,
  PaperVersionDate,
  UpvotePoint,
  Rating,
  RatingKind,
} from '../model.js';

/** What a save did, so a rerun can report "nothing new". */
export interface SaveResult {
  inserted: number;
  /** A newer version (or changed metadata) replaced what was stored. */
  updated: number;
  unchanged: number;
}

/** Which listing a set of papers belongs to: one source's view of one listing date in one scope. */
export interface ListingKey {
  listingDate: IsoDate;
  /** `arxiv-rss`, `arxiv-api`, ... */
  source: string;
  /** The archives/categories asked for, e.g. `cs` or `cs.LG+cs.AI`, sorted and joined with `+`. */
  scope: string;
}

export interface StoredListing {
  key: ListingKey;
  fetchedAt: Date;
  papers: ListedPaper[];
  /** Where it was read, whether it is complete, and its counts by announce type (computed from its papers). */
  audit: ListingAudit;
}

/**
 * Where a saved listing was read and whether it is whole, as `savePapers` records it with the listing. Without
 * it the listing's URL and completeness are unknown (null) and `announcedCount` is its paper count.
 */
export interface ListingProvenance {
  url: string;
  /** The source gave it all (every page, the reported count reached, the date wanted). */
  isComplete: boolean;
  /** Why not, when it is partial. */
  incompleteReason: string | null;
  /** What the source says the listing holds, usable or not (RSS items, API totalResults). */
  announcedCount: number;
}

/** Identifies one translation: the same text to the same language by the same model is translated once. */
export interface TranslationKey {
  /**
   * sha256 hex of the source text, as the translator received it (whitespace-normalised, UTF-8). Search finds a
   * paper by a translation when this is the hash of the paper's normalised title or abstract.
   */
  sourceHash: string;
  lang: string;
  /** Provider and model, e.g. `openai-compatible:gpt-4o-mini`. */
  model: string;
}

/** What `searchPapers` takes: how many hits, and filters applied inside the search, before the limit. */
export interface SearchOptions {
  limit: number;
  /**
   * Only papers first submitted on or after this day (UTC). A paper with no submission time (RSS gives none) counts
   * from the first listing date that announced it; one with neither never matches.
   */
  submittedFrom?: IsoDate;
  /** Only papers first submitted on or before this day (UTC), the whole day included; dated as for `submittedFrom`. */
  submittedUntil?: IsoDate;
  /** Only papers with an author whose name contains this text (ignoring ASCII case). Absent or blank: any author. */
  author?: string;
  /**
   * Only papers with at least one of these: a category (`cs.LG`) matches itself, an archive (`cs`) every category
   * in it (`cs.LG`, `cs.AI`, ...). Case-insensitive. Absent or [] : any category.
   */
  categories?: readonly string[];
}

/** What `countPapersByPeriod` counts by, and the same filters as a search (no limit: every match counts). */
export interface TrendOptions extends Omit<SearchOptions, 'limit'> {
  /** `year` gives periods `YYYY`, `month` gives `YYYY-MM`. */
  by: 'month' | 'year';
}

/** How many papers matched in one period (`YYYY` or `YYYY-MM`). */
export interface PeriodCount {
  period: string;
  count: number;
}

export interface SearchHit {
  paper: Paper;
  /** Lower is better (bm25). */
  score: number;
}

/** A saved digest: its rendered JSON document, so earlier days can be shown again without refetching. */
export interface StoredDigest {
  profile: string;
  listingDate: IsoDate;
  generatedAt: Date;
  /** The `--style json` document of the digest. */
  json: string;
}

/** The papers a digest showed to a profile (`recordShown`'s arguments), recorded with the digest's save. */
export interface ShownPapers {
  profile: string;
  arxivIds: readonly string[];
}

/**
 * What Hugging Face says about one paper at one moment, as `saveHfPapers` takes it (plain fields: the store never
 * imports a source). The paper's bibliographic fields go to `savePapers`, where arXiv's win.
 */
export interface HfRecord {
  /** Without version. */
  arxivId: string;
  /** Whole number ≥ 0. */
  upvotes: number;
  /** Null: not said by this answer (the stored value is kept). */
  comments: number | null;
  /** The organisation's full name, else its handle; null: not said. */
  organization: string | null;
  githubRepo: string | null;
  githubStars: number | null;
  /** [] : not said. */
  aiKeywords: string[];
  aiSummary: string | null;
}

/** What `saveLibraryEntries` did: entries new to the library, and stored ones that changed. */
export interface LibraryResult {
  added: number;
  updated: number;
}

/**
 * The relevance model's features of one paper or library entry, as cached (src/relevance/terms.ts packs them).
 * Keyed by the versionless arXiv id, or by the library key of an entry without one.
 */
export interface StoredTerms {
  key: string;
  /** The extraction that made them (TERMS_VERSION); older ones are made again. */
  version: number;
  /** A fingerprint of the text they were read from; a changed text is read again. */
  textHash: string;
  /** Term ids (relevance/terms.ts termIdOf), ascending, each once. */
  ids: Int32Array;
  /** How often each term occurs, aligned with `ids`. */
  counts: Float32Array;
  /** The terms, aligned with `ids`, one a line. */
  terms: string;
}

/**
 * The cached term ids and counts of many keys end to end, without the terms themselves: what ranking a day reads
 * (relevance/terms.ts PackedRuns). Run `r` belongs to the key at `positions[r]` of the keys asked for.
 */
export interface StoredTermRuns {
  ids: Int32Array;
  counts: Float32Array;
  /** One more than there are runs; run `r` is from `starts[r]` to `starts[r + 1]`. */
  starts: Int32Array;
  /** Each run's key as its index in the keys asked for. */
  positions: Int32Array;
  /** Each run's text fingerprint (StoredTerms.textHash). */
  textHashes: string[];
}

/** How many cached papers hold each term id (only the ids asked for), out of `documentCount`. */
export interface TermFrequencies {
  documentCount: number;
  counts: Map<number, number>;
}

/** An embedding vector of one paper or library entry, by the model that made it. */
export interface StoredEmbedding {
  key: string;
  /** sha256 hex of the text embedded. */
  textHash: string;
  vector: Float32Array;
}

/** A paper harvested from arXiv's archive (OAI-PMH), with every version and when it was submitted. */
export interface ArchivedPaper {
  paper: Paper;
  /** Oldest first; `submittedAt` null when the source did not say. */
  versions: readonly PaperVersionDate[];
}

/** Where the harvest of one OAI set stands, saved with each page so that a killed harvest continues. */
export interface HarvestState {
  /** The OAI set spec (`cs`, `cs:cs:LG`); '' for the whole archive. */
  set: string;
  from: IsoDate | null;
  until: IsoDate | null;
  /** The token for the next page; null once the list has ended. */
  resumptionToken: string | null;
  tokenExpiresAt: Date | null;
  /** The old endpoint's `cursor` on the token (its lists are not sorted by datestamp); null for the new endpoint. */
  tokenCursor: number | null;
  /** The latest datestamp harvested; a refused token restarts from it. */
  lastDatestamp: IsoDate | null;
  /** Records and pages saved by this harvest so far. */
  records: number;
  pages: number;
  startedAt: Date;
  /** When the list ended; null while the harvest is in progress. */
  completedAt: Date | null;
}

/** One paper of a bulk import (arXiv's metadata snapshot), with every version its source lists. */
export interface ImportedPaper {
  paper: Paper;
  /**
   * Oldest first, each remembered as a version seen with its submission time (null: unknown, which never erases a
   * stored one); `paper.version` is the newest.
   */
  versions: readonly PaperVersionDate[];
}

/**
 * Papers of a bulk import as rows the store writes, made from `ImportedPaper`s by the store's own function (for
 * SQLite, `prepareImportedPapers`) in the thread that parses the file: plain data, copied whole from thread to thread,
 * so the importing thread neither parses nor builds rows. The values' order is the store's.
 */
export interface PreparedPapers {
  /** One row per paper, in the order read. */
  readonly papers: readonly (readonly (string | number | null)[])[];
  /** Every paper's versions, flat, a fixed number of values per version. */
  readonly versions: readonly (string | number | null)[];
}

/** How far the import of one file got: saved with every batch, in its transaction, so a rerun resumes there. */
export interface ImportMark {
  /** The file's identity (its size and a hash of its first MiB), so a moved file still resumes. */
  fileKey: string;
  /** The file as the reader named it, for messages. */
  path: string;
  /** Bytes of (decompressed) text read through the end of the last line saved. */
  byteOffset: number;
  /** Lines read through the last one saved, bad and blank lines included. */
  lineNumber: number;
  /** Every line was read: a new import of the same file starts again from its first line. */
  isComplete: boolean;
  /**
   * What the import did, over every run since it started from the first line (and the problems through
   * `lineNumber`), this batch included.
   */
  totals: SaveResult & { problems: number };
}

/** A bulk import under way (`Store.startImport`): its batch's transaction is open from the first write to `commit`. */
export interface ImportSession {
  /**
   * Writes papers into the batch, beginning its transaction when none is open. Throws `StoreError` naming the entry
   * for an invalid paper; the whole batch is rolled back then.
   */
  write(papers: readonly ImportedPaper[]): SaveResult;
  /** As `write`, for papers the store's own function prepared (`PreparedPapers`), in another thread or this one. */
  writePrepared(papers: PreparedPapers): SaveResult;
  /**
   * Ends the batch: its new papers indexed for search and `mark` recorded as given (its totals include this batch),
   * in its transaction. Throws `StoreError`; nothing of the batch is saved then.
   */
  commit(mark: ImportMark): void;
  /** Rolls back what was written since the last commit (the import stopped on an error); nothing when none was. */
  abort(): void;
}

/** What `paperwire stats` shows: counts of what the store holds, and how much disk it takes. */
export interface StoreStats {
  papers: number;
  /**
   * Papers by the year of their first version (UTC), or of their first listing when only RSS gave them (no
   * submission time), oldest first; `year` null: neither known.
   */
  papersByYear: { year: number | null; papers: number }[];
  /** Papers by the archive of their primary category (`cs`, `hep-th`, `math`), most first; '' : none known. */
  papersByArchive: { archive: string; papers: number }[];
  listings: number;
  translations: number;
  digests: number;
  /** The database's bytes on disk, its write-ahead log included. */
  sizeBytes: number;
}

/**
 * Durable storage. Every write is one transaction: it lands whole or not at all.
 * Methods throw `StoreError` when the database cannot be read or written.
 */
/** A paper's title and abstract translations as the store keeps them, each null when none is saved. */
export type StoredTranslationTexts = Pick<PaperTranslation, 'title' | 'abstract'>;

export interface Store {
  /**
   * Upserts papers (newest version wins, every version remembered; a copy without categories, i.e. Hugging Face's,
   * never replaces a stored copy that has them, and is replaced by the first one that has them) and records the listing if given, with the
   * papers' positions; saving a listing again replaces its membership. An older version never overwrites newer
   * metadata (it counts as `unchanged`, and its number is remembered); saving the same data again changes nothing.
   * Throws `StoreError` naming the entry when a paper is invalid (empty id, version below 1, or with a listing
   * an unknown announce type); nothing of that call is saved then. `provenance` goes with the listing: where it
   * was read, whether it is complete, what the source counted; the counts by announce type come from `papers`.
   */
  savePapers(
    papers: readonly ListedPaper[],
    listing?: ListingKey,
    provenance?: ListingProvenance,
  ): SaveResult;
  loadPaper(arxivId: string): Paper | null;
  /** Every version number seen for a paper, ascending. */
  loadVersions(arxivId: string): number[];
  /** The listing as saved, in saved order, each paper with its newest metadata; null when never fetched. */
  loadListing(key: ListingKey): StoredListing | null;
  /** The newest listing date saved for a source and scope, or null. */
  loadLatestListingDate(source: string, scope: string): IsoDate | null;
  loadTranslation(key: TranslationKey): string | null;
  saveTranslation(key: TranslationKey, text: string): void;
  /**
   * The newest saved translations into `lang` (by any model) of a stored paper's current title and abstract;
   * each null when there is none, both null for a paper not in the store.
   */
  loadPaperTranslation(arxivId: string, lang: string): StoredTranslationTexts;
  /**
   * Saves (or replaces) a digest's document; with `shown`, records in the same transaction the papers it showed, as
   * `recordShown` does, so that a stop never leaves the archive without its record of what was shown (`--unseen`).
   */
  saveDigest(digest: StoredDigest, shown?: ShownPapers): void;
  /**
   * Replaces the saved digest of `digest.profile` and `digest.listingDate` only while it is still the one generated
   * at `replacing`; false (nothing written) when none is saved or another save replaced it since it was read.
   */
  replaceDigest(digest: StoredDigest, replacing: Date): boolean;
  loadDigest(profile: string, listingDate: IsoDate): StoredDigest | null;
  /** Every saved digest without its document, newest listing date first, then by profile name. */
  listDigests(): DigestRef[];
  /**
   * When the digest of `profile` for `listingDate` was delivered to `target` (`email:a@b.c`, `file:/path`, or the
   * scheduler's `run`), or null when it never was.
   */
  loadDelivery(profile: string, listingDate: IsoDate, target: string): Date | null;
  /**
   * Every profile's delivery of `listingDate` to `target`, oldest first: how a profile renamed in the config is told
   * from a new one (publish.ts).
   */
  loadDeliveriesTo(listingDate: IsoDate, target: string): { profile: string; sentAt: Date }[];
  /** Records a delivery once it succeeded. Recording the same one again keeps the first `sentAt`. */
  saveDelivery(profile: string, listingDate: IsoDate, target: string, sentAt: Date): void;
  /**
   * Full-text search over titles, abstracts and authors' names (and stored translations), best first. Every term
   * must match; `"quoted words"` are a phrase; anything else in the query (operators, stray quotes) is plain text
   * and never throws. A query with no words, or `limit` below 1, finds nothing. The filters in `options` apply
   * before the limit, so the best `limit` papers that pass them come back however far down the unfiltered ranking
   * they are. Throws `UsageError` naming the limit for a query beyond `SEARCH_QUERY_LIMITS` (model.ts).
   */
  searchPapers(query: string, options: SearchOptions): SearchHit[];
  /**
   * How many papers match `query` (as `searchPapers` reads it, over titles, abstracts and authors in English) and the
   * filters, per month or year of the paper's day (its first submission, else its first listing date), ascending;
   * periods with no paper are left out. A query with no words counts nothing. Throws `UsageError` as `searchPapers`
   * does.
   */
  countPapersByPeriod(query: string, options: TrendOptions): PeriodCount[];
  /**
   * Records what Hugging Face said at `seenAt`: one row of facts per paper (a field the record does not say, null
   * or [], keeps the stored value; an observation older than the stored one changes no fact) and one point of the
   * upvote time series per paper (saving the same `seenAt` again replaces that point). `inserted`: papers never
   * seen on Hugging Face; `updated`: a fact or the upvotes changed. Does not touch `papers`: save those with
   * `savePapers`. Throws `StoreError` naming the entry for an empty id or upvotes below 0; nothing is saved then.
   */
  saveHfPapers(papers: readonly HfRecord[], seenAt: Date): SaveResult;
  /** The Hugging Face facts of the papers that have any, with their newest upvotes; absent ids are left out. */
  loadHfInfo(arxivIds: readonly string[]): Map<string, HfInfo>;
  /** Every upvote observation of a paper, oldest first; [] when never seen on Hugging Face. */
  loadUpvoteSeries(arxivId: string): UpvotePoint[];
  /**
   * Adds entries to the reader's library, keyed by `key`. An entry whose key is stored updates it when its title,
   * abstract, authors or arXiv id differ (an empty abstract never replaces a stored one; `addedAt` stays the
   * first); the same entry again changes nothing and counts in neither. An entry with an arXiv id also replaces
   * the `title:` entry of the same folded title (the paper was kept by its title before its id was known).
   * Throws `StoreError` naming the entry for an empty key or title; nothing of that call is saved then.
   */
  saveLibraryEntries(entries: readonly LibraryEntry[]): LibraryResult;
  /** The whole library, oldest addition first (then by key). */
  loadLibrary(): LibraryEntry[];
  /** Removes the entry with this key, or every entry with this versionless arXiv id; false when none matched. */
  removeLibraryEntry(keyOrArxivId: string): boolean;
  /**
   * Records a rating of a paper at `at` (null clears it). Every call is kept, with its time, in a log; the
   * current rating is the latest recorded. The store does not check that it knows the paper: callers do.
   */
  setRating(arxivId: string, kind: RatingKind | null, at: Date): void;
  /** Current ratings (the latest of each paper that is not a clear), oldest first. */
  loadRatings(): Rating[];
  /** The current rating of one paper (its latest), or null when it has none or the latest is a clear. */
  loadRating(arxivId: string): RatingKind | null;
  /** Every rating ever recorded, clears included (`kind` null), in the order they were recorded. */
  loadRatingHistory(): { arxivId: string; kind: RatingKind | null; ratedAt: Date }[];
  /**
   * Records the versionless ids a digest of `profile` showed for `listingDate`. Additive: what was recorded stays
   * (a paper once shown was seen, whatever a digest made again for that date shows).
   */
  recordShown(profile: string, listingDate: IsoDate, arxivIds: readonly string[]): void;
  /** Ids shown in digests of `profile` for listing dates before `before` (never that date's own digest). */
  loadShown(profile: string, before: IsoDate): Set<string>;
  /** The same ids, each with the earliest listing date a digest of `profile` showed it for (the web UI's "seen"). */
  loadFirstShown(profile: string, before: IsoDate): Map<string, IsoDate>;
  /** Cached relevance terms of these keys; keys never cached are left out. */
  loadTerms(keys: readonly string[]): Map<string, StoredTerms>;
  /**
   * The cached term ids and counts of these keys made by extraction `version`, end to end in one pair of arrays
   * (no terms, no object per key): keys never cached, or cached by another version, are left out.
   */
  loadTermRuns(keys: readonly string[], version: number): StoredTermRuns;
  /**
   * Caches terms (replacing what a key had) and keeps every term's document frequency in step, in one
   * transaction: a paper read again changes the frequencies by its difference only.
   */
  saveTerms(entries: readonly StoredTerms[]): void;
  /** The document frequencies of term ids over every cached key, and how many keys are cached. */
  loadTermFrequencies(termIds: Iterable<number>): TermFrequencies;
  /** The keys cached last, newest first: the store's other papers the model learns "not this" from. */
  loadRecentTermKeys(limit: number): string[];
  /** Papers whose terms were never cached, newest saved first, at most `limit`. */
  loadPapersWithoutTerms(limit: number): Paper[];
  /**
   * Papers holding any of `words` in their title or abstract (full-text, stemmed), best (bm25) first, at most
   * `limit`: the candidates `similar` ranks. Each word is plain text, never query syntax.
   */
  findPapersSharingWords(words: readonly string[], limit: number): string[];
  /** Cached embeddings of these keys by `model`; keys never embedded by it are left out. */
  loadEmbeddings(model: string, keys: readonly string[]): Map<string, StoredEmbedding>;
  /** Caches embeddings by `model`, replacing a key's earlier vector, in one transaction. */
  saveEmbeddings(model: string, entries: readonly StoredEmbedding[]): void;
  /**
   * Saves one harvested page in one transaction: the papers as `savePapers` does without a listing, every version
   * with its submission time, and `state`, which replaces the set's stored state. Throws `StoreError` as
   * `savePapers` does; nothing of the page and no state is saved then.
   */
  saveHarvestPage(papers: readonly ArchivedPaper[], state: HarvestState): SaveResult;
  /** The stored state of the harvest of `set` ('' for the whole archive), or null when none was saved. */
  loadHarvestState(set: string): HarvestState | null;
  /** Every version of a paper with its submission time when known, oldest first; [] for an unknown paper. */
  loadVersionDates(arxivId: string): PaperVersionDate[];
  /**
   * A bulk import written as it is read, in batches: each batch is the `write`s of its papers (each saved as
   * `savePapers` saves it without a listing: newest version wins, saving the same data again changes nothing, every
   * number in `versions` remembered) and the `commit` that records `mark` for `mark.fileKey`, all in one
   * transaction, so an import killed at any moment resumes after the last batch saved with nothing twice, and no
   * batch of papers need be held. A batch's new papers are in the full-text index when it is committed. One session
   * at a time per store.
   */
  startImport(): ImportSession;
  /** The mark of the last batch imported from the file with this key, or null when none was. */
  loadImportMark(fileKey: string): ImportMark | null;
  /** Counts of papers (by year and archive), listings, translations and digests, and the size on disk. */
  loadStats(): StoreStats;
  close(): void;
}
