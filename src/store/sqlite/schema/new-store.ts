// A new store's schema in one script: what migrations 1 to 15 leave in an empty file, written out once, so a new
// file is made by one statement list instead of fifteen migrations (some rebuild tables the others made).
// Generated from `sqlite_master` of a store migrated one by one; schema.test.ts proves the two identical.
// Never edit it by hand, and never for a later migration: migrations after SQUASHED_VERSION run on top of it.

/** The migration the script stands for: a new file gets this `user_version`, then every later migration. */
export const SQUASHED_VERSION = 15;

/** The tables, indexes, triggers and full-text indexes, in the order SQLite listed them, and the one row they hold. */
export const NEW_STORE_SQL = `
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
CREATE TABLE paper_versions (
  arxiv_id TEXT NOT NULL REFERENCES papers (arxiv_id) ON DELETE CASCADE,
  version INTEGER NOT NULL CHECK (version >= 1),
  first_seen_at TEXT NOT NULL, submitted_at TEXT,
  PRIMARY KEY (arxiv_id, version)
) STRICT, WITHOUT ROWID;
CREATE TABLE listings (
  id INTEGER PRIMARY KEY,
  listing_date TEXT NOT NULL CHECK (listing_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  source TEXT NOT NULL,
  scope TEXT NOT NULL,
  fetched_at TEXT NOT NULL, url TEXT, is_complete INTEGER CHECK (is_complete IN (0, 1)), incomplete_reason TEXT, announced_count INTEGER NOT NULL DEFAULT 0 CHECK (announced_count >= 0), new_count INTEGER NOT NULL DEFAULT 0 CHECK (new_count >= 0), cross_count INTEGER NOT NULL DEFAULT 0 CHECK (cross_count >= 0), replaced_count INTEGER NOT NULL DEFAULT 0 CHECK (replaced_count >= 0),
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
CREATE TABLE deliveries (
  profile TEXT NOT NULL,
  listing_date TEXT NOT NULL CHECK (listing_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  target TEXT NOT NULL CHECK (length(target) > 0),
  sent_at TEXT NOT NULL,
  PRIMARY KEY (profile, listing_date, target)
) STRICT, WITHOUT ROWID;
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
CREATE TABLE fts_progress (
  name TEXT PRIMARY KEY,
  indexed_through INTEGER NOT NULL CHECK (indexed_through >= 0)
) STRICT, WITHOUT ROWID;
CREATE TABLE embeddings (
  model TEXT NOT NULL CHECK (length(model) > 0),
  key TEXT NOT NULL CHECK (length(key) > 0),
  text_hash TEXT NOT NULL,
  vector BLOB NOT NULL,
  PRIMARY KEY (model, key)
) STRICT, WITHOUT ROWID;
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
CREATE TABLE "digests" (
  profile TEXT NOT NULL,
  listing_date TEXT NOT NULL,
  generated_at TEXT NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (profile, listing_date)
) STRICT, WITHOUT ROWID;
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
CREATE TABLE paper_facets (
  id INTEGER PRIMARY KEY,
  day TEXT,
  categories TEXT NOT NULL
) STRICT;
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
CREATE VIRTUAL TABLE papers_fts USING fts5 (
  title, abstract, authors,
  content = 'papers', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE INDEX papers_title_hash_key ON papers (substr(title_hash, 1, 16));
CREATE INDEX papers_abstract_hash_key ON papers (substr(abstract_hash, 1, 16));
CREATE TABLE pending_indexes (
  name TEXT PRIMARY KEY,
  sql TEXT NOT NULL
) STRICT;
INSERT INTO fts_progress (name, indexed_through) VALUES ('papers_fts', 0);
`;
