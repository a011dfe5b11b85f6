// Indexes a bulk import into an empty store drops and builds once at its end (sorting beats a random insert per
// paper), with their SQL kept in `pending_indexes`, so that whoever opens the store after a kill builds them.

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
 * Builds every pending index and forgets its record, inside the caller's transaction: a process killed while it
 * runs leaves them all pending, for the next one. Returns how many were built.
 */
export function buildPendingIndexes(db: Database): number {
  const pending = db
    .prepare<[], { name: string; sql: string }>('SELECT name, sql FROM pending_indexes')
    .all();
  for (const { sql } of pending) db.exec(sql);
  db.exec('DELETE FROM pending_indexes');
  return pending.length;
}
