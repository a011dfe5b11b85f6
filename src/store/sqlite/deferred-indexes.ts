// Indexes a bulk import into an empty store drops and builds once at its end (sorting beats a random insert per
// paper), and the full-text index's merging it leaves to one merge at its end, with the SQL of that work kept in
// `pending_indexes`, so that whoever opens the store after a kill does it.

import type { Database } from 'better-sqlite3';

/**
 * The indexes of the papers an import fills whose keys do not arrive in order (the hashes are random), or that only
 * later readers need: each paper's insert would otherwise update them at a random page (docs/store.md, "Bulk import").
 */
export const DEFERRABLE_INDEXES = [
  'papers_title_hash_key',
  'papers_abstract_hash_key',
  'papers_stats',
  'paper_facets_day',
] as const;

/** The row of `pending_indexes` that ends a bulk import's full-text merging (deferFtsMerging). */
export const FTS_MERGING = 'papers_fts merging';

/**
 * FTS5 merges each index's segments as they come (`automerge`: every 4 of a level into one, so a term's entries are
 * written again at each level), and all of a level at once when it holds `crisismerge` (16). A bulk import that
 * commits a segment per batch paid for every level: at 300 k papers a third of the index's CPU. Its end restores
 * FTS5's defaults and merges all segments into one, once.
 */
const FTS_MERGING_RESTORE_SQL = [
  "INSERT INTO papers_fts (papers_fts, rank) VALUES ('automerge', 4);",
  "INSERT INTO papers_fts (papers_fts, rank) VALUES ('crisismerge', 16);",
  "INSERT INTO papers_fts (papers_fts) VALUES ('optimize');",
].join('\n');

/**
 * Stops papers_fts from merging its segments until the import ends (FTS5 caps `crisismerge` below its 2,000 segments
 * per level) and records the end's work as pending, inside the caller's transaction. Nothing when already pending.
 */
export function deferFtsMerging(db: Database): void {
  const isPending = db.prepare('SELECT 1 FROM pending_indexes WHERE name = ?').get(FTS_MERGING) !== undefined;
  if (isPending) return;
  db.exec("INSERT INTO papers_fts (papers_fts, rank) VALUES ('automerge', 0)");
  db.exec("INSERT INTO papers_fts (papers_fts, rank) VALUES ('crisismerge', 1999)");
  db.prepare('INSERT INTO pending_indexes (name, sql) VALUES (?, ?)').run(
    FTS_MERGING,
    FTS_MERGING_RESTORE_SQL,
  );
}

/**
 * Drops `names` and records their SQL as pending, inside the caller's transaction (so the drop and the record land
 * together). Indexes already pending or missing are left alone. Returns how many were dropped.
 */
export function deferIndexes(db: Database, names: readonly string[]): number {
  const select = db.prepare<[string], { sql: string }>(
    "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ? AND sql IS NOT NULL",
  );
  const record = db.prepare('INSERT INTO pending_indexes (name, sql) VALUES (?, ?)');
  let dropped = 0;
  for (const name of names) {
    const row = select.get(name);
    if (row === undefined) continue;
    record.run(name, row.sql);
    db.exec(`DROP INDEX "${name}"`);
    dropped += 1;
  }
  return dropped;
}

/**
 * Builds the pending indexes, if any, in a transaction of its own: what opening the store does, and what a reader
 * that names an index (stats' `INDEXED BY`) does first. One read of an empty table when none waits.
 */
export function ensureIndexesBuilt(db: Database): void {
  if (db.prepare('SELECT 1 FROM pending_indexes LIMIT 1').get() === undefined) return;
  // IMMEDIATE: the list is read again under the write lock, so two processes never build an index twice.
  db.transaction(() => buildPendingIndexes(db)).immediate();
}

/**
 * Builds every pending index (and ends the full-text merging) in the order they were recorded, and forgets each
 * record, inside the caller's transaction: a process killed while it runs leaves them all pending, for the next one.
 * Returns how many were built.
 */
export function buildPendingIndexes(db: Database): number {
  const pending = db
    .prepare<[], { name: string; sql: string }>('SELECT name, sql FROM pending_indexes ORDER BY rowid')
    .all();
  for (const { sql } of pending) db.exec(sql);
  db.exec('DELETE FROM pending_indexes');
  return pending.length;
}
