// The SQLite schema as an ordered list of migrations, applied in one transaction and tracked in PRAGMA user_version.
// Never edit a shipped migration: append a new one. docs/store.md describes every table.

import type { Database } from 'better-sqlite3';
import { StoreError } from '../../../errors.js';
import { NEW_STORE_SQL, SQUASHED_VERSION } from './new-store.js';

export interface Migration {
  /** 1, 2, 3, ...: the `user_version` the database has once this migration is applied. */
  version: number;
  summary: string;
  sql: string;
}

const initialSchema = `
CREATE TABLE papers (
  id INTEGER PRIMARY KEY,
  arxiv_id TEXT NOT NULL UNIQUE CHECK (length(arxiv_id) > 0),
  version INTEGER NOT NULL CHECK (version >= 1),
  title TEXT NOT NULL,
  abstract TEXT NOT NULL,
  authors TEXT NOT NULL CHECK (json_valid(authors)),
  categories TEXT NOT NULL CHECK (json_valid(categories)),
  primary_category TEXT NOT NULL,
  published_at TEXT,
  updated_at TEXT,
  comment TEXT,
  journal_ref TEXT,
  doi TEXT,
  title_hash TEXT NOT NULL,
  abstract_hash TEXT NOT NULL,
  first_seen_at TEXT NOT NULL,
  last_changed_at TEXT NOT NULL
) STRICT;
CREATE INDEX papers_title_hash ON papers (title_hash);
CREATE INDEX papers_abstract_hash ON papers (abstract_hash);

CREATE TABLE paper_versions (
  arxiv_id TEXT NOT NULL REFERENCES papers (arxiv_id) ON DELETE CASCADE,
  version INTEGER NOT NULL CHECK (version >= 1),
  first_seen_at TEXT NOT NULL,
  PRIMARY KEY (arxiv_id, version)
) STRICT, WITHOUT ROWID;

CREATE TABLE listings (
  id INTEGER PRIMARY KEY,
  listing_date TEXT NOT NULL CHECK (listing_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  source TEXT NOT NULL,
  scope TEXT NOT NULL,
  fetched_at TEXT NOT NULL,
  UNIQUE (source, scope, listing_date)
) STRICT;

CREATE TABLE listing_papers (
  listing_id INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
  arxiv_id TEXT NOT NULL REFERENCES papers (arxiv_id),
  announce_type TEXT NOT NULL CHECK (announce_type IN ('new', 'cross', 'replace', 'replace-cross')),
  position INTEGER NOT NULL,
  PRIMARY KEY (listing_id, arxiv_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX listing_papers_order ON listing_papers (listing_id, position);
CREATE INDEX listing_papers_paper ON listing_papers (arxiv_id);

CREATE TABLE translations (
  id INTEGER PRIMARY KEY,
  source_hash TEXT NOT NULL,
  lang TEXT NOT NULL,
  model TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (source_hash, lang, model)
) STRICT;

CREATE TABLE digests (
  profile TEXT NOT NULL,
  listing_date TEXT NOT NULL,
  generated_at TEXT NOT NULL,
  json TEXT NOT NULL CHECK (json_valid(json)),
  PRIMARY KEY (profile, listing_date)
) STRICT, WITHOUT ROWID;

-- English full text: words, stemmed (policies ~ policy), accents folded. papers.ts writes it in the same
-- transaction as the papers rows; triggers made bulk saves 3.5 times slower (docs/store.md).
CREATE VIRTUAL TABLE papers_fts USING fts5 (
  title, abstract,
  content = 'papers', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);

-- Translations in any language: trigrams, because Chinese and Japanese have no spaces between words.
CREATE VIRTUAL TABLE translations_fts USING fts5 (
  text,
  content = 'translations', content_rowid = 'id',
  tokenize = 'trigram'
);
CREATE TRIGGER translations_fts_insert AFTER INSERT ON translations BEGIN
  INSERT INTO translations_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER translations_fts_delete AFTER DELETE ON translations BEGIN
  INSERT INTO translations_fts (translations_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER translations_fts_update AFTER UPDATE OF text ON translations BEGIN
  INSERT INTO translations_fts (translations_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO translations_fts (rowid, text) VALUES (new.id, new.text);
END;
`;

/** Every migration, oldest first. The last one's version is the schema this code writes. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    summary: 'papers, versions, listings, translations, digests, full-text indexes',
    sql: initialSchema,
  },
  {
    version: 2,
    summary: 'deliveries: which digest went to which target, so the scheduler never sends one twice',
    sql: `
CREATE TABLE deliveries (
  profile TEXT NOT NULL,
  listing_date TEXT NOT NULL CHECK (listing_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  target TEXT NOT NULL CHECK (length(target) > 0),
  sent_at TEXT NOT NULL,
  PRIMARY KEY (profile, listing_date, target)
) STRICT, WITHOUT ROWID;
`,
  },
  {
    version: 3,
    summary: 'Hugging Face: facts per paper, and upvotes as a time series',
    sql: `
CREATE TABLE hf_papers (
  arxiv_id TEXT PRIMARY KEY CHECK (length(arxiv_id) > 0),
  organization TEXT,
  github_repo TEXT,
  github_stars INTEGER CHECK (github_stars >= 0),
  comments INTEGER CHECK (comments >= 0),
  ai_keywords TEXT NOT NULL CHECK (json_valid(ai_keywords)),
  ai_summary TEXT,
  first_seen_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE hf_upvotes (
  arxiv_id TEXT NOT NULL REFERENCES hf_papers (arxiv_id) ON DELETE CASCADE,
  seen_at TEXT NOT NULL,
  upvotes INTEGER NOT NULL CHECK (upvotes >= 0),
  PRIMARY KEY (arxiv_id, seen_at)
) STRICT, WITHOUT ROWID;
`,
  },
  {
    version: 4,
    summary: 'listings: where each was read, whether it is complete, and what arXiv announced in it',
    // Listings saved before this have no URL and an unknown completeness (NULL); their counts come from their papers.
    sql: `
ALTER TABLE listings ADD COLUMN url TEXT;
ALTER TABLE listings ADD COLUMN is_complete INTEGER CHECK (is_complete IN (0, 1));
ALTER TABLE listings ADD COLUMN incomplete_reason TEXT;
ALTER TABLE listings ADD COLUMN announced_count INTEGER NOT NULL DEFAULT 0 CHECK (announced_count >= 0);
ALTER TABLE listings ADD COLUMN new_count INTEGER NOT NULL DEFAULT 0 CHECK (new_count >= 0);
ALTER TABLE listings ADD COLUMN cross_count INTEGER NOT NULL DEFAULT 0 CHECK (cross_count >= 0);
ALTER TABLE listings ADD COLUMN replaced_count INTEGER NOT NULL DEFAULT 0 CHECK (replaced_count >= 0);
UPDATE listings SET
  announced_count = (SELECT count(*) FROM listing_papers WHERE listing_id = listings.id),
  new_count = (SELECT count(*) FROM listing_papers WHERE listing_id = listings.id AND announce_type = 'new'),
  cross_count = (SELECT count(*) FROM listing_papers WHERE listing_id = listings.id AND announce_type = 'cross'),
  replaced_count = (SELECT count(*) FROM listing_papers
    WHERE listing_id = listings.id AND announce_type IN ('replace', 'replace-cross'));
`,
  },
  {
    version: 5,
    summary:
      "the reader's library, ratings as a log with their times, and what each profile's digests showed",
    sql: `
CREATE TABLE library (
  key TEXT PRIMARY KEY CHECK (length(key) > 0),
  arxiv_id TEXT CHECK (arxiv_id IS NULL OR length(arxiv_id) > 0),
  title TEXT NOT NULL CHECK (length(title) > 0),
  abstract TEXT NOT NULL,
  authors TEXT NOT NULL CHECK (json_valid(authors)),
  source TEXT NOT NULL,
  added_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX library_arxiv_id ON library (arxiv_id);

-- A log: every rating and every clear (kind NULL) is a row; a paper's current rating is its latest row.
CREATE TABLE ratings (
  id INTEGER PRIMARY KEY,
  arxiv_id TEXT NOT NULL CHECK (length(arxiv_id) > 0),
  kind TEXT CHECK (kind IN ('up', 'down', 'save')),
  rated_at TEXT NOT NULL
) STRICT;
CREATE INDEX ratings_paper ON ratings (arxiv_id, id);

CREATE TABLE shown (
  profile TEXT NOT NULL,
  listing_date TEXT NOT NULL CHECK (listing_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  arxiv_id TEXT NOT NULL CHECK (length(arxiv_id) > 0),
  PRIMARY KEY (profile, listing_date, arxiv_id)
) STRICT, WITHOUT ROWID;
`,
  },
  {
    version: 6,
    summary: 'full-text index of papers brought up to date by the first search after a save, not by the save',
    // Every paper saved so far is indexed already (papers.ts indexed them in their save).
    sql: `
CREATE TABLE fts_progress (
  name TEXT PRIMARY KEY,
  indexed_through INTEGER NOT NULL CHECK (indexed_through >= 0)
) STRICT, WITHOUT ROWID;
INSERT INTO fts_progress (name, indexed_through) VALUES ('papers_fts', (SELECT coalesce(max(id), 0) FROM papers));
`,
  },
  {
    version: 7,
    summary: "relevance: each paper's term counts, term document frequencies, embedding vectors by model",
    // Filled as papers are scored (pipeline/relevance.ts), not here: a large store migrates in no time.
    sql: `
CREATE TABLE relevance_terms (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE CHECK (length(key) > 0),
  terms_version INTEGER NOT NULL CHECK (terms_version >= 1),
  text_hash TEXT NOT NULL,
  counts TEXT NOT NULL CHECK (json_valid(counts))
) STRICT;

CREATE TABLE relevance_df (
  term TEXT PRIMARY KEY,
  papers INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE embeddings (
  model TEXT NOT NULL CHECK (length(model) > 0),
  key TEXT NOT NULL CHECK (length(key) > 0),
  text_hash TEXT NOT NULL,
  vector BLOB NOT NULL,
  PRIMARY KEY (model, key)
) STRICT, WITHOUT ROWID;
`,
  },
  {
    version: 8,
    summary:
      'harvests: where each OAI-PMH harvest stands (token, datestamp), and when each paper version was submitted',
    // One row per set ('' for the whole archive), written in the transaction of each page's papers.
    sql: `
ALTER TABLE paper_versions ADD COLUMN submitted_at TEXT;

CREATE TABLE harvests (
  set_spec TEXT PRIMARY KEY,
  from_date TEXT,
  until_date TEXT,
  resumption_token TEXT,
  token_expires_at TEXT,
  token_cursor INTEGER,
  last_datestamp TEXT,
  records INTEGER NOT NULL CHECK (records >= 0),
  pages INTEGER NOT NULL CHECK (pages >= 0),
  started_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  completed_at TEXT
) STRICT, WITHOUT ROWID;
`,
  },
  {
    version: 9,
    summary:
      'bulk import: how far each snapshot file was read; an index of papers by year and archive for stats',
    // The index holds a year and a category per paper, so stats reads it rather than 2.7 M rows with abstracts; its
    // first column is an expression, which only a query naming the same expression uses, so no search plan changes.
    sql: `
CREATE TABLE imports (
  file_key TEXT PRIMARY KEY CHECK (length(file_key) > 0),
  path TEXT NOT NULL,
  byte_offset INTEGER NOT NULL CHECK (byte_offset >= 0),
  line_number INTEGER NOT NULL CHECK (line_number >= 0),
  is_complete INTEGER NOT NULL CHECK (is_complete IN (0, 1)),
  inserted INTEGER NOT NULL CHECK (inserted >= 0),
  updated INTEGER NOT NULL CHECK (updated >= 0),
  unchanged INTEGER NOT NULL CHECK (unchanged >= 0),
  problems INTEGER NOT NULL CHECK (problems >= 0),
  saved_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX papers_stats ON papers (substr(published_at, 1, 4), primary_category);
`,
  },
  {
    version: 10,
    summary: 'digests: the stored document is no longer parsed again by a CHECK when it is saved',
    // json_valid() re-read every saved document (2.4 MB on a 2,000-paper day: a sixth of the digest's time). The
    // document is what render/text/json.ts wrote, and its reader (json-parse.ts) refuses one that is not JSON.
    // SQLite cannot drop a CHECK: the table is made again with the same columns and rows.
    sql: `
CREATE TABLE digests_unchecked (
  profile TEXT NOT NULL,
  listing_date TEXT NOT NULL,
  generated_at TEXT NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (profile, listing_date)
) STRICT, WITHOUT ROWID;
INSERT INTO digests_unchecked (profile, listing_date, generated_at, json)
  SELECT profile, listing_date, generated_at, json FROM digests;
DROP TABLE digests;
ALTER TABLE digests_unchecked RENAME TO digests;
`,
  },
  {
    version: 11,
    summary: 'relevance: term counts as binary term ids and counts, document frequencies by term id',
    // The JSON term counts cost more to decode than a day's ranking may take (docs/relevance.md). The old cache is
    // dropped, not converted: the relevance stage reads every paper again, 2,000 a run, as it filled it first.
    sql: `
DROP TABLE relevance_terms;
DROP TABLE relevance_df;

CREATE TABLE relevance_features (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE CHECK (length(key) > 0),
  terms_version INTEGER NOT NULL CHECK (terms_version >= 1),
  text_hash TEXT NOT NULL,
  term_ids BLOB NOT NULL,
  counts BLOB NOT NULL,
  terms TEXT NOT NULL,
  CHECK (length(term_ids) = length(counts) AND length(term_ids) % 4 = 0)
) STRICT;

CREATE TABLE relevance_term_df (
  term_id INTEGER PRIMARY KEY,
  papers INTEGER NOT NULL
) STRICT;
`,
  },
  {
    version: 12,
    summary: "search filters: each paper's day and categories in a narrow table, the day indexed",
    // A filtered search checks each full-text match; reading the paper's whole row (its abstract) for that cost more
    // than the search itself (docs/store.md, "Search filters"). New papers get their row with the full-text index
    // (papers.ts indexUnindexed), not in their save; the triggers keep `day` the submission day, else the first
    // listing date, when a paper that has its row changes or its listings do.
    sql: `
CREATE TABLE paper_facets (
  id INTEGER PRIMARY KEY,
  day TEXT,
  categories TEXT NOT NULL
) STRICT;
INSERT INTO paper_facets (id, day, categories)
  SELECT id, coalesce(substr(published_at, 1, 10), (SELECT min(listings.listing_date) FROM listing_papers
    JOIN listings ON listings.id = listing_papers.listing_id WHERE listing_papers.arxiv_id = papers.arxiv_id)),
    categories
  FROM papers;
CREATE INDEX paper_facets_day ON paper_facets (day);

CREATE TRIGGER paper_facets_update AFTER UPDATE OF published_at, categories ON papers
WHEN NEW.published_at IS NOT OLD.published_at OR NEW.categories IS NOT OLD.categories BEGIN
  UPDATE paper_facets SET categories = NEW.categories,
    day = coalesce(substr(NEW.published_at, 1, 10), (SELECT min(listings.listing_date) FROM listing_papers
      JOIN listings ON listings.id = listing_papers.listing_id WHERE listing_papers.arxiv_id = NEW.arxiv_id))
  WHERE id = NEW.id;
END;
CREATE TRIGGER paper_facets_listed AFTER INSERT ON listing_papers BEGIN
  UPDATE paper_facets SET day = (SELECT min(listings.listing_date) FROM listing_papers
      JOIN listings ON listings.id = listing_papers.listing_id WHERE listing_papers.arxiv_id = NEW.arxiv_id)
  WHERE id = (SELECT id FROM papers WHERE arxiv_id = NEW.arxiv_id AND published_at IS NULL);
END;
CREATE TRIGGER paper_facets_unlisted AFTER DELETE ON listing_papers BEGIN
  UPDATE paper_facets SET day = (SELECT min(listings.listing_date) FROM listing_papers
      JOIN listings ON listings.id = listing_papers.listing_id WHERE listing_papers.arxiv_id = OLD.arxiv_id)
  WHERE id = (SELECT id FROM papers WHERE arxiv_id = OLD.arxiv_id AND published_at IS NULL);
END;
`,
  },
  {
    version: 13,
    summary: "full-text index of papers: authors' names as a third column, beside title and abstract",
    // FTS5 cannot add a column: the index is made again and filled from the papers it held (id ≤ indexed_through),
    // so the papers still waiting are indexed by the next search, as before. `authors` is the JSON array itself
    // (external content reads it by name from papers): brackets, quotes and commas are separators to unicode61.
    // A large store pays here about the full-text share of an import (docs/store.md, "Authors in the index").
    sql: `
DROP TABLE papers_fts;
CREATE VIRTUAL TABLE papers_fts USING fts5 (
  title, abstract, authors,
  content = 'papers', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO papers_fts (rowid, title, abstract, authors)
  SELECT id, title, abstract, authors FROM papers
  WHERE id <= (SELECT indexed_through FROM fts_progress WHERE name = 'papers_fts') ORDER BY id;
`,
  },
  {
    version: 14,
    summary: "the indexes from a text's hash to its papers keep the hash's first 16 characters, not all 64",
    // The two indexes only find the papers of a translation's source text (search.ts, translations): 64 bits of a
    // SHA-256 tell papers apart as well as 256, and the full hash is still compared on the row. 96 bytes less per
    // paper (docs/store.md, "Size"); a file that had the old indexes keeps their pages free for new rows.
    sql: `
DROP INDEX papers_title_hash;
DROP INDEX papers_abstract_hash;
CREATE INDEX papers_title_hash_key ON papers (substr(title_hash, 1, 16));
CREATE INDEX papers_abstract_hash_key ON papers (substr(abstract_hash, 1, 16));
`,
  },
  {
    version: 15,
    summary:
      'indexes a bulk import builds at its end, with their SQL, so that the next open builds them after a kill',
    // An import into an empty store drops the papers' secondary indexes and builds each once from sorted keys at its
    // end; a row here says one is still to build (deferred-indexes.ts, docs/store.md "Bulk import").
    sql: `
CREATE TABLE pending_indexes (
  name TEXT PRIMARY KEY,
  sql TEXT NOT NULL
) STRICT;
`,
  },
  {
    version: 16,
    summary:
      'full-text index of papers: each category as one token, so a category filter is a phrase of the MATCH',
    // A category filter checked each full-text match's paper_facets row until 2,000 passed: every match of a common
    // word for a rare category (0.4-0.5 s at 2.7 M papers). As a phrase, FTS5 walks the category's list beside the
    // words'. `category_tokens` is computed from `categories` (a VIRTUAL column: nothing stored), each element one
    // token: '.' becomes 'qq', '-' 'zz', and a '9' ends it, so unicode61 keeps it whole and porter leaves it be
    // (`["cs.LG","q-bio.NC"]` holds csqqlg9 and qzzbioqqnc9). search.ts gives the column a bm25 weight of 0. The
    // index is made again as migration 13 made it, then merged into one segment (a rebuild at 2.7 M papers left 18
    // where the store had 12; docs/store.md, "Categories in the index").
    sql: `
ALTER TABLE papers ADD COLUMN category_tokens TEXT GENERATED ALWAYS AS (
  replace(replace(replace(replace(categories, '"]', '9"]'), '",', '9",'), '.', 'qq'), '-', 'zz')
) VIRTUAL;
DROP TABLE papers_fts;
CREATE VIRTUAL TABLE papers_fts USING fts5 (
  title, abstract, authors, category_tokens,
  content = 'papers', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO papers_fts (rowid, title, abstract, authors, category_tokens)
  SELECT id, title, abstract, authors, category_tokens FROM papers
  WHERE id <= (SELECT indexed_through FROM fts_progress WHERE name = 'papers_fts') ORDER BY id;
INSERT INTO papers_fts (papers_fts) VALUES ('optimize');
`,
  },
];

/** The database's schema version (`PRAGMA user_version`); 0 for a new file. */
export function readSchemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * The database's schema version, read without writing anything; throws `StoreError` when it is newer than the
 * last of `migrations` (the file was written by a newer paperwire, and is left as it was).
 */
export function checkSchemaVersion(
  db: Database,
  path: string,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const found = readSchemaVersion(db);
  if (found > latest) {
    throw new StoreError(
      path,
      `the database has schema version ${found}, but this paperwire only knows up to version ${latest}`,
      { hint: 'it was written by a newer paperwire: upgrade paperwire (npm install -g paperwire@latest)' },
    );
  }
  return found;
}

/**
 * Brings the database at `path` up to the newest migration, all pending migrations in one transaction; a new file
 * gets the schema of the first SQUASHED_VERSION migrations from one script (new-store.ts), then the later ones.
 * `onUpgrade` hears of each migration before it runs on a file that had a schema already (not a new one).
 * Throws `StoreError` when the database is newer than this code, or a migration fails (nothing is applied then).
 */
export function migrate(
  db: Database,
  path: string,
  migrations: readonly Migration[] = MIGRATIONS,
  onUpgrade: (migration: Migration) => void = () => undefined,
): void {
  const latest = migrations.at(-1)?.version ?? 0;
  if (checkSchemaVersion(db, path, migrations) === latest) return;
  // IMMEDIATE takes the write lock before reading the version, so two processes opening a new file cannot
  // both apply migration 1.
  db.transaction(() => {
    let current = readSchemaVersion(db);
    const isUpgrade = current > 0;
    if (current === 0 && isSquashable(migrations)) {
      applyMigration(db, path, { version: SQUASHED_VERSION, summary: 'the new store', sql: NEW_STORE_SQL });
      current = SQUASHED_VERSION;
    }
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      if (isUpgrade) onUpgrade(migration);
      applyMigration(db, path, migration);
    }
  }).immediate();
}

/** Whether `migrations` are the shipped ones through SQUASHED_VERSION at least (tests pass shorter or other lists). */
function isSquashable(migrations: readonly Migration[]): boolean {
  return (
    migrations.length >= SQUASHED_VERSION &&
    MIGRATIONS.slice(0, SQUASHED_VERSION).every((migration, index) => migrations[index] === migration)
  );
}

/** Runs one migration and records its version; throws `StoreError` naming it when it fails. */
function applyMigration(db: Database, path: string, migration: Migration): void {
  try {
    db.exec(migration.sql);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(
      path,
      `schema migration ${migration.version} (${migration.summary}) failed: ${reason}`,
      {
        hint: 'the database was left as it was; report this with the output of `sqlite3 <file> .schema`',
        cause: error,
      },
    );
  }
  db.pragma(`user_version = ${migration.version}`);
}
